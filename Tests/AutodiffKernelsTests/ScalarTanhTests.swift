import Foundation
import Testing
@testable import AutodiffKernels

/// `Float.tanh` of the kernels (not glibc's `tanhf`): within 1 ulp of the
/// correctly rounded result, with IEEE special values.
struct ScalarTanhTests {
    /// Distance in floats between two finite floats of the same sign.
    static func ulps(_ a: Float, _ b: Float) -> Int {
        abs(Int(Int32(bitPattern: a.bitPattern)) - Int(Int32(bitPattern: b.bitPattern)))
    }

    @Test func withinOneUlpOfTheDoubleResultRounded() {
        var generator = SystemRandomNumberGenerator()
        var worst = 0, mismatches = 0, checked = 0
        func check(_ x: Float) {
            guard x.isFinite else { return }
            // Double's tanh rounded once to float: correctly rounded but for
            // ties closer than double's own error.
            let reference = Float(Foundation.tanh(Double(x)))
            let ours = Float.tanh(x)
            let distance = Self.ulps(ours, reference)
            if distance > 0 { mismatches += 1 }
            worst = max(worst, distance)
            checked += 1
        }
        for _ in 0..<200_000 { check(Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &generator))) }
        for _ in 0..<200_000 { check(Float.random(in: -10...10, using: &generator)) }
        // Both sides of the switch between the series and the exponential,
        // and of the saturation at 9.1.
        for edge: Float in [0x1p-10, 9.1, 9.01] {
            var x = edge
            for _ in 0..<2_000 { check(x); check(-x); x = x.nextDown }
            x = edge
            for _ in 0..<2_000 { check(x); check(-x); x = x.nextUp }
        }
        #expect(worst <= 1, "worst \(worst) ulp over \(checked) floats")
        #expect(mismatches * 10_000 < checked, "\(mismatches) of \(checked) not correctly rounded")
    }

    @Test func specialValues() {
        #expect(Float.tanh(0).bitPattern == Float(0).bitPattern)
        #expect(Float.tanh(-0.0).bitPattern == Float(-0.0).bitPattern)
        #expect(Float.tanh(.infinity) == 1 && Float.tanh(-.infinity) == -1)
        #expect(Float.tanh(.nan).isNaN)
        #expect(Float.tanh(.leastNonzeroMagnitude) == .leastNonzeroMagnitude)
        #expect(Float.tanh(-.leastNormalMagnitude) == -.leastNormalMagnitude)
        #expect(Float.tanh(20) == 1 && Float.tanh(-20) == -1)
        #expect(Float.tanh(.greatestFiniteMagnitude) == 1)
    }
}
