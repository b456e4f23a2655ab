/// Batching rules: how each primitive runs on a whole batch at once, for
/// `vmap` and for the Jacobians built on it.
///
/// A batched operand carries the batch as an extra leading axis of `size`
/// entries; an unbatched operand is the same for every example. Every rule
/// returns its output with the batch leading. The rules are written with
/// primitives one level down, so a batched computation is itself
/// differentiable and can be batched again.
extension Primitive {
    func batched(_ x: [Tensor], _ isBatched: [Bool], size: Int) -> Tensor {
        switch self {
        case .neg, .exp, .log, .sin, .cos, .tanh, .sqrt, .abs, .cast:
            return apply(self, x[0])
        case .add, .sub, .mul, .strongZeroMul, .div, .pow, .select:
            // Broadcasting aligns trailing axes: the batch axis goes in
            // front of the example's full rank, past every other operand's axes.
            let rank = zip(x, isBatched).map { $1 ? $0.rank - 1 : $0.rank }.max()!
            return apply(self, zip(x, isBatched).map { $1 ? $0.batchLeading(exampleRank: rank) : $0 })
        case .sum(let axes):
            return apply(.sum(axes: axes.map { $0 + 1 }), x[0])
        case .max(let axes):
            return apply(.max(axes: axes.map { $0 + 1 }), x[0])
        case .reshape(let shape):
            return apply(.reshape(shape: [size] + shape), x[0])
        case .broadcast(let shape):
            return apply(.broadcast(shape: [size] + shape), x[0].batchLeading(exampleRank: shape.count))
        case .transpose(let permutation):
            return apply(.transpose(permutation: [0] + permutation.map { $0 + 1 }), x[0])
        case .slice(let box):
            return apply(.slice(box.batched(size)), x[0])
        case .unslice(let box):
            return apply(.unslice(box.batched(size)), x[0])
        case .gather(let indices, let axis):
            return apply(.gather(indices: indices, axis: axis + 1), x[0])
        case .scatterAdd(let indices, let axis, let size):
            return apply(.scatterAdd(indices: indices, axis: axis + 1, size: size), x[0])
        case .concatenate(let axis):
            let parts = zip(x, isBatched).map { $1 ? $0 : $0.repeated(size) }
            return apply(.concatenate(axis: axis + 1), parts)
        case .matmul(let tA, let tB):
            return Primitive.batchedMatmul(x[0], isBatched[0], x[1], isBatched[1], tA, tB, size: size)
        case .custom(let custom):
            return custom.batched(x, isBatched, size)
        }
    }

    /// A matrix product with a batch on either or both operands, as few
    /// large products as possible: a batch on one side folds into that
    /// side's rows, so the other operand is never copied once per example.
    static func batchedMatmul(
        _ a: Tensor, _ aBatched: Bool, _ b: Tensor, _ bBatched: Bool,
        _ tA: Bool, _ tB: Bool, size: Int
    ) -> Tensor {
        let rank = aBatched ? a.rank - 1 : a.rank
        if rank == 3 || (aBatched && bBatched) {
            // Stacked products already: fold the batch into their stack.
            let a = aBatched ? a : a.repeated(size), b = bBatched ? b : b.repeated(size)
            if rank == 2 { return Autodiff.matmul(a, b, transposeA: tA, transposeB: tB) }
            // Sizes spelled out rather than -1, which cannot be inferred
            // when a dimension is 0.
            let stack = { (x: Tensor) in x.reshaped([x.shape[0] * x.shape[1]] + x.shape.suffix(2)) }
            let y = Autodiff.matmul(stack(a), stack(b), transposeA: tA, transposeB: tB)
            return y.reshaped([size, a.shape[1]] + y.shape.suffix(2))
        }
        if aBatched {
            // Rows of every example's op(A) stacked: [size * m, k] x op(B).
            let rows = tA ? a.transposed([0, 2, 1]) : a
            let m = rows.shape[1]
            let y = Autodiff.matmul(rows.reshaped([size * m, rows.shape[2]]), b, transposeA: false, transposeB: tB)
            return y.reshaped([size, m, y.shape[1]])
        }
        // op(A) op(B_i) = (op(B_i)ᵀ op(A)ᵀ)ᵀ, with every op(B_i)ᵀ stacked.
        let rows = tB ? b : b.transposed([0, 2, 1])
        let n = rows.shape[1]
        let y = Autodiff.matmul(rows.reshaped([size * n, rows.shape[2]]), a, transposeA: false, transposeB: !tA)
        return y.reshaped([size, n, y.shape[1]]).transposed([0, 2, 1])
    }
}

extension SliceBox {
    /// The same box in every example of a batch of `size`.
    func batched(_ size: Int) -> SliceBox {
        SliceBox(source: [size] + source, start: [0] + start, end: [size] + end, step: [1] + step)
    }
}

extension Tensor {
    /// A batched tensor (batch leading) with ones inserted after the batch
    /// axis until each example has `exampleRank` axes, so that it
    /// broadcasts against unbatched operands of that rank.
    func batchLeading(exampleRank: Int) -> Tensor {
        let missing = exampleRank - (rank - 1)
        if missing == 0 { return self }
        return apply(.reshape(shape: [shape[0]] + Array(repeating: 1, count: missing) + shape.dropFirst()), self)
    }

    /// `size` copies of an unbatched tensor along a new leading axis.
    func repeated(_ size: Int) -> Tensor {
        apply(.broadcast(shape: [size] + shape), apply(.reshape(shape: [1] + shape), self))
    }
}

/// An elementwise function with no derivative (a comparison, `sign`),
/// evaluated on the operands' numbers: no differentiating transform sees
/// it, inside `vmap` it runs once on the whole batch, and a staged program
/// records it.
func withoutDerivative(_ operands: [Tensor], _ evaluate: @escaping ([Tensor]) -> Tensor) -> Tensor {
    let x = operands.map(\.constant)
    guard let top = x.compactMap(\.tracer).max(by: { $0.level < $1.level }) else { return evaluate(x) }
    if case .staged(let staged) = top { return staged.trace.record(.withoutDerivative(evaluate), x) }
    guard case .batch(let tracer) = top else { return evaluate(x) }
    let batch = tracer.trace
    let isBatched = x.map { $0.tracer?.level == top.level }
    let rank = x.map(\.rank).max()!
    let aligned = zip(x, isBatched).map { $1 ? $0.lowered(at: top.level).batchLeading(exampleRank: rank) : $0 }
    return Tensor(batch: withoutDerivative(aligned, evaluate), trace: batch)
}
