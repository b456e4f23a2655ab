/// Reductions along one axis of a tensor viewed as `[outer, size, inner]`.
@usableFromInline package enum ReduceKernel: Sendable {
    case sum, max
}

extension Kernels {
    /// (`SIMDScalar`: partial sums and maxima are kept in `SIMD16<T>`; a
    /// requirement of the functions, not of `KernelFloat`, whose refining
    /// `SIMDScalar` draws compiler warnings about `Codable`.)
    @inlinable
    package static func reduce<T: KernelFloat & SIMDScalar>(
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
        // Accumulate whole rows: the inner loop stays contiguous and
        // vectorises (pointers offset outside it: no checked index arithmetic).
        return makeArray(count: outer * inner) { out in
            out.initialize(repeating: op == .sum ? 0 : -T.infinity)
            guard outer * size * inner > 0 else { return }
            let po = out.baseAddress!
            x.withUnsafeBufferPointer { x in
                let px = x.baseAddress!
                for i in 0..<outer {
                    let o = po + i * inner
                    for k in 0..<size {
                        let row = px + (i * size + k) * inner
                        if op == .sum {
                            for j in 0..<inner { o[j] += row[j] }
                        } else {
                            for j in 0..<inner { o[j] = maxPropagatingNaN(o[j], row[j]) }
                        }
                    }
                }
            }
        }
    }

    /// Elements summed in one run of 16 lanes before the pairwise step.
    @usableFromInline static let sumBlock = 2048
    /// Elements of each independent partial sum of a long row; fixed, so
    /// that the result does not depend on how many cores computed it.
    @usableFromInline static let sumSuperblock = 1 << 16

    /// The sum of a row. Lanes of 16 partial sums over blocks of
    /// `sumBlock` elements (each lane adds 128 numbers in order), blocks
    /// combined pairwise: the error grows with log n, not n, so float32 sums
    /// of millions of numbers stay within a few ulps; and rows of more than
    /// `sumSuperblock` elements are summed on every core.
    @inlinable
    static func sumContiguous<T: KernelFloat & SIMDScalar>(_ x: UnsafeBufferPointer<T>) -> T {
        let n = x.count
        guard let p = x.baseAddress, n >= 16 else {
            var total = T(0)
            for v in x { total += v }
            return total
        }
        if n <= sumSuperblock { return sumPairwise(p, n) }
        let parts = (n + sumSuperblock - 1) / sumSuperblock
        let partial = [T](unsafeUninitializedCapacity: parts) { partial, initialized in
            let pp = partial.baseAddress!
            forEachChunk(count: parts, parallelAbove: parallelCheapThreshold / sumSuperblock) { range in
                for k in range {
                    let start = k * sumSuperblock
                    pp[k] = sumPairwise(p + start, Swift.min(sumSuperblock, n - start))
                }
            }
            initialized = parts
        }
        return partial.withUnsafeBufferPointer { sumPairwise($0.baseAddress!, parts) }
    }

    /// Pairwise over blocks of `sumBlock`, each block in `SIMD16` lanes.
    @inlinable
    static func sumPairwise<T: KernelFloat & SIMDScalar>(_ p: UnsafePointer<T>, _ n: Int) -> T {
        if n > sumBlock {
            let half = (n / 2 + sumBlock - 1) / sumBlock * sumBlock  // whole blocks on the left
            return sumPairwise(p, half) + sumPairwise(p + half, n - half)
        }
        var lanes = SIMD16<T>()
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i &+ 16 <= n {
            lanes += raw.loadUnaligned(fromByteOffset: i &* MemoryLayout<T>.stride, as: SIMD16<T>.self)
            i &+= 16
        }
        var total = lanes.sum()
        while i < n {
            total += p[i]
            i &+= 1
        }
        return total
    }

    /// The largest element, NaN if any is NaN, -inf for an empty row; of
    /// equal values the first (as the running `maxPropagatingNaN` gives).
    @inlinable
    static func maxContiguous<T: KernelFloat>(_ x: UnsafeBufferPointer<T>) -> T {
        let n = x.count
        guard let p = x.baseAddress, n >= 16 else { return maxRunning(x) }
        // Eight running maxima: `v > m ? v : m` is one maxps, and eight
        // separate variables vectorise (the compiler packs them), where
        // comparisons of `SIMD8<T>` in generic code go lane by lane. A NaN
        // never wins `v > m`, so NaNs are caught on the side: `v * 0` is 0
        // for finite `v`, NaN for NaN and infinities; if that sum is NaN,
        // the running loop decides (rare, and exact).
        var m0 = -T.infinity, m1 = m0, m2 = m0, m3 = m0, m4 = m0, m5 = m0, m6 = m0, m7 = m0
        var z0 = T(0), z1 = z0, z2 = z0, z3 = z0, z4 = z0, z5 = z0, z6 = z0, z7 = z0
        var i = 0
        while i &+ 8 <= n {
            let v0 = p[i], v1 = p[i &+ 1], v2 = p[i &+ 2], v3 = p[i &+ 3]
            let v4 = p[i &+ 4], v5 = p[i &+ 5], v6 = p[i &+ 6], v7 = p[i &+ 7]
            m0 = v0 > m0 ? v0 : m0; m1 = v1 > m1 ? v1 : m1; m2 = v2 > m2 ? v2 : m2; m3 = v3 > m3 ? v3 : m3
            m4 = v4 > m4 ? v4 : m4; m5 = v5 > m5 ? v5 : m5; m6 = v6 > m6 ? v6 : m6; m7 = v7 > m7 ? v7 : m7
            z0 += v0 * 0; z1 += v1 * 0; z2 += v2 * 0; z3 += v3 * 0
            z4 += v4 * 0; z5 += v5 * 0; z6 += v6 * 0; z7 += v7 * 0
            i &+= 8
        }
        let z = ((z0 + z1) + (z2 + z3)) + ((z4 + z5) + (z6 + z7))
        var m = maxRunning(UnsafeBufferPointer(start: p + i, count: n - i))
        if z.isNaN || m.isNaN { return maxRunning(x) }
        let lanes = Swift.max(Swift.max(Swift.max(m0, m1), Swift.max(m2, m3)), Swift.max(Swift.max(m4, m5), Swift.max(m6, m7)))
        if lanes > m { m = lanes }
        if m == 0 {
            // The lanes lose which zero came first; the first one wins, as
            // in the running loop.
            for j in 0..<n where p[j] == 0 { return p[j] }
        }
        return m
    }

    /// The running maximum: one element at a time, NaN wins, the first of
    /// equal values stays.
    @inlinable
    static func maxRunning<T: KernelFloat>(_ x: UnsafeBufferPointer<T>) -> T {
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
