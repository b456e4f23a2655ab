import Autodiff
import Foundation

/// Reductions (`sum`, `mean`, `max`, `min` over everything, an axis or
/// axes, with `keepDims`), `norm`, and the softmax family.
let reductionOperations: [PropertyOperation] = [
    PropertyOperation(name: "sum()") { choices in
        let x = choices.array(choices.shape(), .standard)
        return PropertyInstance(call: "x.sum()", inputs: [x], library: { $0[0].sum() },
                                reference: { $0[0].sum(axes: Array(0..<$0[0].rank)) })
    },
    PropertyOperation(name: "sum(axis:keepDims:)") { choices in
        let x = choices.array(choices.shape(ranks: 1...3), .standard)
        let axis = choices.axis(rank: x.rank), keep = choices.bool()
        return PropertyInstance(call: "x.sum(axis: \(axis), keepDims: \(keep))", inputs: [x],
                                library: { $0[0].sum(axis: axis, keepDims: keep) },
                                reference: { $0[0].sum(axes: [normalized(axis, rank: x.rank)], keepDims: keep) })
    },
    PropertyOperation(name: "sum(axes:keepDims:)") { choices in
        let x = choices.array(choices.shape(), .standard)
        let axes = choices.axes(rank: x.rank), keep = choices.bool()
        return PropertyInstance(call: "x.sum(axes: \(axes), keepDims: \(keep))", inputs: [x],
                                library: { $0[0].sum(axes: axes, keepDims: keep) },
                                reference: { $0[0].sum(axes: axes.map { normalized($0, rank: x.rank) }, keepDims: keep) })
    },
    PropertyOperation(name: "mean()") { choices in
        let x = choices.array(choices.shape(), .standard)
        return PropertyInstance(call: "x.mean()", inputs: [x], library: { $0[0].mean() },
                                reference: { $0[0].sum(axes: Array(0..<$0[0].rank)).map { $0 / Double(x.count) } })
    },
    PropertyOperation(name: "mean(axis:keepDims:)") { choices in
        let x = choices.array(choices.shape(ranks: 1...3), .standard)
        let axis = choices.axis(rank: x.rank), keep = choices.bool()
        let size = Double(x.shape[normalized(axis, rank: x.rank)])
        return PropertyInstance(call: "x.mean(axis: \(axis), keepDims: \(keep))", inputs: [x],
                                library: { $0[0].mean(axis: axis, keepDims: keep) },
                                reference: { $0[0].sum(axes: [normalized(axis, rank: x.rank)], keepDims: keep).map { $0 / size } })
    },
    maxOperation("max()", all: true, negated: false) { x, _, _ in x.max() },
    maxOperation("max(axis:keepDims:)", all: false, negated: false) { x, axes, keep in x.max(axis: axes[0], keepDims: keep) },
    maxOperation("max(axes:keepDims:)", all: false, negated: false, several: true) { x, axes, keep in x.max(axes: axes, keepDims: keep) },
    maxOperation("min()", all: true, negated: true) { x, _, _ in x.min() },
    maxOperation("min(axis:keepDims:)", all: false, negated: true) { x, axes, keep in x.min(axis: axes[0], keepDims: keep) },
    PropertyOperation(name: "norm") { choices in
        let x = choices.array(choices.shape(), .standard)
        let norm2 = x.values.reduce(0) { $0 + $1 * $1 }
        // The zero vector is a kink (gradient 0 by convention, tested apart).
        if x.count > 0 && norm2 < kinkSeparation { return nil }
        return PropertyInstance(call: "norm(x)", inputs: [x], library: { norm($0[0]) },
                                reference: { ReferenceArray(Foundation.sqrt($0[0].values.reduce(0) { $0 + $1 * $1 })) })
    },
    softmaxFamily("softmax") { x, axis, _ in softmax(x, axis: axis) } reference: { x, axis, _ in x.softmax(axis: axis) },
    softmaxFamily("logSoftmax") { x, axis, _ in logSoftmax(x, axis: axis) } reference: { x, axis, _ in x.logSoftmax(axis: axis) },
    softmaxFamily("logSumExp", keepDims: true) { x, axis, keep in logSumExp(x, axis: axis, keepDims: keep) }
        reference: { x, axis, keep in x.logSumExp(axis: axis, keepDims: keep) },
]

/// `max` or `min` (`negated`) over all axes, one axis or several.
///
/// Ties and empty reductions are not drawn: at a tie the derivative is
/// shared by convention (ConventionTests), central differences disagree;
/// `max()` of an empty tensor traps, and `max(axis:)` over an empty axis
/// gives `-inf` (EmptyTensorTests). A draw is discarded unless the largest
/// element of every reduced slice exceeds the second by `kinkSeparation`.
private func maxOperation(
    _ name: String, all: Bool, negated: Bool, several: Bool = false,
    _ library: @escaping @Sendable (Tensor, [Int], Bool) -> Tensor
) -> PropertyOperation {
    PropertyOperation(name: name) { choices in
        let x = choices.array(choices.shape(ranks: all ? 0...3 : 1...3), .standard)
        let axes = all ? [] : several ? choices.axes(rank: x.rank) : [choices.axis(rank: x.rank)]
        let keep = all ? false : choices.bool()
        let reduced = all ? Array(0..<x.rank) : axes.map { normalized($0, rank: x.rank) }
        if reduced.contains(where: { x.shape[$0] == 0 }) { return nil }
        let signed = negated ? x.map { -$0 } : x
        for slice in slices(signed, axes: reduced) where slice.count > 1 {
            let sorted = slice.sorted(by: >)
            if sorted[0] - sorted[1] < kinkSeparation { return nil }
        }
        let method = negated ? "min" : "max"
        let call = all ? "x.\(method)()" : several ? "x.\(method)(axes: \(axes), keepDims: \(keep))"
            : "x.\(method)(axis: \(axes[0]), keepDims: \(keep))"
        return PropertyInstance(call: call, inputs: [x], library: { library($0[0], axes, keep) }, reference: { xs in
            let m = (negated ? xs[0].map { -$0 } : xs[0]).max(axes: reduced, keepDims: keep)
            return negated ? m.map { -$0 } : m
        })
    }
}

/// The elements of `x` grouped by reduced slice: for each position of the
/// axes that are kept, the values along `axes`.
func slices(_ x: ReferenceArray, axes: [Int]) -> [[Double]] {
    var groups = [[Int]: [Double]]()
    for (flat, index) in ReferenceArray.indices(x.shape).enumerated() {
        let key = index.indices.filter { !axes.contains($0) }.map { index[$0] }
        groups[key, default: []].append(x.values[flat])
    }
    return Array(groups.values)
}

/// `softmax`, `logSoftmax` or `logSumExp` along a drawn axis, on logits
/// in [-4, 4].
private func softmaxFamily(
    _ name: String, keepDims: Bool = false,
    _ library: @escaping @Sendable (Tensor, Int, Bool) -> Tensor,
    reference: @escaping @Sendable (ReferenceArray, Int, Bool) -> ReferenceArray
) -> PropertyOperation {
    PropertyOperation(name: name) { choices in
        let x = choices.array(choices.shape(ranks: 1...3), ValueDomain(-4...4, anchor: 0))
        let axis = choices.axis(rank: x.rank)
        let keep = keepDims && choices.bool()
        let call = keepDims ? "\(name)(x, axis: \(axis), keepDims: \(keep))" : "\(name)(x, axis: \(axis))"
        return PropertyInstance(call: call, inputs: [x], library: { library($0[0], axis, keep) },
                                reference: { reference($0[0], normalized(axis, rank: x.rank), keep) })
    }
}
