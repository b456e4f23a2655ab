import AutodiffKernels

/// Kernel calls for each primitive on concrete tensors: one `switch` on the
/// dtype, then typed kernel code. Shapes are checked before this point.
enum Evaluate {
    // Rank 0 (one number) calls the kernels' scalar functions directly: no
    // array kernel, and the result is held inline (see `Storage`), so no
    // array at all. Scalar code is made of such operations.

    static func unary(_ op: UnaryKernel, _ x: Tensor) -> Tensor {
        switch x.number {
        case .float32(let v)?: return Tensor(number: Kernels.unary(op, v))
        case .float64(let v)?: return Tensor(number: Kernels.unary(op, v))
        case nil: break
        }
        switch x.buffer {
        case .float32(let v): return Tensor(shape: x.shape, Kernels.unary(op, v))
        case .float64(let v): return Tensor(shape: x.shape, Kernels.unary(op, v))
        }
    }

    static func binary(_ op: BinaryKernel, _ a: Tensor, _ b: Tensor) -> Tensor {
        switch (a.number, b.number) {
        case (.float32(let x)?, .float32(let y)?): return Tensor(number: Kernels.binary(op, x, y))
        case (.float64(let x)?, .float64(let y)?): return Tensor(number: Kernels.binary(op, x, y))
        default: break
        }
        let shape = a.shape == b.shape ? a.shape : Shape.broadcast(a.shape, b.shape)!
        switch (a.buffer, b.buffer) {
        case (.float32(let x), .float32(let y)):
            return Tensor(shape: shape, Kernels.binary(op, x, a.shape, y, b.shape, shape: shape))
        case (.float64(let x), .float64(let y)):
            return Tensor(shape: shape, Kernels.binary(op, x, a.shape, y, b.shape, shape: shape))
        default:
            return binary(op, cast(a, to: .float64), cast(b, to: .float64))
        }
    }

    /// `a` with a number on one side, in `a`'s dtype: the number is rounded
    /// to `Float` for a float32 tensor and used as it is for a float64 one.
    static func binary(_ op: BinaryKernel, _ a: Tensor, scalar: Double, scalarOnLeft: Bool) -> Tensor {
        switch a.number {
        case .float32(let v)?:
            let s = Float(scalar)
            return Tensor(number: scalarOnLeft ? Kernels.binary(op, s, v) : Kernels.binary(op, v, s))
        case .float64(let v)?:
            return Tensor(number: scalarOnLeft ? Kernels.binary(op, scalar, v) : Kernels.binary(op, v, scalar))
        case nil: break
        }
        switch a.buffer {
        case .float32(let v): return Tensor(shape: a.shape, Kernels.binary(op, v, scalar: Float(scalar), scalarOnLeft: scalarOnLeft))
        case .float64(let v): return Tensor(shape: a.shape, Kernels.binary(op, v, scalar: scalar, scalarOnLeft: scalarOnLeft))
        }
    }

    static func select(_ c: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = Shape.broadcast(Shape.broadcast(c.shape, a.shape)!, b.shape)!
        switch (a.buffer, b.buffer) {
        case (.float32(let x), .float32(let y)):
            let cv = c.scalars
            return Tensor(shape: shape, Kernels.select(cv, c.shape, x, a.shape, y, b.shape, shape: shape))
        case (.float64(let x), .float64(let y)):
            let cv = c.doubles
            return Tensor(shape: shape, Kernels.select(cv, c.shape, x, a.shape, y, b.shape, shape: shape))
        default:
            return select(c, cast(a, to: .float64), cast(b, to: .float64))
        }
    }

    /// Reduces over `axes` one axis at a time, innermost first.
    static func reduce(_ op: ReduceKernel, _ x: Tensor, axes: [Int]) -> Tensor {
        var shape = x.shape
        var buffer = x.buffer
        for axis in axes.sorted(by: >) {
            let outer = shape[..<axis].reduce(1, *)
            let inner = shape[(axis + 1)...].reduce(1, *)
            let size = shape[axis]
            switch buffer {
            case .float32(let v): buffer = .float32(Kernels.reduce(op, v, outer: outer, size: size, inner: inner))
            case .float64(let v): buffer = .float64(Kernels.reduce(op, v, outer: outer, size: size, inner: inner))
            }
            shape.remove(at: axis)
        }
        return Tensor(shape: shape, buffer: buffer)
    }

    static func broadcast(_ x: Tensor, to shape: [Int]) -> Tensor {
        switch x.buffer {
        case .float32(let v): Tensor(shape: shape, Kernels.broadcast(v, from: x.shape, to: shape))
        case .float64(let v): Tensor(shape: shape, Kernels.broadcast(v, from: x.shape, to: shape))
        }
    }

    static func transpose(_ x: Tensor, _ permutation: [Int]) -> Tensor {
        let shape = permutation.map { x.shape[$0] }
        // Moving only axes of length 1 leaves every number in place.
        let moved = permutation.filter { x.shape[$0] != 1 }
        if zip(moved, moved.dropFirst()).allSatisfy({ $0 < $1 }) { return Tensor(shape: shape, buffer: x.buffer) }
        switch x.buffer {
        case .float32(let v): return Tensor(shape: shape, Kernels.transpose(v, shape: x.shape, permutation: permutation))
        case .float64(let v): return Tensor(shape: shape, Kernels.transpose(v, shape: x.shape, permutation: permutation))
        }
    }

    /// The offset and strides that read `box` out of its source tensor.
    private static func layout(_ box: SliceBox) -> (offset: Int, strides: [Int]) {
        let strides = Shape.strides(box.source)
        var offset = 0
        for d in 0..<strides.count { offset += box.start[d] * strides[d] }
        return (offset, (0..<strides.count).map { strides[$0] * box.step[$0] })
    }

    static func slice(_ x: Tensor, _ box: SliceBox) -> Tensor {
        let (offset, strides) = layout(box)
        let shape = box.shape
        switch x.buffer {
        case .float32(let v): return Tensor(shape: shape, Kernels.stridedRead(v, offset: offset, strides: strides, shape: shape))
        case .float64(let v): return Tensor(shape: shape, Kernels.stridedRead(v, offset: offset, strides: strides, shape: shape))
        }
    }

    static func unslice(_ g: Tensor, _ box: SliceBox) -> Tensor {
        let (offset, strides) = layout(box)
        let count = Shape.count(box.source)
        switch g.buffer {
        case .float32(let v):
            return Tensor(shape: box.source, Kernels.stridedWrite(v, shape: g.shape, into: count, offset: offset, strides: strides))
        case .float64(let v):
            return Tensor(shape: box.source, Kernels.stridedWrite(v, shape: g.shape, into: count, offset: offset, strides: strides))
        }
    }

    /// `[outer, size, inner]` around `axis`.
    private static func split(_ shape: [Int], _ axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    static func gather(_ x: Tensor, _ indices: [Int], axis: Int) -> Tensor {
        let (outer, size, inner) = split(x.shape, axis)
        var shape = x.shape
        shape[axis] = indices.count
        switch x.buffer {
        case .float32(let v): return Tensor(shape: shape, Kernels.gather(v, outer: outer, size: size, inner: inner, indices: indices))
        case .float64(let v): return Tensor(shape: shape, Kernels.gather(v, outer: outer, size: size, inner: inner, indices: indices))
        }
    }

    static func scatterAdd(_ g: Tensor, _ indices: [Int], axis: Int, size: Int) -> Tensor {
        let (outer, _, inner) = split(g.shape, axis)
        var shape = g.shape
        shape[axis] = size
        switch g.buffer {
        case .float32(let v): return Tensor(shape: shape, Kernels.scatterAdd(v, outer: outer, size: size, inner: inner, indices: indices))
        case .float64(let v): return Tensor(shape: shape, Kernels.scatterAdd(v, outer: outer, size: size, inner: inner, indices: indices))
        }
    }

    static func concatenate(_ parts: [Tensor], axis: Int) -> Tensor {
        let (outer, _, inner) = split(parts[0].shape, axis)
        let sizes = parts.map { $0.shape[axis] }
        var shape = parts[0].shape
        shape[axis] = sizes.reduce(0, +)
        switch parts[0].dtype {
        case .float32:
            let arrays = parts.map { $0.scalars }
            return Tensor(shape: shape, Kernels.concatenate(arrays, outer: outer, sizes: sizes, inner: inner))
        case .float64:
            let arrays = parts.map { $0.doubles }
            return Tensor(shape: shape, Kernels.concatenate(arrays, outer: outer, sizes: sizes, inner: inner))
        }
    }

    /// `op(a) x op(b)` over the last two axes, `op` transposing when asked.
    static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        let r = a.rank
        let (m, k) = transposeA ? (a.shape[r - 1], a.shape[r - 2]) : (a.shape[r - 2], a.shape[r - 1])
        let n = transposeB ? b.shape[r - 2] : b.shape[r - 1]
        let batch = r == 3 ? a.shape[0] : 1
        let shape = r == 3 ? [batch, m, n] : [m, n]
        switch (a.buffer, b.buffer) {
        case (.float32(let x), .float32(let y)):
            return Tensor(shape: shape, Kernels.matmul(
                x, y, batch: batch, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB))
        case (.float64(let x), .float64(let y)):
            return Tensor(shape: shape, Kernels.matmul(
                x, y, batch: batch, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB))
        default:
            return matmul(cast(a, to: .float64), cast(b, to: .float64), transposeA: transposeA, transposeB: transposeB)
        }
    }

    // Not inlined into its callers (binary, select, matmul), where the
    // conversion loops would only take room on their fast paths.
    @inline(never)
    static func cast(_ x: Tensor, to dtype: DType) -> Tensor {
        switch (x.buffer, dtype) {
        case (.float32, .float32), (.float64, .float64): x.constant
        case (.float32(let v), .float64): Tensor(shape: x.shape, Kernels.widen(v))
        case (.float64(let v), .float32): Tensor(shape: x.shape, Kernels.narrow(v))
        }
    }
}
