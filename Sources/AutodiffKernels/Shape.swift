/// Shape arithmetic shared by every kernel: element counts, row-major strides
/// and NumPy broadcasting.
@usableFromInline package enum Shape {
    /// The number of elements of a tensor of this shape (1 for rank 0).
    @inlinable package static func count(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape { n *= d }
        return n
    }

    /// Row-major strides, in elements.
    @inlinable package static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var s = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[i] = s
            s *= shape[i]
        }
        return strides
    }

    /// The NumPy broadcast of two shapes, or nil when some aligned pair of
    /// dimensions differs and neither is 1.
    @inlinable package static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        if a == b { return a }
        let rank = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else { return nil }
        }
        return out
    }

    /// Strides that read a tensor of `shape` as if it had the (broadcast)
    /// shape `target`: 0 along every dimension that is repeated.
    @inlinable package static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        var out = [Int](repeating: 0, count: target.count)
        for i in 0..<shape.count where shape[i] != 1 || target[i + offset] == 1 {
            out[i + offset] = shape[i] == 1 ? 0 : own[i]
        }
        return out
    }

    /// The same two strided walks over `shape` with fewer, longer axes:
    /// axes of length 1 dropped, and neighbours merged where both walks
    /// step evenly across them, so inner loops run long.
    @inlinable package static func coalesced(
        _ shape: [Int], _ stridesA: [Int], _ stridesB: [Int]
    ) -> (shape: [Int], stridesA: [Int], stridesB: [Int]) {
        var dims = [Int](), sa = [Int](), sb = [Int]()
        for d in shape.indices where shape[d] != 1 {
            if let last = dims.last, sa.last! == stridesA[d] * shape[d], sb.last! == stridesB[d] * shape[d] {
                dims[dims.count - 1] = last * shape[d]
                sa[sa.count - 1] = stridesA[d]
                sb[sb.count - 1] = stridesB[d]
            } else {
                dims.append(shape[d]); sa.append(stridesA[d]); sb.append(stridesB[d])
            }
        }
        if dims.isEmpty { return ([1], [0], [0]) }
        return (dims, sa, sb)
    }
}
