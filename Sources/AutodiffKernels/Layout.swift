/// Data movement: broadcast, transpose and slice are one strided read;
/// the adjoint of a slice is one strided write into zeros.
extension Kernels {
    /// Reads `shape` elements from `x`, the element at index `i` coming from
    /// `x[offset + sum(i[d] * strides[d])]`.
    @inlinable
    package static func stridedRead<T: KernelFloat>(
        _ x: [T], offset: Int, strides: [Int], shape: [Int]
    ) -> [T] {
        let count = Shape.count(shape)
        return makeArray(count: count) { out in
            guard count > 0 else { return }
            let rank = shape.count
            if rank == 0 { out[0] = x[offset]; return }
            let inner = shape[rank - 1], step = strides[rank - 1]
            var index = [Int](repeating: 0, count: rank)
            var off = offset, o = 0
            x.withUnsafeBufferPointer { x in
                while o < count {
                    if step == 1 {
                        for j in 0..<inner { out[o + j] = x[off + j] }
                    } else {
                        for j in 0..<inner { out[o + j] = x[off + j * step] }
                    }
                    o += inner
                    var d = rank - 2
                    while d >= 0 {
                        index[d] += 1
                        off += strides[d]
                        if index[d] < shape[d] { break }
                        off -= strides[d] * shape[d]
                        index[d] = 0
                        d -= 1
                    }
                }
            }
        }
    }

    /// The adjoint of `stridedRead` when no element is read twice: a tensor of
    /// `count` zeros with `g` (of shape `shape`) written at the strided positions.
    @inlinable
    package static func stridedWrite<T: KernelFloat>(
        _ g: [T], shape: [Int], into count: Int, offset: Int, strides: [Int]
    ) -> [T] {
        makeArray(count: count) { out in
            out.initialize(repeating: 0)
            let n = g.count
            guard n > 0 else { return }
            let rank = shape.count
            if rank == 0 { out[offset] = g[0]; return }
            let inner = shape[rank - 1], step = strides[rank - 1]
            var index = [Int](repeating: 0, count: rank)
            var off = offset, o = 0
            while o < n {
                for j in 0..<inner { out[off + j * step] = g[o + j] }
                o += inner
                var d = rank - 2
                while d >= 0 {
                    index[d] += 1
                    off += strides[d]
                    if index[d] < shape[d] { break }
                    off -= strides[d] * shape[d]
                    index[d] = 0
                    d -= 1
                }
            }
        }
    }

    /// Repeats `x` of shape `from` to the broadcast shape `to`.
    @inlinable
    package static func broadcast<T: KernelFloat>(_ x: [T], from: [Int], to: [Int]) -> [T] {
        if from == to { return x }
        if x.count == 1 {
            let count = Shape.count(to), value = x[0]
            return makeArray(repeating: value, count: count)
        }
        return stridedRead(x, offset: 0, strides: Shape.broadcastStrides(from, to: to), shape: to)
    }

    /// Permutes the axes: output axis `i` is input axis `permutation[i]`.
    @inlinable
    package static func transpose<T: KernelFloat>(_ x: [T], shape: [Int], permutation: [Int]) -> [T] {
        let rank = shape.count
        if rank >= 2, permutation == Array(0..<(rank - 2)) + [rank - 1, rank - 2] {
            return swapLastTwoAxes(x, batch: Shape.count(Array(shape.dropLast(2))),
                                   rows: shape[rank - 2], columns: shape[rank - 1])
        }
        let strides = Shape.strides(shape)
        return stridedRead(
            x, offset: 0, strides: permutation.map { strides[$0] }, shape: permutation.map { shape[$0] })
    }

    /// `batch` matrices `[rows, columns]` transposed, by the C kernel (in
    /// register blocks within cache-sized tiles).
    @inlinable
    static func swapLastTwoAxes<T: KernelFloat>(_ x: [T], batch: Int, rows: Int, columns: Int) -> [T] {
        let count = batch * rows * columns
        return makeArray(count: count) { out in
            guard count > 0 else { return }
            x.withUnsafeBufferPointer { x in
                T.transposeMatrices(batch: batch, rows: rows, columns: columns, x.baseAddress!, out.baseAddress!)
            }
        }
    }

    /// Along `axis` (viewing `x` as `[outer, size, inner]`), takes the
    /// entries listed in `indices`, in that order, repeats allowed.
    @inlinable
    package static func gather<T: KernelFloat>(
        _ x: [T], outer: Int, size: Int, inner: Int, indices: [Int]
    ) -> [T] {
        let count = outer * indices.count * inner
        return makeArray(count: count) { out in
            var o = 0
            for i in 0..<outer {
                for k in indices {
                    let base = (i * size + k) * inner
                    for j in 0..<inner { out[o + j] = x[base + j] }
                    o += inner
                }
            }
        }
    }

    /// The adjoint of `gather`: adds each slice of `g` back at its index
    /// (repeated indices accumulate).
    @inlinable
    package static func scatterAdd<T: KernelFloat>(
        _ g: [T], outer: Int, size: Int, inner: Int, indices: [Int]
    ) -> [T] {
        makeArray(count: outer * size * inner) { out in
            out.initialize(repeating: 0)
            var o = 0
            for i in 0..<outer {
                for k in indices {
                    let base = (i * size + k) * inner
                    for j in 0..<inner { out[base + j] += g[o + j] }
                    o += inner
                }
            }
        }
    }

    /// Joins `[outer, sizes[i], inner]` blocks along the middle axis.
    @inlinable
    package static func concatenate<T: KernelFloat>(
        _ parts: [[T]], outer: Int, sizes: [Int], inner: Int
    ) -> [T] {
        let total = sizes.reduce(0, +)
        var out = [T]()
        out.reserveCapacity(outer * total * inner)
        for i in 0..<outer {
            for (p, part) in parts.enumerated() {
                let block = sizes[p] * inner
                out.append(contentsOf: part[(i * block)..<((i + 1) * block)])
            }
        }
        return out
    }
}
