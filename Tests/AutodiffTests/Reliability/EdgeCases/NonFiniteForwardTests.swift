import Autodiff
import Testing

private let nan = Float.nan, inf = Float.infinity

/// Whether `t` matches `expected` element by element: NaN where NaN is
/// expected, exactly the expected infinity or zero (special values are
/// exact in IEEE arithmetic), and other numbers within `rtol` (1e-6 by
/// default: float32 results of the C library's functions).
func matchesIEEE(_ t: Tensor, _ expected: [Float], rtol: Float = 1e-6) -> Bool {
    t.count == expected.count && zip(t.scalars, expected).allSatisfy { a, e in
        if e.isNaN { return a.isNaN }
        if e.isInfinite || e == 0 { return a == e }
        return Swift.abs(a - e) <= rtol * Swift.abs(e)
    }
}

/// Whether every element of `t` is finite.
func allFinite(_ t: Tensor) -> Bool { t.doubles.allSatisfy { $0.isFinite } }

/// Whether every element of `t` is NaN.
func allNaN(_ t: Tensor) -> Bool { t.doubles.allSatisfy { $0.isNaN } }

/// Forward values with NaN and infinity follow IEEE 754, as the
/// Conventions article promises: NaN in, NaN out; infinities where the
/// limit is infinite; `inf - inf` and `0 * inf` are NaN in ordinary
/// arithmetic (the strong zero lives only inside derivative rules).
@Suite("Reliability: NaN and infinity in forward values")
struct ReliabilityNonFiniteForwardTests {
    /// Elementwise functions: NaN propagates; at ±inf each gives its limit
    /// (`exp(-inf) = 0`, `tanh(inf) = 1`, `sigmoid(-inf) = 0`, `log(inf) = inf`).
    @Test func elementwiseFunctions() {
        let x = Tensor([nan, inf, -inf])
        #expect(matchesIEEE(exp(x), [nan, inf, 0]))
        #expect(matchesIEEE(tanh(x), [nan, 1, -1]))
        #expect(matchesIEEE(sigmoid(x), [nan, 1, 0]))
        #expect(matchesIEEE(abs(x), [nan, inf, inf]))
        #expect(matchesIEEE(-x, [nan, -inf, inf]))
        #expect(matchesIEEE(log(Tensor([nan, inf])), [nan, inf]))
        #expect(matchesIEEE(sqrt(Tensor([nan, inf])), [nan, inf]))
        #expect(allNaN(sin(Tensor([nan, inf]))))
        #expect(allNaN(cos(Tensor([nan, -inf]))))
        // sign keeps NaN (documented: "NaN stays NaN").
        #expect(matchesIEEE(sign(x), [nan, 1, -1]))
    }

    /// Arithmetic is IEEE: `inf - inf`, `0 * inf` and `0 * NaN` are NaN,
    /// also with a Swift `Float` operand and with broadcasting.
    @Test func arithmetic() {
        #expect(matchesIEEE(Tensor([inf, 1]) - Tensor([inf, 1]), [nan, 0]))
        #expect(matchesIEEE(Tensor([nan, inf, 1]) * 0, [nan, nan, 0]))
        #expect(matchesIEEE(0 * Tensor([nan, inf, 1]), [nan, nan, 0]))
        #expect(matchesIEEE(Tensor([[nan], [1]]) + Tensor([1, 2]), [nan, nan, 2, 3]))
        #expect(matchesIEEE(pow(Tensor([nan, inf, 2]), Tensor([1, 1, inf])), [nan, inf, inf]))
    }

    /// Reductions propagate NaN to exactly the slices that contain it; a sum
    /// of `inf` and `-inf` is NaN; `max` propagates NaN (as NumPy's `max`,
    /// not `nanmax`), and so does `min`.
    @Test func reductions() {
        let x = Tensor([[1, nan], [2, 3]])
        #expect(matchesIEEE(x.sum(axis: 1), [nan, 5]))
        #expect(matchesIEEE(x.max(axis: 1), [nan, 3]))
        #expect(matchesIEEE(x.min(axis: 1), [nan, 2]))
        #expect(x.max().item().isNaN && x.mean().item().isNaN)
        #expect(Tensor([inf, -inf]).sum().item().isNaN)
        #expect(matchesIEEE(Tensor([[1, inf], [-inf, -inf]]).max(axis: 1), [inf, -inf]))
    }

    /// A matrix product spreads a NaN along its row (left operand) or column
    /// (right operand) only.
    @Test func matmulConfinesNaNToItsRow() {
        let y = matmul(Tensor([[1, 2], [nan, 3]]), Tensor([[1, 0], [1, 1]]))
        #expect(matchesIEEE(y, [3, 2, nan, nan]))
    }

    /// Masked logits: `-inf` gets probability exactly 0 and the others
    /// renormalise; a `+inf` logit gives NaN (inf - inf), as in NumPy and
    /// PyTorch; a NaN logit makes its whole slice NaN.
    @Test func softmaxWithInfiniteLogits() {
        let masked = softmax(Tensor([0, -inf, 1]), axis: 0)
        #expect(masked.scalars[1] == 0 && allClose(masked.sum(), Tensor(1), rtol: 1e-6))
        #expect(allClose(masked, Tensor([0.26894142, 0, 0.73105858]), rtol: 1e-6))
        #expect(logSumExp(Tensor([-inf, -inf]), axis: 0).item() == -inf)
        #expect(softmax(Tensor([0, inf]), axis: 0).scalars[1].isNaN)
        #expect(softmax(Tensor([[0, nan], [0, 0]]), axis: 1).scalars.map(\.isNaN) == [true, true, false, false])
    }

    /// `relu` and `maximum`/`minimum` are documented as `max(x, 0)` and
    /// elementwise maxima, and NaN should propagate through them as through
    /// `max` (NumPy's `maximum`, PyTorch's and JAX's `relu` give NaN).
    /// They are `select(a .>= b, a, b)`, and a comparison with NaN is false,
    /// so the library gives `relu(NaN) = 0` and `maximum(NaN, 1) = 1`, but
    /// `maximum(1, NaN) = NaN`: a NaN disappears silently, depending on the
    /// side it is on.
    @Test func reluAndMaximumPropagateNaN() {
        #expect(relu(Tensor([nan])).item().isNaN)
        #expect(maximum(Tensor([nan]), Tensor([1])).item().isNaN)
        #expect(minimum(Tensor([nan]), Tensor([1])).item().isNaN)
        // The other side already propagates.
        #expect(maximum(Tensor([1]), Tensor([nan])).item().isNaN)
    }
}
