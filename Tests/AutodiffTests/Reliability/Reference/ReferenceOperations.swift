import Foundation

/// Reductions, indexing, joining and products of the reference, each the
/// textbook definition as a loop.
extension ReferenceArray {
    /// Reduces over `axes` (already non-negative and distinct) with `combine`,
    /// starting from `initial`, keeping the reduced axes as 1 if `keepDims`.
    func reduce(axes: [Int], keepDims: Bool, initial: Double, _ combine: (Double, Double) -> Double) -> ReferenceArray {
        let kept = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
        var out = [Double](repeating: initial, count: kept.reduce(1, *))
        let outStrides = ReferenceArray.strides(kept)
        for (flat, index) in ReferenceArray.indices(shape).enumerated() {
            var o = 0
            for d in index.indices where !axes.contains(d) { o += index[d] * outStrides[d] }
            out[o] = combine(out[o], values[flat])
        }
        let newShape = keepDims ? kept : shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
        return ReferenceArray(shape: newShape, values: out)
    }

    func sum(axes: [Int], keepDims: Bool = false) -> ReferenceArray {
        reduce(axes: axes, keepDims: keepDims, initial: 0, +)
    }

    /// The maximum, NaN if any element of the slice is NaN (as NumPy).
    func max(axes: [Int], keepDims: Bool = false) -> ReferenceArray {
        reduce(axes: axes, keepDims: keepDims, initial: -.infinity) { a, b in a.isNaN || b.isNaN ? .nan : Swift.max(a, b) }
    }

    /// The elements `start[d], start[d] + step[d], ...` below `end[d]` along each axis.
    func slice(start: [Int], end: [Int], step: [Int]) -> ReferenceArray {
        let picks = shape.indices.map { d in Array(stride(from: start[d], to: end[d], by: step[d])) }
        return pick(picks)
    }

    /// The elements whose index along axis `d` is in `picks[d]`, in that
    /// order (outer indexing, repeats allowed).
    func pick(_ picks: [[Int]]) -> ReferenceArray {
        let newShape = picks.map(\.count)
        let values = ReferenceArray.indices(newShape).map { index in
            self[index.indices.map { picks[$0][index[$0]] }]
        }
        return ReferenceArray(shape: newShape, values: values)
    }

    /// Joins arrays along `axis`.
    static func concatenate(_ arrays: [ReferenceArray], axis: Int) -> ReferenceArray {
        var newShape = arrays[0].shape
        newShape[axis] = arrays.map { $0.shape[axis] }.reduce(0, +)
        let values = indices(newShape).map { index -> Double in
            var i = index[axis]
            for a in arrays {
                if i < a.shape[axis] {
                    var own = index
                    own[axis] = i
                    return a[own]
                }
                i -= a.shape[axis]
            }
            fatalError("unreachable")
        }
        return ReferenceArray(shape: newShape, values: values)
    }

    /// NumPy's `matmul` for ranks 1 to 3: a rank-1 left operand is a row and a
    /// rank-1 right operand a column, removed from the result; batch
    /// dimensions broadcast.
    static func matmul(_ a: ReferenceArray, _ b: ReferenceArray) -> ReferenceArray {
        let a2 = a.rank == 1 ? a.reshaped([1] + a.shape) : a
        let b2 = b.rank == 1 ? b.reshaped(b.shape + [1]) : b
        let (m, k, n) = (a2.shape[a2.rank - 2], a2.shape[a2.rank - 1], b2.shape[b2.rank - 1])
        let batch = referenceBroadcast([Array(a2.shape.dropLast(2)), Array(b2.shape.dropLast(2))])!
        var values = [Double]()
        for batchIndex in indices(batch) {
            for i in 0..<m {
                for j in 0..<n {
                    var total = 0.0
                    for p in 0..<k {
                        total += a2.broadcastValue(at: batchIndex + [i, p]) * b2.broadcastValue(at: batchIndex + [p, j])
                    }
                    values.append(total)
                }
            }
        }
        var shape = batch + [m, n]
        if b.rank == 1 { shape.removeLast() }
        if a.rank == 1 { shape.remove(at: shape.count - (b.rank == 1 ? 1 : 2)) }
        return ReferenceArray(shape: shape, values: values)
    }

    /// `log(sum(exp(x)))` along `axis`, the maximum subtracted first so that
    /// the reference itself does not overflow; `-inf` for an empty slice.
    func logSumExp(axis: Int, keepDims: Bool) -> ReferenceArray {
        let m = max(axes: [axis], keepDims: true)
        let shift = m.map { $0.isFinite ? $0 : 0 }
        let shifted = ReferenceArray.zip(self, shift) { Foundation.exp($0 - $1) }
        let total = shifted.sum(axes: [axis], keepDims: true)
        let result = ReferenceArray.zip(total, shift) { Foundation.log($0) + $1 }
        if keepDims { return result }
        return result.reshaped(shape.indices.filter { $0 != axis }.map { shape[$0] })
    }

    func logSoftmax(axis: Int) -> ReferenceArray {
        ReferenceArray.zip(self, logSumExp(axis: axis, keepDims: true), -)
    }

    /// `exp(x - max) / sum(exp(x - max))` along `axis`.
    func softmax(axis: Int) -> ReferenceArray {
        let shift = max(axes: [axis], keepDims: true).map { $0.isFinite ? $0 : 0 }
        let e = ReferenceArray.zip(self, shift) { Foundation.exp($0 - $1) }
        return ReferenceArray.zip(e, e.sum(axes: [axis], keepDims: true), /)
    }
}
