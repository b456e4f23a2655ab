@testable import Autodiff
import Testing

/// The sweep's fast path for rank-0 elementwise records (`ScalarPullback`)
/// against the rules table: the same gradient at a rank-0 point (fast path)
/// and at the same number as a one-element vector (shape `[1]`, which takes
/// the rules), bit for bit, in float32 and float64, at ordinary points, at
/// zero and at infinities.
@Suite("Scalar pullbacks agree with the rules")
struct ScalarPullbackTests {
    static let unary: [(name: String, f: @Sendable (Tensor) -> Tensor)] = [
        ("neg", { -$0 }), ("exp", { exp($0) }), ("log", { log($0) }), ("sin", { sin($0) }),
        ("cos", { cos($0) }), ("tanh", { tanh($0) }), ("sqrt", { sqrt($0) }), ("abs", { abs($0) }),
        // A value used twice: the cotangents are added up.
        ("x * x + sin(x)", { $0 * $0 + sin($0) }),
    ]

    static let binary: [(name: String, f: @Sendable (Tensor, Tensor) -> Tensor)] = [
        ("add", { $0 + $1 }), ("sub", { $0 - $1 }), ("mul", { $0 * $1 }), ("div", { $0 / $1 }),
        ("times", { $0.times($1) }), ("pow (rules only)", { pow($0, $1) }),
        ("constant operand", { 0.25 * $0 - $1 / 3 }),
    ]

    static let points: [Double] = [0.7, -1.3, 0, 2, .infinity, -.infinity]

    /// Equal bits, or both NaN.
    func same(_ a: Tensor, _ b: Tensor) -> Bool {
        zip(a.doubles, b.doubles).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) } && a.count == b.count
    }

    func point(_ value: Double, shape: [Int], _ dtype: DType) -> Tensor {
        Tensor(shape: shape, scalars: [value]).cast(to: dtype)
    }

    @Test(arguments: unary.indices, [DType.float32, .float64])
    func unaryPrimitive(_ index: Int, _ dtype: DType) {
        let f = Self.unary[index].f
        for x in Self.points {
            let fast = grad { f($0) }(point(x, shape: [], dtype))
            let rules = grad { f($0).sum() }(point(x, shape: [1], dtype))
            #expect(same(fast, rules), "\(Self.unary[index].name) at \(x): \(fast.doubles) vs \(rules.doubles)")
        }
    }

    @Test(arguments: binary.indices, [DType.float32, .float64])
    func binaryPrimitive(_ index: Int, _ dtype: DType) {
        let f = Self.binary[index].f
        for a in Self.points {
            for b in Self.points {
                let (fa, fb) = grad { f($0, $1) }(point(a, shape: [], dtype), point(b, shape: [], dtype))
                let (ra, rb) = grad { f($0, $1).sum() }(point(a, shape: [1], dtype), point(b, shape: [1], dtype))
                #expect(same(fa, ra) && same(fb, rb),
                        "\(Self.binary[index].name) at (\(a), \(b)): \(fa.doubles), \(fb.doubles) vs \(ra.doubles), \(rb.doubles)")
            }
        }
    }

    /// Records pulled back as numbers and records pulled back by the rules
    /// in one chain, their cotangents added up at shared values.
    @Test(arguments: [DType.float32, .float64])
    func mixedChain(_ dtype: DType) {
        func f(_ x: Tensor) -> Tensor {
            var y = x
            for _ in 0..<4 {
                y = y * y.reshaped([1]).sum() + tanh(y)   // shared y: numbers and tensors meet
                y = (y.reshaped([1]) * 0.5).sum() - y / 3
            }
            return y
        }
        for x in [0.3, -0.8] {
            let fast = grad { f($0) }(point(x, shape: [], dtype))
            // NaN checking inspects every backward operation, so it turns
            // the fast path off: everything takes the rules.
            let (rules, _) = withNaNCheck { grad { f($0) }(point(x, shape: [], dtype)) }
            #expect(same(fast, rules), "at \(x): \(fast.doubles) vs \(rules.doubles)")
        }
    }

    /// A cotangent computed on a `GradientTape` that is still recording:
    /// the backward pass then records on the tape it is reading (its
    /// records grow while it walks them), on the scalar path and the rules
    /// path (a vector).
    @Test(arguments: [[Int](), [3]])
    func cotangentTracedByTheSweptTape(_ shape: [Int]) {
        let tape = GradientTape()
        let x = tape.watch(Tensor(shape: shape, scalars: [Float](repeating: 0.5, count: shape.isEmpty ? 1 : 3)))
        var y = x
        for _ in 0..<50 { y = y * 1.01 + sin(y) }
        let cotangent = x * 2   // traced by the same tape
        let g = tape.gradient(of: y, wrt: [x], cotangent: cotangent)[0]
        let reference = withNaNCheck {   // the rules only, cotangent as a constant
            vjp({ (x: Tensor) -> Tensor in
                var y = x
                for _ in 0..<50 { y = y * 1.01 + sin(y) }
                return y
            }, at: x.detached()).pullback(cotangent.detached())
        }.result
        #expect(same(g.detached(), reference))
        tape.finish()
    }

    /// Inside an outer transform the backward pass must be recorded, so the
    /// fast path stands aside: second derivatives of scalar chains.
    @Test func secondDerivativesOfScalarCode() {
        let f = { (x: Tensor) in tanh(x) * x + exp(-x) }
        let x = Tensor(0.3)
        let second = grad(grad(f))(x).item()
        // d²/dx² [x tanh x + e^-x] = 2 sech²x - 2 x tanh x sech²x + e^-x
        let t = Float(0.3).tanhValue, s2 = 1 - t * t
        let expected = 2 * s2 - 2 * 0.3 * t * s2 + Float(-0.3).expValue
        #expect(abs(second - expected) < 1e-5)
    }
}

private extension Float {
    var tanhValue: Float { Autodiff.tanh(Tensor(self)).item() }
    var expValue: Float { Autodiff.exp(Tensor(self)).item() }
}
