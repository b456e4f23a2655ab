/// Reductions along one axis of a tensor viewed as `[outer, size, inner]`.
public enum ReduceKernel: Sendable {
    case sum, max
}

extension Kernels {
    @inlinable
    public static func reduce<T: KernelFloat>(
        _ op: ReduceKernel, _ x: [T], outer: Int, size: Int, inner: Int
    ) -> [T] {
        if inner == 1 {
            return makeArray(count: outer) { out in
                x.withUnsafeBufferPointer { x in
                    for i in 0..<outer {
                        let row = UnsafeBufferPointer(rebasing: x[(i * size)..<((i + 1) * size)])
                        out[i] = op == .sum ? sumContiguous(row) : maxContiguous(row)
                    }
                }
            }
        }
        // Accumulate whole rows: the inner loop stays contiguous and vectorises.
        var out = [T](repeating: op == .sum ? 0 : -T.infinity, count: outer * inner)
        x.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { out in
                for i in 0..<outer {
                    let o = i * inner
                    for k in 0..<size {
                        let base = (i * size + k) * inner
                        if op == .sum {
                            for j in 0..<inner { out[o + j] += x[base + j] }
                        } else {
                            for j in 0..<inner { out[o + j] = maxPropagatingNaN(out[o + j], x[base + j]) }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Sum with eight independent accumulators: vectorises, and is more
    /// accurate than one running sum for long rows.
    @inlinable
    static func sumContiguous<T: KernelFloat>(_ x: UnsafeBufferPointer<T>) -> T {
        var acc = (T(0), T(0), T(0), T(0), T(0), T(0), T(0), T(0))
        let n = x.count, blocks = n / 8
        for b in 0..<blocks {
            let i = b * 8
            acc.0 += x[i]; acc.1 += x[i + 1]; acc.2 += x[i + 2]; acc.3 += x[i + 3]
            acc.4 += x[i + 4]; acc.5 += x[i + 5]; acc.6 += x[i + 6]; acc.7 += x[i + 7]
        }
        var total = ((acc.0 + acc.1) + (acc.2 + acc.3)) + ((acc.4 + acc.5) + (acc.6 + acc.7))
        for i in (blocks * 8)..<n { total += x[i] }
        return total
    }

    @inlinable
    static func maxContiguous<T: KernelFloat>(_ x: UnsafeBufferPointer<T>) -> T {
        var m = -T.infinity
        for v in x { m = maxPropagatingNaN(m, v) }
        return m
    }

    /// The larger of two values, NaN if either is NaN (as NumPy's `max`).
    @inlinable @inline(__always)
    static func maxPropagatingNaN<T: KernelFloat>(_ a: T, _ b: T) -> T {
        a.isNaN || b.isNaN ? .nan : (b > a ? b : a)
    }
}
