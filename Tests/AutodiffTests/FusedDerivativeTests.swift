import Testing
import Foundation
@testable import Autodiff

/// The one-pass cotangents of the elementwise rules give the bits of the
/// two whole-array kernels they replace, and step aside where they must.
@Suite("fused derivatives")
struct FusedDerivativeTests {
    typealias Pair = (name: String, fused: @Sendable (Tensor, Tensor) -> Tensor, unfused: @Sendable (Tensor, Tensor) -> Tensor)

    static let rules: [Pair] = [
        ("sin", FusedDerivative.sin, { g, x in g.times(cos(x)) }),
        ("cos", FusedDerivative.cos, { g, x in g.times(-sin(x)) }),
        ("tanh", FusedDerivative.tanh, { g, y in g.times(1 - y * y) }),
        ("log", FusedDerivative.log, { g, x in g.times(1 / x) }),
        ("sqrt", FusedDerivative.sqrt, { g, y in g.times(0.5 / y) }),
    ]

    /// Values with the edge cases of every rule: zeros of both signs,
    /// infinities, NaN, negatives (for log and sqrt), tiny and huge.
    static func values(_ count: Int, dtype: DType, seed: UInt64) -> Tensor {
        var x = Tensor.randomNormal([count], seed: seed, dtype: .float64).doubles.map { $0 * 3 }
        let special: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1e-300, 1e300, -2, 1]
        for (i, s) in special.enumerated() { x[i * 97 % count] = s }
        return Tensor(shape: [count], scalars: x).cast(to: dtype)
    }

    static func sameBits(_ a: Tensor, _ b: Tensor) -> Bool {
        a.shape == b.shape && a.doubles.elementsEqual(b.doubles) { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
    }

    @Test(arguments: [DType.float32, .float64])
    func fusedEqualsUnfusedBitForBit(dtype: DType) {
        for count in [FusedDerivative.minimumCount, FusedDerivative.minimumCount + 2_049, 200_003] {
            let x = Self.values(count, dtype: dtype, seed: 1)
            let gradients = [Self.values(count, dtype: dtype, seed: 2), Tensor.scalar(-0.75, like: x),
                             Tensor.scalar(0, like: x)]
            for rule in Self.rules {
                for g in gradients {
                    #expect(Self.sameBits(rule.fused(g, x), rule.unfused(g, x)), "\(rule.name) \(dtype) \(count) g\(g.shape)")
                }
            }
        }
    }

    @Test func aCotangentThatBroadcastsAlongAnAxis() {
        let x = Self.values(256 * 200, dtype: .float32, seed: 3).reshaped([256, 200])
        let g = Tensor.randomNormal([256, 1], seed: 4)
        for rule in Self.rules {
            #expect(Self.sameBits(rule.fused(g, x), rule.unfused(g, x)), "\(rule.name)")
        }
    }

    @Test func itStepsAsideWhereTheUnfusedRuleMustRun() {
        let small = Tensor.ones([FusedDerivative.minimumCount - 1])
        #expect(FusedDerivative.evaluate(small, small, [(.unary(.cos), [.v])]) == nil)
        let big = Tensor.ones([FusedDerivative.minimumCount])
        #expect(FusedDerivative.evaluate(big, big, [(.unary(.cos), [.v])]) != nil)
        #expect(FusedDerivative.evaluate(big.cast(to: .float64), big, [(.unary(.cos), [.v])]) == nil)
        // With the NaN check on, each primitive of the rule is checked: the
        // check names the primitive of the backward pass that made the NaN.
        let x = Tensor.full([FusedDerivative.minimumCount], Float.infinity)
        let (_, anomaly) = withNaNCheck { grad { (x: Tensor) in sin(x).sum() }(x) }
        #expect(anomaly != nil)
        withNaNCheck { #expect(FusedDerivative.evaluate(big, big, [(.unary(.cos), [.v])]) == nil) }
    }

    @Test func gradientsOfBigInputsMatchClosedForms() {
        let x = Tensor.randomUniform([1 << 16], seed: 5, dtype: .float64) * 1.9 + 0.1
        let cases: [(String, (Tensor) -> Tensor, (Double) -> Double)] = [
            ("sin", { sin($0) }, { Foundation.cos($0) }), ("cos", { cos($0) }, { -Foundation.sin($0) }),
            ("tanh", { tanh($0) }, { 1 - Foundation.tanh($0) * Foundation.tanh($0) }),
            ("log", { log($0) }, { 1 / $0 }), ("sqrt", { sqrt($0) }, { 0.5 / Foundation.sqrt($0) }),
        ]
        for (name, f, derivative) in cases {
            let g = grad { (x: Tensor) in (f(x) * 3).sum() }(x)
            let expected = x.doubles.map { 3 * derivative($0) }
            let worst = zip(g.doubles, expected).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            #expect(worst < 1e-12, "\(name): \(worst)")
        }
    }
}

/// `x * x` in the backward pass: one pass for both contributions, with the
/// bits of the rule's two products added in order.
@Suite("fused derivatives: squares")
struct FusedSquareTests {
    @Test(arguments: [DType.float32, .float64])
    func aSquaresCotangentEqualsTheTwoProductsAdded(dtype: DType) {
        let count = FusedDerivative.minimumCount + 5
        let x = FusedDerivativeTests.values(count, dtype: dtype, seed: 7)
        let g = FusedDerivativeTests.values(count, dtype: dtype, seed: 8)
        let earlier = FusedDerivativeTests.values(count, dtype: dtype, seed: 9)
        for g in [g, Tensor.scalar(1.5, like: x)] {
            #expect(FusedDerivativeTests.sameBits(FusedDerivative.square(g, x, addingTo: nil)!, g.times(x) + g.times(x)))
            #expect(FusedDerivativeTests.sameBits(FusedDerivative.square(g, x, addingTo: earlier)!,
                                                  earlier + g.times(x) + g.times(x)))
        }
    }

    @Test func gradientsThroughSquaresMatchTheUnfusedSweep() {
        // The same functions at a size the fused path takes and, element by
        // element, at one it does not: the numbers must agree bit for bit.
        let big = Tensor.randomNormal([FusedDerivative.minimumCount * 2], seed: 10)
        let functions: [(String, (Tensor) -> Tensor)] = [
            ("x*x", { ($0 * $0).sum() }),
            ("sin(x) exp(-x²)", { (sin($0) * exp(-$0 * $0)).sum() }),
            ("x*x + 3x, the square after", { ($0 * $0 + 3 * $0).sum() }),
            ("y*y with y = 2x, then + y", { x in let y = 2 * x; return (y * y + y).sum() }),
            ("x * stopGradient(x)", { ($0 * stopGradient($0)).sum() }),
        ]
        for (name, f) in functions {
            let fused = grad(f)(big)
            let chunks = stride(from: 0, to: big.count, by: 8192).map { start in
                grad(f)(big.slice(axis: 0, start..<min(start + 8192, big.count)))
            }
            let unfused = concatenate(chunks, axis: 0)
            #expect(FusedDerivativeTests.sameBits(fused, unfused), "\(name)")
        }
        // x * stopGradient(x): two nodes, so the product rule, not the square.
        let g = grad { (x: Tensor) in (x * stopGradient(x)).sum() }(big)
        #expect(FusedDerivativeTests.sameBits(g, big))
    }
}
