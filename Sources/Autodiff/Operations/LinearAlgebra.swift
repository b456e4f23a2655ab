/// The matrix product over the last two axes.
///
/// - `[m, k] x [k, n] -> [m, n]`
/// - `[b, m, k] x [b, k, n] -> [b, m, n]` (batched); a rank-2 operand is
///   shared by every batch entry.
/// - A rank-1 operand is a row (left) or a column (right) vector, and its
///   axis is removed from the result, as NumPy.
///
/// Derivatives: `g Bᵀ` for `A` and `Aᵀ g` for `B`.
public func matmul(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let site = CallSite(file, line)
    func mismatch() -> Never {
        fail("matmul: shapes \(a.shape) and \(b.shape) do not align: the last axis of the first (\(a.shape.last ?? 0)) must equal the \(b.rank == 1 ? "only" : "second-to-last") axis of the second (\(b.rank >= 2 ? b.shape[b.rank - 2] : b.shape.first ?? 0)). Transpose an operand (x.transposed()) if it is the wrong way round", at: site)
    }
    if a.rank == 0 || b.rank == 0 || a.rank > 3 || b.rank > 3 {
        fail("matmul: operands of rank 1, 2 or 3 are supported; got shapes \(a.shape) and \(b.shape). Use * for elementwise products", at: site)
    }
    // Check here, with the caller's shapes, before vectors become matrices.
    let inner = b.rank == 1 ? b.shape[0] : b.shape[b.rank - 2]
    if a.shape[a.rank - 1] != inner { mismatch() }
    if a.rank == 1 {
        let y = matmul(a.reshaped([1, a.shape[0]]), b, file: file, line: line)  // [1] for a 1-d b, else [..., 1, n]
        var shape = y.shape
        shape.remove(at: b.rank == 1 ? 0 : y.rank - 2)
        return y.reshaped(shape)
    }
    if b.rank == 1 { return matmul(a, b.reshaped([b.shape[0], 1]), file: file, line: line).reshaped(Array(a.shape.dropLast())) }
    let (x, y) = a.dtype == b.dtype ? (a, b) : (a.cast(to: .float64), b.cast(to: .float64))
    switch (a.rank, b.rank) {
    case (2, 2):
        return matmul(x, y, transposeA: false, transposeB: false)
    case (3, 2):
        // One product with the batch folded into the rows.
        let (batch, m, k, n) = (a.shape[0], a.shape[1], a.shape[2], b.shape[1])
        return matmul(x.reshaped([batch * m, k]), y, transposeA: false, transposeB: false).reshaped([batch, m, n])
    case (2, 3):
        return matmul(x.broadcast(to: [b.shape[0]] + a.shape), y, transposeA: false, transposeB: false)
    default:
        if a.shape[0] != b.shape[0] {
            if a.shape[0] == 1 { return matmul(x.reshaped(Array(a.shape.dropFirst())), y, file: file, line: line) }
            if b.shape[0] == 1 { return matmul(x, y.reshaped(Array(b.shape.dropFirst())), file: file, line: line) }
            fail("matmul: batch sizes differ: shapes \(a.shape) and \(b.shape); they must be equal or 1", at: site)
        }
        return matmul(x, y, transposeA: false, transposeB: false)
    }
}

/// The dot product, NumPy's `dot` for ranks up to 2:
/// 1-d · 1-d gives a rank-0 tensor, 2-d · 1-d a matrix-vector product,
/// 1-d · 2-d a vector-matrix product, 2-d · 2-d a matrix product.
public func dot(_ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    switch (a.rank, b.rank) {
    case (1, 1):
        if a.shape != b.shape {
            fail("dot: vectors of shapes \(a.shape) and \(b.shape) differ in length; they must be equal", at: CallSite(file, line))
        }
        // Two elementwise primitives record less than matmul's reshapes, and a
        // vector product is bound by memory either way.
        return (a * b).sum()
    case (1, 2), (2, 1), (2, 2):
        return matmul(a, b, file: file, line: line)
    default:
        fail("dot: operands of rank 1 or 2 are supported; got shapes \(a.shape) and \(b.shape). Use matmul for batches and * for elementwise products", at: CallSite(file, line))
    }
}

/// The Euclidean norm of all elements, rank 0.
///
/// Its gradient `x / norm(x)` is taken as zero at the zero vector (finite,
/// not NaN): zero is a subgradient there.
public func norm(_ x: Tensor) -> Tensor {
    sqrt((x * x).sum())
}
