import AutodiffKernels
import CAutodiffKernels
import CAutodiffKernels.Testing
import Foundation
import Testing

/// `Kernels.unary` for Float (the C vector kernels ad_v*f behind it) against
/// double-precision libm rounded to float, on every path this CPU can run.
///
/// Like the GEMM tests, `ad_vmath_force_path` affects the calling thread
/// only and each test body is synchronous, so tests cannot disturb each
/// other; arrays stay below `Kernels.parallelCheapThreshold`, so that the
/// kernels run on the calling thread and not on worker threads that would
/// not see the forced path. The exhaustive check of all 2^32 inputs is a C
/// program outside the package (see vmath.c); this is the sample that runs
/// on every `swift test`.

private let ops: [(UnaryKernel, String, @Sendable (Double) -> Double)] = [
    (.exp, "exp", { Foundation.exp($0) }), (.log, "log", { Foundation.log($0) }),
    (.sin, "sin", { Foundation.sin($0) }), (.cos, "cos", { Foundation.cos($0) }),
    (.tanh, "tanh", { Foundation.tanh($0) }),
]

/// Paths to test: 0 portable, 1 AVX2+FMA, 2 AVX-512 (the ones this CPU has).
private let paths: [Int32] = [0, 1, 2]

/// Runs `body` with the vector kernels forced onto `path` on this thread,
/// or returns false if the CPU lacks it.
private func onPath(_ path: Int32, _ body: () -> Void) -> Bool {
    guard ad_vmath_force_path(path) == 1 else { return false }
    defer { _ = ad_vmath_force_path(-1) }
    body()
    return true
}

/// How many floats lie between a and b (0 if equal, 1 if adjacent), with
/// +0 and -0 one apart; both finite.
private func ulpDistance(_ a: Float, _ b: Float) -> UInt64 {
    func ordered(_ x: Float) -> Int64 {
        let b = Int64(x.bitPattern & 0x7fff_ffff)
        return x.sign == .minus ? -b - 1 : b
    }
    return UInt64((ordered(a) - ordered(b)).magnitude)
}

/// The sample: special values, every power of two and its neighbours, then
/// pseudo-random bit patterns (all magnitudes) and uniform values in the
/// ranges where the functions do something interesting.
private func sample() -> [Float] {
    var xs: [Float] = [
        0, -0, .infinity, -.infinity, .nan, -.nan, .signalingNaN,
        .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, -.leastNormalMagnitude,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1, -1, 0.5, 2,
        // exp: overflow, underflow to subnormals and 0
        88.72283, 88.72284, 88.7229, 89, 100, -87.33654, -87.34, -100, -103.27893, -103.97, -104, -150,
        // log near 1, tanh where it rounds to +-1, sin/cos near multiples of pi/2
        0.99999994, 1.0000001, 9.01, 9.02, -9.02, 20, 1e-20, -1e-20,
        .pi, -.pi, .pi / 2, 3 * .pi / 2, 1e4, -1e4, 9999.99, 1e6, 1e10, 3e12, 1e20, 1e38,
    ]
    var e: Float = .leastNonzeroMagnitude
    while e.isFinite {
        xs += [e, e.nextUp, e.nextDown, -e]
        e *= 2
    }
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next() -> UInt64 {  // splitmix64
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    for _ in 0..<20_000 { xs.append(Float(bitPattern: UInt32(truncatingIfNeeded: next()))) }
    for range: ClosedRange<Float> in [-1...1, -10...10, -110...110, -10_000...10_000, 0...4] {
        let width = range.upperBound - range.lowerBound
        for _ in 0..<4_000 {
            xs.append(range.lowerBound + width * Float(next() >> 40) / Float(1 << 24))
        }
    }
    return xs
}

/// Which elements of `y` (computed from `x`) are not within 2 ulp of the
/// correctly rounded result, or do not match libm's special values
/// exactly (NaN, infinities, the sign of zero).
private func failures(_ x: [Float], _ y: [Float], _ reference: (Double) -> Double) -> [String] {
    var bad: [String] = []
    for (xi, yi) in zip(x, y) {
        let want = Float(reference(Double(xi)))
        let ok: Bool
        if want.isNaN || yi.isNaN {
            ok = want.isNaN && yi.isNaN
        } else if want.isInfinite || yi.isInfinite || want == 0 || yi == 0 {
            // inf, and the zeros of underflow and sin(-0), tanh(-0): exact,
            // except a subnormal-sized error next to zero.
            ok = want.bitPattern == yi.bitPattern || (!want.isInfinite && !yi.isInfinite && ulpDistance(want, yi) <= 2 && want.sign == yi.sign)
        } else {
            ok = ulpDistance(want, yi) <= 2
        }
        if !ok, bad.count < 10 { bad.append("x=\(xi) (\(String(xi.bitPattern, radix: 16))): got \(yi), want \(want)") }
    }
    return bad
}

@Test("Float exp, log, sin, cos, tanh within 2 ulp, libm's special values", arguments: paths)
func vectorMathAccuracy(path: Int32) {
    let xs = sample()
    #expect(xs.count < Kernels.parallelCheapThreshold)
    let ran = onPath(path) {
        for (op, name, reference) in ops {
            let bad = failures(xs, Kernels.unary(op, xs), reference)
            #expect(bad.isEmpty, "\(name), path \(path): \(bad)")
        }
    }
    if !ran { print("vector math path \(path) not available on this CPU; skipped") }
}

/// Every length from 0 to 40 (whole vectors, partial ones, and the scalar
/// calls below `vectorizedMinimumCount`) and every offset of a partial
/// vector: each element is the same as computed alone by the kernel.
@Test("Float vector math: lengths, tails, in place", arguments: paths)
func vectorMathLengths(path: Int32) {
    let base: [Float] = (0..<40).map { Float($0) * 0.37 - 7 }
    _ = onPath(path) {
        for (op, name, reference) in ops {
            let input = op == .log ? base.map { abs($0) + 0.01 } : base
            for n in 0...40 {
                let x = Array(input.prefix(n))
                let y = Kernels.unary(op, x)
                #expect(y.count == n)
                #expect(failures(x, y, reference).isEmpty, "\(name), path \(path), n \(n)")
            }
            // The C entry point in place (x == y) gives what it gives out of place.
            var inPlace = input
            let outOfPlace = Kernels.unary(op, input)
            inPlace.withUnsafeMutableBufferPointer { p in _ = Float.vectorized(op, UnsafeBufferPointer(p), p) }
            #expect(inPlace == outOfPlace, "\(name) in place, path \(path)")
        }
    }
}

@Test("The vector paths give bit-identical results")
func vectorMathPathsAgree() {
    let xs = sample()
    for (op, name, _) in ops {
        var results: [[UInt32]] = []
        for path: Int32 in [1, 2] {
            _ = onPath(path) { results.append(Kernels.unary(op, xs).map(\.bitPattern)) }
        }
        if results.count == 2 {
            // NaN payloads may differ; everything else must not.
            let differ = zip(zip(results[0], results[1]), xs).filter { pair, x in
                pair.0 != pair.1 && !(Float(bitPattern: pair.0).isNaN && Float(bitPattern: pair.1).isNaN)
            }
            #expect(differ.isEmpty, "\(name): \(differ.prefix(5).map(\.1))")
        }
    }
}

@Test("Float has vector kernels for exp, log, sin, cos, tanh and sqrt; Double for sqrt only")
func vectorMathCoverage() {
    let empty = UnsafeMutableBufferPointer<Float>(start: nil, count: 0)
    let emptyD = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)
    for op: UnaryKernel in [.neg, .exp, .log, .sin, .cos, .tanh, .sqrt, .abs, .sign] {
        let expected = [UnaryKernel.exp, .log, .sin, .cos, .tanh, .sqrt].contains(op)
        #expect(Float.vectorized(op, UnsafeBufferPointer(empty), empty) == expected)
        #expect(Double.vectorized(op, UnsafeBufferPointer(emptyD), emptyD) == (op == .sqrt))
    }
    // Double keeps libm exactly.
    let xs: [Double] = [0, -0.5, 1, 3, 1e4, -20]
    #expect(Kernels.unary(.sin, xs) == xs.map { Foundation.sin($0) })
    #expect(Kernels.unary(.exp, xs) == xs.map { Foundation.exp($0) })
}
