import Autodiff
import Testing

/// A composite function to run in both dtypes, with its input.
struct PrecisionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let shape: [Int]
    let f: @Sendable (Tensor) -> Tensor
    var testDescription: String { name }
}

/// float32 and float64 agree: the same function of the same (float32
/// representable) input gives values within 1e-5 relative and gradients
/// within 1e-4 relative plus 1e-5 times the largest gradient magnitude;
/// float32 keeps about 7 digits, and these functions lose at most two of
/// them to conditioning and accumulation over at most 24 terms. The dtype
/// rules hold on the way: float32 in, float32 value and gradient out.
@Suite("Reliability: float32 and float64 agree")
struct ReliabilityPrecisionAgreementTests {
    static let cases: [PrecisionCase] = [
        PrecisionCase(name: "two-layer network with softmax cross-entropy", shape: [4, 3]) { x in
            let w1 = Tensor.randomNormal([3, 5], seed: 11, dtype: x.dtype), w2 = Tensor.randomNormal([5, 2], seed: 12, dtype: x.dtype)
            let hidden = tanh(matmul(x, w1))
            return -logSoftmax(matmul(hidden, w2), axis: 1)[all, 0].mean()
        },
        PrecisionCase(name: "sigmoid, exp and log", shape: [6]) { x in (sigmoid(3 * x) * exp(x) + log(1 + x * x)).sum() },
        PrecisionCase(name: "norm of a product", shape: [2, 3]) { x in norm(matmul(x, x.transposed())) },
        PrecisionCase(name: "max, relu and pow", shape: [3, 4]) { x in (pow(relu(x) + 0.5, 1.5).max(axis: 1) + abs(x).sum(axis: 1)).sum() },
        PrecisionCase(name: "gather, select and division", shape: [5]) { x in
            (select(x .> 0, x / (1 + x * x), sin(x)).gathered([4, 0, 0, 2]) * Tensor([1, 2, 3, 4]).cast(to: x.dtype)).sum()
        },
    ]

    @Test(arguments: cases)
    func valuesAndGradients(_ c: PrecisionCase) {
        // Float32-representable inputs, so both dtypes see the same numbers.
        let x32 = Tensor.randomNormal(c.shape, seed: 5)
        let x64 = x32.cast(to: .float64)
        let (v32, g32) = valueAndGrad(c.f)(x32)
        let (v64, g64) = valueAndGrad(c.f)(x64)
        #expect(v32.dtype == .float32 && g32.dtype == .float32 && v64.dtype == .float64 && g64.dtype == .float64)
        #expect(allClose(v32, v64, rtol: 1e-5), "value \(v32) vs \(v64)")
        let scale = g64.doubles.map { Swift.abs($0) }.max() ?? 1
        #expect(allClose(g32, g64, rtol: 1e-4, atol: 1e-5 * scale), "gradient\n\(g32)\nvs\n\(g64)")
    }

    /// Mixed dtypes promote to float64, a Swift `Float` takes the tensor's
    /// dtype, and each gradient has the dtype of its input.
    @Test func dtypeRules() {
        let a = Tensor([1, 2]), b = Tensor([3, 4]).cast(to: .float64)
        #expect((a * b).dtype == .float64 && (a * 2).dtype == .float32 && (2 * b).dtype == .float64)
        #expect(select(a .> 1, a, b).dtype == .float64 && concatenate([a, b]).dtype == .float64)
        #expect(matmul(a.reshaped([1, 2]), b.reshaped([2, 1])).dtype == .float64)
        let (ga, gb) = grad { (a: Tensor, b: Tensor) in (a * b).sum() }(a, b)
        #expect(ga.dtype == .float32 && gb.dtype == .float64)
        #expect(ga.scalars == [3, 4] && gb.doubles == [1, 2])
        #expect(jvp({ $0.cast(to: .float64) * 2 }, at: a, tangent: Tensor([1, 1])).tangent.dtype == .float64)
    }
}
