import Autodiff
import Foundation
import Testing

/// `softmax`, `logSoftmax` and `logSumExp` subtract the maximum first, so
/// logits of ±1e4 (where `exp` overflows float32 and float64 alike) give
/// finite values and finite first and second derivatives.
///
/// They should also be as accurate as at moderate logits: softmax is
/// shift-invariant and `logSoftmax(x + c) = logSoftmax(x)`, so each should
/// match its value at the logits shifted to moderate size within 1e-6
/// relative in float32 (a few roundings of numbers near 1) and 1e-12 in
/// float64. `logSumExp` itself is compared within one ulp of its result
/// (about 1e-3 near 1e4 in float32).
@Suite("Reliability: softmax family with large logits")
struct ReliabilityLargeLogitTests {
    static let dtypes: [DType] = [.float32, .float64]

    /// Rows of logits near 1e4, near -1e4, and spread over both, and the
    /// same rows shifted to moderate size (the spread row is unchanged).
    func logits(_ dtype: DType) -> (large: Tensor, moderate: Tensor) {
        let large = Tensor([[1e4, 1e4 - 1, 1e4 - 3], [-1e4, -1e4 + 2, -1e4 + 1], [1e4, -1e4, 0]]).cast(to: dtype)
        let moderate = Tensor([[0, -1, -3], [0, 2, 1], [1e4, -1e4, 0]]).cast(to: dtype)
        return (large, moderate)
    }

    func rtol(_ dtype: DType) -> Double { dtype == .float32 ? 1e-6 : 1e-12 }

    /// Finite values, and `logSumExp` within one ulp of `c + logSumExp(x)`.
    @Test(arguments: dtypes)
    func noOverflow(_ dtype: DType) {
        let (large, _) = logits(dtype)
        #expect(allFinite(softmax(large, axis: 1)))
        #expect(allFinite(logSoftmax(large, axis: 1)))
        let lse = logSumExp(large, axis: 1).doubles
        let expected = [1e4 + Foundation.log(1 + exp(-1) + exp(-3)), -1e4 + 2 + Foundation.log(exp(-2) + 1 + exp(-1)), 1e4]
        for (a, e) in zip(lse, expected) {
            #expect(Swift.abs(a - e) <= (dtype == .float32 ? 1e-3 : 1e-9), "logSumExp \(a) vs \(e)")
        }
    }

    /// Softmax rows sum to 1 and match the moderate logits; so does
    /// `logSoftmax`. This needs `logSoftmax` computed as
    /// `(x - shift) - log(sum(exp(x - shift)))`: adding the shift (1e4) back
    /// first would round to float32's ulp at 1e4 (about 1e-3), and
    /// `softmax([1e4, 1e4 - 1, 1e4 - 3])` would sum to 1.00038.
    @Test(arguments: dtypes)
    func accuracy(_ dtype: DType) {
        let (large, moderate) = logits(dtype)
        let p = softmax(large, axis: 1)
        #expect(allClose(p.sum(axis: 1), Tensor.ones([3]), rtol: rtol(dtype)))
        #expect(allClose(p, softmax(moderate, axis: 1), rtol: rtol(dtype), atol: 1e-12))
        #expect(allClose(logSoftmax(large, axis: 1), logSoftmax(moderate, axis: 1), rtol: rtol(dtype), atol: 1e-6))
    }

    /// Gradients: finite and equal to those at the moderate logits, within
    /// 1e-6 (float32) or 1e-10 (float64) absolute; the gradient of
    /// `logSumExp` is the softmax (computed here in float64).
    @Test(arguments: dtypes)
    func gradients(_ dtype: DType) {
        let (large, moderate) = logits(dtype)
        let weights = Tensor([[1, -2, 0.5], [0.3, 1, -1], [2, 1, -1]]).cast(to: dtype)
        let atol = dtype == .float32 ? 1e-6 : 1e-10
        let softmaxLoss = { (x: Tensor) in (softmax(x, axis: 1) * weights).sum() }
        let logSoftmaxLoss = { (x: Tensor) in (logSoftmax(x, axis: 1) * weights).sum() }
        for f in [softmaxLoss, logSoftmaxLoss] { #expect(allFinite(grad(f)(large))) }
        #expect(allClose(grad(softmaxLoss)(large), grad(softmaxLoss)(moderate), rtol: 0, atol: atol))
        #expect(allClose(grad(logSoftmaxLoss)(large), grad(logSoftmaxLoss)(moderate), rtol: 0, atol: atol))
        let p = Tensor(shape: [3, 3], scalars: softmaxInDouble(large))
        #expect(allClose(grad { logSumExp($0, axis: 1).sum() }(large), p, rtol: 0, atol: atol))
    }

    /// Forward mode and second derivatives: the tangent of `softmax` equals
    /// the one at the moderate logits,
    /// and the Hessian of `logSumExp` is `diag(p) - p pᵀ` with `p = softmax`
    /// (within 1e-6 in float32, 1e-12 in float64).
    @Test(arguments: dtypes)
    func secondDerivatives(_ dtype: DType) {
        let x = Tensor([1e4, 1e4 - 1, -1e4]).cast(to: dtype), shifted = Tensor([0, -1, -2e4]).cast(to: dtype)
        let v = Tensor([1, 0, 0]).cast(to: dtype)
        let (_, t) = jvp({ softmax($0, axis: 0) }, at: x, tangent: v)
        #expect(allFinite(t))
        #expect(allClose(t, jvp({ softmax($0, axis: 0) }, at: shifted, tangent: v).tangent, rtol: 0, atol: 1e-6))
        let h = hessian { logSumExp($0, axis: 0) }(x)
        let p = softmaxInDouble(x)
        for i in 0..<3 {
            for j in 0..<3 {
                let expected = (i == j ? p[i] : 0) - p[i] * p[j]
                #expect(Swift.abs(h.doubles[i * 3 + j] - expected) <= rtol(dtype), "Hessian [\(i), \(j)]")
            }
        }
    }

    /// Softmax along the last axis, in float64 with the maximum subtracted:
    /// the accurate reference.
    func softmaxInDouble(_ x: Tensor) -> [Double] {
        let n = x.shape.last!
        return stride(from: 0, to: x.count, by: n).flatMap { start -> [Double] in
            let row = Array(x.doubles[start..<(start + n)])
            let m = row.max()!
            let e = row.map { exp($0 - m) }
            let total = e.reduce(0, +)
            return e.map { $0 / total }
        }
    }
}
