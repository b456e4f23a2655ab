import Autodiff
import Testing

private let nan = Float.nan, inf = Float.infinity

/// Values and derivatives at the singular points of `log`, `sqrt`, `pow`
/// and division. The rule: values are IEEE (the C library's `log`, `sqrt`,
/// `pow` and `/`); a derivative that is infinite as a one-sided limit is
/// infinite, with the sign of that limit; a zero tangent or cotangent stays
/// exactly zero through an infinite local derivative (the strong zero), so
/// singularities only show where they are actually used.
@Suite("Reliability: log, sqrt, pow and division at singular points")
struct ReliabilitySingularPointTests {
    /// `log(0) = -inf` (also at -0), `log(-1) = NaN`; `log'(0) = 1/0 = inf`
    /// (at -0, `-inf`); a zero tangent at 0 gives tangent 0.
    @Test func logAtZero() {
        #expect(matchesIEEE(log(Tensor([0, -0.0, -1])), [-inf, -inf, nan]))
        #expect(matchesIEEE(grad { log($0).sum() }(Tensor([0, -0.0])), [inf, -inf]))
        #expect(matchesIEEE(jvp(log, at: Tensor([0]), tangent: Tensor([0])).tangent, [0]))
        #expect(matchesIEEE(jvp(log, at: Tensor([0]), tangent: Tensor([1])).tangent, [inf]))
    }

    /// `sqrt(0) = 0`, `sqrt(-0) = -0`, `sqrt(-1) = NaN`; `sqrt'(0) = inf`;
    /// a zero tangent gives 0; and `sqrt(x * x)`, which is `|x|`, has the
    /// subgradient 0 at 0 (the local derivative `inf` meets the exact zero
    /// `2x`), as `norm` does at the zero vector.
    @Test func sqrtAtZero() {
        let y = sqrt(Tensor([0, -0.0, -1]))
        #expect(matchesIEEE(y, [0, -0.0, nan]) && y.scalars[1].sign == .minus)
        #expect(matchesIEEE(grad { sqrt($0).sum() }(Tensor([0])), [inf]))
        #expect(matchesIEEE(jvp(sqrt, at: Tensor([0]), tangent: Tensor([0])).tangent, [0]))
        #expect(matchesIEEE(grad { sqrt($0 * $0).sum() }(Tensor([0])), [0]))
        #expect(matchesIEEE(grad(norm)(Tensor.zeros([3])), [0, 0, 0]))
    }

    /// `pow` values at zero and negative bases follow C's `pow`: `0^0 = 1`,
    /// `0^-1 = inf`, `(-0)^-1 = -inf`, integer powers of negative bases are
    /// real (`(-2)^3 = -8`), a fractional power of a negative base is NaN.
    @Test func powValues() {
        let base = Tensor([0, 0, 0, -0.0, -2, -2, -2, -2])
        let exponent = Tensor([0, 2, -1, -1, 3, 2, -1, 0.5])
        #expect(matchesIEEE(pow(base, exponent), [1, 0, inf, -inf, -8, 4, -0.5, nan]))
        #expect(matchesIEEE(pow(Tensor([-2, 0]), 3), [-8, 0]))
    }

    /// `d/da a^b = b a^(b-1)`, with integer exponents at zero and negative
    /// bases: `(x^2)' = 0` and `(x^0)' = 0` at 0, `(x^1)' = 1` at 0 (`0^0 = 1`),
    /// `(x^3)' = 12` and `(x^-1)' = -1/4` at -2, `(x^0.5)' = inf` at 0.
    /// Second derivatives too: `(x^2)'' = 2` at 0, `(x^3)'' = -12` at -2.
    @Test func powBaseDerivatives() {
        let (ga, _) = grad { (a: Tensor, b: Tensor) in pow(a, b).sum() }(
            Tensor([0, 0, 0, -2, -2, 0]), Tensor([2, 0, 1, 3, -1, 0.5]))
        #expect(matchesIEEE(ga, [0, 0, 1, 12, -0.25, inf]))
        #expect(matchesIEEE(grad(grad { pow($0, 2) })(Tensor(0)), [2]))
        #expect(matchesIEEE(grad(grad { pow($0, 3) })(Tensor(-2)), [-12]))
        #expect(matchesIEEE(grad(grad { pow($0, 3) })(Tensor(0)), [0]))
        // Forward mode agrees.
        #expect(matchesIEEE(jvp({ pow($0, 3) }, at: Tensor(-2), tangent: Tensor(1)).tangent, [12]))
    }

    /// `d/db a^b = a^b log(a)`: 0 at `a = 0` (a convention, as JAX); NaN at a
    /// negative base, where `a^b` is not real for non-integer `b` near an
    /// integer, so no derivative exists. That NaN stays in `∂/∂b`: the base's
    /// gradient is still finite.
    @Test func powExponentDerivatives() {
        let (ga, gb) = grad { (a: Tensor, b: Tensor) in pow(a, b).sum() }(Tensor([0, 0, -2]), Tensor([0, 2, 3]))
        #expect(gb.scalars[0] == 0 && gb.scalars[1] == 0 && gb.scalars[2].isNaN)
        #expect(matchesIEEE(ga, [0, 0, 12]))
        // With a constant exponent there is no exponent derivative to poison anything.
        #expect(matchesIEEE(jvp({ pow($0, 3) }, at: Tensor([-2]), tangent: Tensor([1])).tangent, [12]))
    }

    /// Division by zero is IEEE: `1/0 = inf`, `-1/0 = -inf`, `0/0 = NaN`,
    /// `1/-0 = -inf`. Derivatives: `∂(x/y)/∂x = 1/y = inf` and
    /// `∂(x/y)/∂y = -x/y² = -inf` at `(1, 0)`; at `(0, 0)` the value is NaN and
    /// so is `∂/∂y`. A zero tangent through a division by zero stays 0, and a
    /// `select` that guards the division keeps the gradient finite.
    @Test func divisionByZero() {
        #expect(matchesIEEE(Tensor([1, -1, 0, 1]) / Tensor([0, 0, 0, -0.0]), [inf, -inf, nan, -inf]))
        #expect(matchesIEEE(Tensor([1, 0]) / 0, [inf, nan]))
        let (gx, gy) = grad { (x: Tensor, y: Tensor) in (x / y).sum() }(Tensor([1, 0]), Tensor([0, 0]))
        #expect(matchesIEEE(gx, [inf, inf]))
        #expect(matchesIEEE(gy, [-inf, nan]))
        #expect(matchesIEEE(jvp({ $0 / 0 }, at: Tensor([1]), tangent: Tensor([0])).tangent, [0]))
        #expect(matchesIEEE(grad { select($0 .== 0, Tensor.zeros([2]), 1 / $0).sum() }(Tensor([0, 2])), [0, -0.25]))
    }
}
