import AutodiffKernels
import Testing

/// Sums and maxima along an axis: the SIMD lanes, tails of every length,
/// rows long enough to be summed on several cores, NaN anywhere, and the
/// float32 accuracy of long sums.

private func same<T: KernelFloat>(_ x: T, _ y: T) -> Bool {
    (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign)
}

/// The running maximum the kernels document: NaN wins, the first of equal values stays.
private func runningMax<T: KernelFloat>(_ x: ArraySlice<T>) -> T {
    var m = -T.infinity
    for v in x { m = m.isNaN || v.isNaN ? .nan : (v > m ? v : m) }
    return m
}

@Test("Sum of every length 0...80: exact on small integers")
func sumLengths() {
    for n in 0...80 {
        let x = (0..<n).map { Float($0 % 7) - 3 }
        let expected = x.reduce(0, +)  // small integers: every order gives the same
        #expect(Kernels.reduce(.sum, x, outer: 1, size: n, inner: 1) == [expected], "n=\(n)")
        #expect(Kernels.reduce(.sum, x.map(Double.init), outer: 1, size: n, inner: 1) == [Double(expected)])
    }
}

@Test("Long float32 sums stay within a few ulps of the exact sum, the same on every call")
func sumAccuracy() {
    for n in [1_000, 65_536, 65_537, 1_000_003, 4_194_304] {
        let x = (0..<n).map { i in Float(0.1) + Float(i % 1000) * 1e-4 }
        let exact = x.reduce(0.0) { $0 + Double($1) }
        let y = Kernels.reduce(.sum, x, outer: 1, size: n, inner: 1)[0]
        // A running float sum of 4M numbers near 0.1 is off by about 1e-3
        // relative; pairwise blocks keep it near float's 6e-8.
        #expect(abs(Double(y) - exact) / exact < 1e-6, "n=\(n): \(y) vs \(exact)")
        #expect(Kernels.reduce(.sum, x, outer: 1, size: n, inner: 1)[0].bitPattern == y.bitPattern)
    }
    let big = [Float](repeating: 1, count: 3_000_001) + [.nan]
    #expect(Kernels.reduce(.sum, big, outer: 1, size: big.count, inner: 1)[0].isNaN)
    #expect(Kernels.reduce(.sum, [Float.infinity, 1, -2], outer: 1, size: 3, inner: 1) == [.infinity])
}

private func checkMax<T: KernelFloat & SIMDScalar>(_: T.Type) {
    for n in 0...70 {
        let x = (0..<n).map { T(($0 * 37) % 23) - 11 }
        #expect(same(Kernels.reduce(.max, x, outer: 1, size: n, inner: 1)[0], runningMax(x[...])), "n=\(n)")
        // A NaN at every position, in the vector part and in the tail.
        for p in 0..<n {
            var y = x
            y[p] = .nan
            #expect(Kernels.reduce(.max, y, outer: 1, size: n, inner: 1)[0].isNaN, "n=\(n) NaN at \(p)")
        }
    }
    // All zeros of mixed signs: the first one wins, as in the running maximum.
    for n in [3, 16, 17, 40] {
        for first: T in [0, -0.0] {
            let x = [first] + (1..<n).map { $0 % 2 == 0 ? T(0) : -0.0 } + [-1]
            #expect(same(Kernels.reduce(.max, x, outer: 1, size: x.count, inner: 1)[0], first))
        }
    }
    let infs = [T](repeating: -.infinity, count: 33)
    #expect(Kernels.reduce(.max, infs, outer: 1, size: 33, inner: 1) == [-.infinity])
    #expect(Kernels.reduce(.max, infs + [.infinity], outer: 1, size: 34, inner: 1) == [.infinity])
}

@Test("Max: lanes and tails, NaN anywhere, infinities, the first of equal zeros")
func maxKernel() {
    checkMax(Float.self)
    checkMax(Double.self)
}

@Test("Sum and max along an inner axis ([outer, size, inner] with inner > 1)")
func reduceInnerAxis() {
    for (outer, size, inner) in [(1, 5, 3), (2, 3, 17), (3, 1, 40), (4, 7, 1), (2, 0, 5)] {
        let x = (0..<(outer * size * inner)).map { Float(($0 * 13) % 29) - 14 }
        var y = x
        if y.count > 10 { y[10] = .nan }
        for (op, data) in [(ReduceKernel.sum, x), (.max, x), (.max, y), (.sum, y)] {
            let out = Kernels.reduce(op, data, outer: outer, size: size, inner: inner)
            for i in 0..<outer {
                for j in 0..<inner {
                    let column = (0..<size).map { data[(i * size + $0) * inner + j] }
                    let expected = op == .sum ? column.reduce(0, +) : runningMax(column[...])
                    #expect(same(out[i * inner + j], expected), "\(op) \(outer)x\(size)x\(inner) at \(i),\(j)")
                }
            }
        }
    }
}
