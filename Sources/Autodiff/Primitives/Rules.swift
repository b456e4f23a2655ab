/// Evaluation and derivative rules of one primitive.
///
/// Names, as in every rule below: `x` the operands, `y` the output, `dx` the
/// operands' tangents,
/// `g` the output's cotangent, `wants[i]` whether operand `i` needs its
/// cotangent. A tangent is nil for an operand that is constant at the
/// level: its term is skipped, not computed as zeros (one operand of a
/// one-operand primitive always has a tangent). The derivative rules are written with `Tensor` operations, so
/// they are themselves differentiable: that is all higher derivatives need.
struct Rule {
    let evaluate: (_ x: [Tensor]) -> Tensor
    let jvp: (_ x: [Tensor], _ y: Tensor, _ dx: [Tensor?]) -> Tensor
    let vjp: (_ x: [Tensor], _ y: Tensor, _ g: Tensor, _ wants: Wants) -> [Tensor?]
}

/// Which operands of a recorded primitive need a cotangent: those on the
/// tape (a view of the record's operand nodes, so nothing is allocated).
struct Wants {
    let nodes: ArraySlice<Int>
    init(nodes: ArraySlice<Int>) { self.nodes = nodes }
    init(nodes: [Int]) { self.nodes = nodes[...] }
    subscript(_ i: Int) -> Bool { nodes[nodes.startIndex + i] >= 0 }
}

extension Primitive {
    /// The rules table: one entry per primitive, its evaluation, JVP and VJP
    /// side by side. Local derivatives are applied with `times` (an exact
    /// zero wins), so zero tangents and cotangents stay zero.
    var rule: Rule {
        switch self {
        case .neg:
            Rule(evaluate: { x in Evaluate.unary(.neg, x[0]) },
                 jvp: { _, _, dx in -dx[0]! },
                 vjp: { _, _, g, _ in [-g] })
        case .exp:
            Rule(evaluate: { x in Evaluate.unary(.exp, x[0]) },
                 jvp: { _, y, dx in dx[0]!.times(y) },
                 vjp: { _, y, g, _ in [g.times(y)] })
        case .log:
            Rule(evaluate: { x in Evaluate.unary(.log, x[0]) },
                 jvp: { x, _, dx in dx[0]!.times(1 / x[0]) },
                 vjp: { x, _, g, _ in [FusedDerivative.log(g, x[0])] })
        case .sin:
            Rule(evaluate: { x in Evaluate.unary(.sin, x[0]) },
                 jvp: { x, _, dx in dx[0]!.times(Autodiff.cos(x[0])) },
                 vjp: { x, _, g, _ in [FusedDerivative.sin(g, x[0])] })
        case .cos:
            Rule(evaluate: { x in Evaluate.unary(.cos, x[0]) },
                 jvp: { x, _, dx in dx[0]!.times(-Autodiff.sin(x[0])) },
                 vjp: { x, _, g, _ in [FusedDerivative.cos(g, x[0])] })
        case .tanh:
            Rule(evaluate: { x in Evaluate.unary(.tanh, x[0]) },
                 jvp: { _, y, dx in dx[0]!.times(1 - y * y) },
                 vjp: { _, y, g, _ in [FusedDerivative.tanh(g, y)] })
        case .sqrt:
            Rule(evaluate: { x in Evaluate.unary(.sqrt, x[0]) },
                 jvp: { _, y, dx in dx[0]!.times(0.5 / y) },
                 vjp: { _, y, g, _ in [FusedDerivative.sqrt(g, y)] })
        case .abs:
            // abs'(0) = sign(0) = 0.
            Rule(evaluate: { x in Evaluate.unary(.abs, x[0]) },
                 jvp: { x, _, dx in dx[0]!.times(sign(x[0])) },
                 vjp: { x, _, g, _ in [g.times(sign(x[0]))] })
        case .add:
            Rule(evaluate: { x in Evaluate.binary(.add, x[0], x[1]) },
                 jvp: { _, y, dx in tangentSum([dx[0], dx[1]], like: y) },
                 vjp: { x, _, g, wants in
                     [wants[0] ? g.unbroadcast(to: x[0].shape) : nil,
                      wants[1] ? g.unbroadcast(to: x[1].shape) : nil] })
        case .sub:
            Rule(evaluate: { x in Evaluate.binary(.sub, x[0], x[1]) },
                 jvp: { _, y, dx in tangentSum([dx[0], dx[1].map { -$0 }], like: y) },
                 vjp: { x, _, g, wants in
                     [wants[0] ? g.unbroadcast(to: x[0].shape) : nil,
                      wants[1] ? (-g).unbroadcast(to: x[1].shape) : nil] })
        case .mul, .strongZeroMul:
            Rule(evaluate: { [kernel = binaryKernel!] x in Evaluate.binary(kernel, x[0], x[1]) },
                 jvp: { x, y, dx in tangentSum([dx[0]?.times(x[1]), dx[1].map { x[0].times($0) }], like: y) },
                 vjp: { x, _, g, wants in
                     [wants[0] ? g.times(x[1]).unbroadcast(to: x[0].shape) : nil,
                      wants[1] ? g.times(x[0]).unbroadcast(to: x[1].shape) : nil] })
        case .div:
            Rule(evaluate: { x in Evaluate.binary(.div, x[0], x[1]) },
                 jvp: { x, y, dx in tangentSum([dx[0]?.times(1 / x[1]), dx[1].map { -$0.times(y / x[1]) }], like: y) },
                 vjp: { x, y, g, wants in
                     [wants[0] ? g.times(1 / x[1]).unbroadcast(to: x[0].shape) : nil,
                      wants[1] ? (-g.times(y / x[1])).unbroadcast(to: x[1].shape) : nil] })
        case .pow:
            // d/da a^b = b a^(b-1) (zero when b = 0, even at a = 0);
            // d/db a^b = a^b log(a), taken as 0 at a = 0 as JAX does.
            Rule(evaluate: { x in Evaluate.binary(.pow, x[0], x[1]) },
                 jvp: { x, y, dx in
                     tangentSum([dx[0]?.times(Primitive.powBaseSlope(x)), dx[1]?.times(Primitive.powExponentSlope(x, y))], like: y) },
                 vjp: { x, y, g, wants in
                     [wants[0] ? g.times(Primitive.powBaseSlope(x)).unbroadcast(to: x[0].shape) : nil,
                      wants[1] ? g.times(Primitive.powExponentSlope(x, y)).unbroadcast(to: x[1].shape) : nil] })
        case .select:
            // The branch not taken gets an exact zero, which `times` keeps zero
            // through infinite local derivatives (no "double where" needed).
            Rule(evaluate: { x in Evaluate.select(x[0], x[1], x[2]) },
                 jvp: { x, y, dx in
                     let zero = Tensor.zeros([], dtype: y.dtype)
                     return tangentSum([Autodiff.select(x[0], dx[1] ?? zero, dx[2] ?? zero)], like: y) },
                 vjp: { x, _, g, wants in
                     let zero = Tensor.zeros([], dtype: g.dtype)
                     return [nil,
                             wants[1] ? Autodiff.select(x[0], g, zero).unbroadcast(to: x[1].shape) : nil,
                             wants[2] ? Autodiff.select(x[0], zero, g).unbroadcast(to: x[2].shape) : nil] })
        case .sum(let axes):
            Rule(evaluate: { x in Evaluate.reduce(.sum, x[0], axes: axes) },
                 jvp: { _, _, dx in dx[0]!.sum(axes: axes) },
                 vjp: { x, _, g, _ in
                     // Leading axes (every `sum()`) come back by broadcasting
                     // alone, which adds axes in front: no reshape to record.
                     // Not broadcast back: the sweep broadcasts a cotangent
                     // when a rule needs it whole, and elementwise rules
                     // broadcast it as they compute (W6's backward pass
                     // writes no array of ones).
                     let kept = axes.elementsEqual(0..<axes.count) ? g : g.reshaped(Primitive.keptShape(x[0].shape, axes))
                     return [kept] })
        case .max(let axes):
            // Ties share the derivative evenly: each of k tied maxima gets 1/k.
            Rule(evaluate: { x in Evaluate.reduce(.max, x[0], axes: axes) },
                 jvp: { x, y, dx in
                     let (mask, count) = Primitive.maxima(x[0], y, axes)
                     return dx[0]!.times(mask).sum(axes: axes) / count },
                 vjp: { x, y, g, _ in
                     let (mask, count) = Primitive.maxima(x[0], y, axes)
                     let kept = Primitive.keptShape(x[0].shape, axes)
                     return [(g / count).reshaped(kept).broadcast(to: x[0].shape).times(mask)] })
        case .reshape(let shape):
            Rule(evaluate: { x in Tensor(shape: shape, buffer: x[0].buffer) },
                 jvp: { _, _, dx in dx[0]!.reshaped(shape) },
                 vjp: { x, _, g, _ in [g.reshaped(x[0].shape)] })
        case .broadcast(let shape):
            Rule(evaluate: { x in Evaluate.broadcast(x[0], to: shape) },
                 jvp: { _, _, dx in dx[0]!.broadcast(to: shape) },
                 vjp: { x, _, g, _ in [g.unbroadcast(to: x[0].shape)] })
        case .transpose(let permutation):
            Rule(evaluate: { x in Evaluate.transpose(x[0], permutation) },
                 jvp: { _, _, dx in dx[0]!.transposed(permutation) },
                 vjp: { _, _, g, _ in [g.transposed(Primitive.inverse(permutation))] })
        case .slice(let box):
            Rule(evaluate: { x in Evaluate.slice(x[0], box) },
                 jvp: { _, _, dx in apply(.slice(box), dx[0]!) },
                 vjp: { _, _, g, _ in [apply(.unslice(box), [g])] })
        case .unslice(let box):
            Rule(evaluate: { x in Evaluate.unslice(x[0], box) },
                 jvp: { _, _, dx in apply(.unslice(box), dx[0]!) },
                 vjp: { _, _, g, _ in [apply(.slice(box), [g])] })
        case .gather(let indices, let axis):
            Rule(evaluate: { x in Evaluate.gather(x[0], indices, axis: axis) },
                 jvp: { _, _, dx in apply(.gather(indices: indices, axis: axis), dx[0]!) },
                 vjp: { x, _, g, _ in
                     [apply(.scatterAdd(indices: indices, axis: axis, size: x[0].shape[axis]), [g])] })
        case .scatterAdd(let indices, let axis, let size):
            Rule(evaluate: { x in Evaluate.scatterAdd(x[0], indices, axis: axis, size: size) },
                 jvp: { _, _, dx in apply(.scatterAdd(indices: indices, axis: axis, size: size), dx[0]!) },
                 vjp: { _, _, g, _ in [apply(.gather(indices: indices, axis: axis), [g])] })
        case .concatenate(let axis):
            Rule(evaluate: { x in Evaluate.concatenate(x, axis: axis) },
                 jvp: { x, _, dx in apply(.concatenate(axis: axis), Primitive.zeroFilled(dx, x)) },
                 vjp: { x, _, g, wants in
                     var start = 0
                     return x.indices.map { i in
                         defer { start += x[i].shape[axis] }
                         guard wants[i] else { return nil }
                         return g.slice(axis: axis, start..<(start + x[i].shape[axis]))
                     } })
        case .matmul(let tA, let tB):
            // C = op(A) op(B): the cotangent of op(A) is g op(B)ᵀ and of op(B)
            // is op(A)ᵀ g; transposed back where an operand is stored transposed.
            Rule(evaluate: { x in Evaluate.matmul(x[0], x[1], transposeA: tA, transposeB: tB) },
                 jvp: { x, y, dx in
                     tangentSum([dx[0].map { Autodiff.matmul($0, x[1], transposeA: tA, transposeB: tB) },
                                 dx[1].map { Autodiff.matmul(x[0], $0, transposeA: tA, transposeB: tB) }], like: y) },
                 vjp: { x, _, g, wants in
                     [wants[0] ? (tA ? Autodiff.matmul(x[1], g, transposeA: tB, transposeB: true)
                                     : Autodiff.matmul(g, x[1], transposeA: false, transposeB: !tB)) : nil,
                      wants[1] ? (tB ? Autodiff.matmul(g, x[0], transposeA: true, transposeB: tA)
                                     : Autodiff.matmul(x[0], g, transposeA: !tA, transposeB: false)) : nil] })
        case .cast(let dtype):
            Rule(evaluate: { x in Evaluate.cast(x[0], to: dtype) },
                 jvp: { _, _, dx in dx[0]!.cast(to: dtype) },
                 vjp: { x, _, g, _ in [g.cast(to: x[0].dtype)] })
        case .custom(let custom):
            Rule(evaluate: custom.evaluate, jvp: custom.jvp, vjp: custom.vjp)
        }
    }
}

// Helpers of the rules above.
extension Primitive {
    /// The shape of a reduction's output with the reduced axes kept as 1.
    static func keptShape(_ shape: [Int], _ axes: [Int]) -> [Int] {
        var kept = shape
        for axis in axes { kept[axis] = 1 }
        return kept
    }

    static func inverse(_ permutation: [Int]) -> [Int] {
        var inverse = permutation
        for (i, p) in permutation.enumerated() { inverse[p] = i }
        return inverse
    }

    /// Where `x` attains its maximum `y` (1 there, else 0) and how many
    /// times per reduced slice. Both are constants: the location of a
    /// maximum has no derivative.
    static func maxima(_ x: Tensor, _ y: Tensor, _ axes: [Int]) -> (mask: Tensor, count: Tensor) {
        let mask = x.constant .== y.constant.reshaped(keptShape(x.shape, axes)).broadcast(to: x.shape)
        // A NaN maximum equals no element: count 1 keeps the derivative 0, not 0/0.
        return (mask, maximum(mask.sum(axes: axes), Tensor.scalar(1, like: mask)))
    }

    /// The tangents with zeros for the constant operands, for rules that
    /// need every operand's tangent.
    static func zeroFilled(_ dx: [Tensor?], _ x: [Tensor]) -> [Tensor] {
        zip(dx, x).map { $0 ?? Tensor.zeros(like: $1) }
    }

    static func powBaseSlope(_ x: [Tensor]) -> Tensor {
        x[1].times(Autodiff.pow(x[0], x[1] - 1))
    }

    static func powExponentSlope(_ x: [Tensor], _ y: Tensor) -> Tensor {
        let base = x[0].constant
        let safeBase = Autodiff.select(base .== 0, Tensor.ones([], dtype: base.dtype), x[0])
        return y.times(Autodiff.log(safeBase))
    }
}

extension Tensor {
    /// The product of two tensors in which an exact zero on either side wins
    /// (`0 * inf == 0`): how every derivative rule applies a local derivative.
    func times(_ other: Tensor) -> Tensor {
        if other.isUntracedOne(as: self) { return self }
        if isUntracedOne(as: other) { return other }
        return binaryOperation(.strongZeroMul, self, other, name: "times")
    }

    /// Whether `self` is the number 1 of `other`'s dtype, constant to every
    /// active transform, so that `other.times(self)` is `other` bit for bit
    /// (`1 * x` is `x` for every float, NaN and infinities included). The
    /// cotangent that `grad` seeds is such a 1, and `sum`'s rule passes it on
    /// unbroadcast: `mul`'s rule under a `sum()` then shares its operands'
    /// buffers instead of writing two arrays (W6's backward pass).
    @inline(__always)
    func isUntracedOne(as other: Tensor) -> Bool {
        guard tracer == nil, let number, dtype == other.dtype else { return false }
        return switch number {
        case .float32(let v): v == 1
        case .float64(let v): v == 1
        }
    }

    /// Sums `self` down to `shape`, undoing NumPy broadcasting: the
    /// cotangent of a broadcast operand.
    ///
    /// A cotangent that is smaller than `shape` (the sweep broadcasts
    /// lazily: it then stands for its broadcast) comes back as it is where
    /// no axis needs summing: the sweep passes one only to a rule whose
    /// operands all have the output's shape.
    func unbroadcast(to shape: [Int]) -> Tensor {
        if self.shape == shape { return self }
        let extra = Swift.max(0, rank - shape.count)
        var axes = Array(0..<extra)
        var kept: [Int] = []
        for i in extra..<rank {
            let target = shape[shape.count - (rank - i)]
            if target == 1 && self.shape[i] != 1 { axes.append(i); kept.append(1) } else { kept.append(self.shape[i]) }
        }
        if axes.isEmpty { return self }
        let reduced = sum(axes: axes)
        return reduced.shape == kept ? reduced : reduced.reshaped(kept)
    }

}

/// The sum of the tangent terms of the operands that have one, shaped like
/// the output `y` (a term may have an operand's smaller, broadcast shape).
func tangentSum(_ terms: [Tensor?], like y: Tensor) -> Tensor {
    let present = terms.compactMap { $0 }
    let sum = present.dropFirst().reduce(present[0], +)
    return sum.shape == y.shape ? sum : sum.broadcast(to: y.shape)
}

/// The `matmul` primitive, for rules, the public `matmul` and layers that
/// keep a matrix transposed (`Linear`'s weight): no transposed copy is made.
package func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
    apply(.matmul(transposeA: transposeA, transposeB: transposeB), [a, b])
}
