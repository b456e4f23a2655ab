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
        #expect(FusedAccumulationTests.whenFusionRuns { FusedDerivative.evaluate(big, big, [(.unary(.cos), [.v])]) } != nil)
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

/// A cotangent added to one that the operand already has, in the same pass
/// as the rule: the bits of the rule's cotangent added to the earlier one.
@Suite("fused derivatives: accumulation")
struct FusedAccumulationTests {
    static let rules: [(Primitive, unfused: @Sendable (Tensor, Tensor, Tensor) -> Tensor)] = [
        (.sin, { g, x, _ in g.times(cos(x)) }), (.cos, { g, x, _ in g.times(-sin(x)) }),
        (.tanh, { g, _, y in g.times(1 - y * y) }), (.log, { g, x, _ in g.times(1 / x) }),
        (.sqrt, { g, _, y in g.times(0.5 / y) }), (.exp, { g, _, y in g.times(y) }), (.neg, { g, _, _ in -g }),
    ]

    /// `fused()` once the fused pass may run: it steps aside while any
    /// thread has a NaN check on (`Inspection.isOn`), which a test running
    /// in parallel may have; retried for up to about two seconds.
    static func whenFusionRuns(_ fused: () -> Tensor?) -> Tensor? {
        for _ in 0..<2_000 {
            if let result = fused() { return result }
            usleep(1_000)
        }
        return nil
    }

    @Test(arguments: [DType.float32, .float64])
    func theSumEqualsTheRuleAddedToTheEarlierCotangent(dtype: DType) throws {
        let count = FusedDerivative.minimumCount + 3
        let x = FusedDerivativeTests.values(count, dtype: dtype, seed: 11)
        let g = FusedDerivativeTests.values(count, dtype: dtype, seed: 12)
        let earlier = FusedDerivativeTests.values(count, dtype: dtype, seed: 13)
        for (primitive, unfused) in Self.rules {
            let y = primitive.rule.evaluate([x])
            // A whole cotangent, and a lazy one (`sum`'s rule passes a
            // number that stands for its broadcast), on either side.
            for (g, sum) in [(g, earlier), (Tensor.scalar(-1.5, like: x), earlier), (g, Tensor.scalar(2, like: x))] {
                let fused = try #require(Self.whenFusionRuns { FusedDerivative.accumulating(primitive, g, x, y, into: sum) },
                                         "\(primitive.name)")
                #expect(FusedDerivativeTests.sameBits(fused, sum + unfused(g, x, y)), "\(primitive.name) \(dtype) g\(g.shape) sum\(sum.shape)")
            }
        }
        #expect(FusedDerivative.accumulating(.abs, g, x, x, into: earlier) == nil)
        let small = Tensor.ones([8], dtype: dtype)
        #expect(FusedDerivative.accumulating(.sin, small, small, small, into: small) == nil)
    }

    @Test func gradientsWithManyUsesOfAnInputMatchTheUnfusedSweep() {
        // Each function uses x in several one-operand rules, so the sweep
        // fuses the later cotangents into the earlier; small chunks of the
        // same input take the unfused path, which must give the same bits.
        let big = Tensor.randomUniform([FusedDerivative.minimumCount * 2], seed: 14) + 0.25
        let functions: [(String, (Tensor) -> Tensor)] = [
            ("sin + cos + tanh", { (sin($0) + cos($0) + tanh($0)).sum() }),
            ("log * sqrt", { (log($0) * sqrt($0)).sum() }),
            ("exp(x) * x - x", { (exp($0) * $0 - $0).sum() }),
            ("-x + sin(x)", { (-$0 + sin($0)).sum() }),
            ("sin(sin(x)) * x", { (sin(sin($0)) * $0).sum() }),
        ]
        for (name, f) in functions {
            let fused = grad(f)(big)
            let unfused = concatenate(stride(from: 0, to: big.count, by: 8192).map { start in
                grad(f)(big.slice(axis: 0, start..<min(start + 8192, big.count)))
            }, axis: 0)
            #expect(FusedDerivativeTests.sameBits(fused, unfused), "\(name)")
        }
    }

    @Test func gradientsWithManyUsesMatchClosedForms() {
        let x = Tensor.randomUniform([FusedDerivative.minimumCount * 2], seed: 15, dtype: .float64) + 0.25
        let g = grad { (x: Tensor) in (sin(x) + cos(x) + tanh(x) - x + log(x) + sqrt(x) + exp(x)).sum() }(x)
        let expected = x.doubles.map { v in
            Foundation.cos(v) - Foundation.sin(v) + (1 - Foundation.tanh(v) * Foundation.tanh(v)) - 1 + 1 / v
                + 0.5 / Foundation.sqrt(v) + Foundation.exp(v)
        }
        let worst = zip(g.doubles, expected).map { abs($0 - $1) / max(1, abs($1)) }.max()!
        #expect(worst < 1e-12, "\(worst)")
    }
}

/// The cotangent `grad` seeds is an untraced 1: multiplying by it is the
/// other factor, shared rather than recomputed.
@Suite("unit cotangents")
struct UnitCotangentTests {
    @Test func timesOneIsTheOtherFactorBitForBit() {
        let x = FusedDerivativeTests.values(4_099, dtype: .float32, seed: 16)
        let one = Tensor.scalar(1, like: x)
        #expect(FusedDerivativeTests.sameBits(one.times(x), x))
        #expect(FusedDerivativeTests.sameBits(x.times(one), x))
        // A 1 of another dtype promotes; a 1 with an axis broadcasts: both
        // run the product.
        #expect(Tensor.ones([], dtype: .float64).times(x).dtype == .float64)
        #expect(Tensor.ones([1, 1]).times(x).shape == [1, 4_099])
        #expect(!Tensor.ones([1]).isUntracedOne(as: x) && !Tensor.scalar(2, like: x).isUntracedOne(as: x))
    }

    @Test func aProductUnderSumGetsTheOtherOperands() {
        let a = FusedDerivativeTests.values(1 << 16, dtype: .float32, seed: 17)
        let b = FusedDerivativeTests.values(1 << 16, dtype: .float32, seed: 18)
        let (da, db) = grad { (a: Tensor, b: Tensor) in (a * b).sum() }(a, b)
        #expect(FusedDerivativeTests.sameBits(da, b) && FusedDerivativeTests.sameBits(db, a))
    }

    @Test func aTracedOneStillCarriesItsDerivative() {
        // d/ds of grad(s * x summed) seeded by s: the 1 is traced by the outer
        // grad, so the product must stay in the program.
        let x = Tensor([1, 2, 3] as [Float])
        let outer = grad { (s: Tensor) in
            vjp({ (x: Tensor) in (x * x).sum() }, at: x).pullback(s).sum()
        }(Tensor(1))
        #expect(outer.item() == 12)
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
