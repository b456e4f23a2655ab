import Autodiff
import Testing

@Suite("Jacobians and Hessians")
struct JacobianTests {
    static let W = Tensor.randomNormal([3, 4], seed: 21, dtype: .float64)
    static let A = Tensor.randomNormal([4, 4], seed: 22, dtype: .float64)
    let x = Tensor.randomNormal([4], seed: 23, dtype: .float64)

    /// Functions of a 4-vector with their input-output shapes varied.
    static let functions: [(String, @Sendable (Tensor) -> Tensor)] = [
        ("tanh(W x)", { tanh(dot(W, $0)) }),
        ("tanh(matmul) reshaped", { tanh(matmul(W, $0.reshaped([-1, 1]))).reshaped([-1]) }),
        ("sin * x", { sin($0) * $0 }),
        ("outer product", { $0.reshaped([-1, 1]) * $0.reshaped([1, -1]) }),
        ("softmax", { softmax($0, axis: 0) }),
        ("scalar: norm", { norm($0) }),
        ("scalar: x^T A x", { dot($0, dot(A, $0)) }),
        ("logSumExp", { logSumExp($0.reshaped([2, 2]), axis: 1) }),
        ("cumulative-like", { concatenate([$0[0..<1], $0[0..<2].sum().reshaped([1]), $0.sum().reshaped([1])]) }),
        ("max over rows", { $0.reshaped([2, 2]).max(axis: 0) }),
        ("pow", { pow(abs($0) + 1, 1.5) }),
        ("select", { select($0 .> 0, exp($0), $0 * $0) }),
    ]

    @Test(arguments: 0..<functions.count)
    func forwardAndReverseAgree(_ i: Int) {
        let (name, f) = Self.functions[i]
        let J1 = jacrev(f)(x), J2 = jacfwd(f)(x), J3 = jacobian(f)(x)
        #expect(J1.shape == f(x).shape + x.shape, "\(name)")
        #expect(allClose(J1, J2, rtol: 1e-12, atol: 1e-12), "\(name): jacrev \(J1) vs jacfwd \(J2)")
        #expect(allClose(J1, J3, rtol: 1e-12, atol: 1e-12), "\(name): jacobian")
    }

    @Test func jacobiansOfLinearMaps() {
        #expect(allClose(jacrev { dot(Self.A, $0) }(x), Self.A, rtol: 1e-12))
        #expect(allClose(jacfwd { dot($0, Self.A) }(x), Self.A.transposed(), rtol: 1e-12))
    }

    @Test func hessianOfQuadraticForm() {
        let H = hessian { dot($0, dot(Self.A, $0)) }(x)
        #expect(allClose(H, Self.A + Self.A.transposed(), rtol: 1e-12))
    }

    @Test func hessiansAreSymmetricAndMatchNestedJacobians() {
        let f = { (x: Tensor) in (tanh(dot(Self.W, x)) * sin(x[0..<3])).sum() + norm(x) }
        let H = hessian(f)(x)
        #expect(allClose(H, H.transposed(), rtol: 1e-10, atol: 1e-12))
        #expect(allClose(H, jacrev(jacfwd(f))(x), rtol: 1e-10, atol: 1e-12))
        #expect(allClose(H, jacrev(jacrev(f))(x), rtol: 1e-10, atol: 1e-12))
        // Hessian-vector product without the Hessian.
        let v = Tensor.randomNormal([4], seed: 5, dtype: .float64)
        #expect(allClose(hvp(f, at: x, along: v), dot(H, v), rtol: 1e-10, atol: 1e-12))
    }

    @Test func rankZeroInputsAndOutputs() {
        let t = Tensor(0.7).cast(to: .float64)
        #expect(jacrev(sin)(t).shape == [] && allClose(jacrev(sin)(t), cos(t)))
        #expect(allClose(jacfwd(sin)(t), cos(t)))
        #expect(allClose(hessian(sin)(t), -sin(t)))
        #expect(jacfwd { Tensor.stack3($0) }(t).shape == [3])
        #expect(jacrev { $0.sum() }(x).shape == [4])
    }

    @Test func thirdDerivativeThroughTransforms() {
        let d3 = grad(grad(grad { sin($0) }))(x[0])
        #expect(allClose(d3, -cos(x[0]), rtol: 1e-12))
        let d3f = jacfwd(jacfwd(jacfwd { exp($0) }))(x[0])
        #expect(allClose(d3f, exp(x[0]), rtol: 1e-12))
    }
}

extension Tensor {
    static func stack3(_ t: Tensor) -> Tensor { stack([t, 2 * t, t * t]) }
}
