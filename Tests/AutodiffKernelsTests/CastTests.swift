import AutodiffKernels
import Testing

/// `Kernels.widen` and `Kernels.narrow` against Swift's own conversions.

private func same<T: KernelFloat>(_ x: T, _ y: T) -> Bool {
    (x.isNaN && y.isNaN) || (x == y && x.sign == y.sign)
}

private func sameArrays<T: KernelFloat>(_ x: [T], _ y: [T]) -> Bool {
    x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
}

@Test("Casts between float32 and float64: exact widening, rounding, overflow, NaN, signed zeros")
func castKernels() {
    let specials: [Double] = [0, -0.0, 1, -1, .infinity, -.infinity, .nan, Double.leastNormalMagnitude / 4, 3.4e38, 3.5e38, 0.1, -2.5]
    for n in Array(0...40) + [Kernels.parallelCheapThreshold + 13] {
        let b = (0..<n).map { i in i < specials.count ? specials[i] : Double(i % 101) * 0.37 - 9 }
        let a = b.map { Float($0) }
        #expect(sameArrays(Kernels.widen(a), a.map { Double($0) }))
        #expect(sameArrays(Kernels.narrow(b), b.map { Float($0) }))
    }
    let y = Kernels.narrow([1e300, -1e300, 1e-300, -1e-300, .nan, 1.0000000001, 0.1])
    #expect(sameArrays(y, [.infinity, -.infinity, 0, -0.0, .nan, 1, 0.1]))
}
