import Autodiff
import Testing

@Suite("Higher derivatives and nesting")
struct HigherOrderTests {
    let points: Tensor = [-1.5, -0.3, 0.2, 0.9, 2.0]

    /// `grad` applied `n` times, elementwise (each element of the sum
    /// depends only on its own input).
    func derivative(_ n: Int, _ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
        var g = f
        for _ in 0..<n {
            let inner = g
            g = grad { x in inner(x).sum() }
        }
        return g
    }

    @Test func sinToThirdOrder() {
        let x = points.cast(to: .float64)
        #expect(allClose(derivative(1, sin)(x), cos(x), rtol: 1e-12))
        #expect(allClose(derivative(2, sin)(x), -sin(x), rtol: 1e-12))
        #expect(allClose(derivative(3, sin)(x), -cos(x), rtol: 1e-12))
    }

    @Test func expToThirdOrder() {
        let x = points.cast(to: .float64)
        for n in 1...3 { #expect(allClose(derivative(n, exp)(x), exp(x), rtol: 1e-12)) }
    }

    @Test func tanhToThirdOrder() {
        let x = points.cast(to: .float64)
        let t = tanh(x)
        #expect(allClose(derivative(1, tanh)(x), 1 - t * t, rtol: 1e-12))
        #expect(allClose(derivative(2, tanh)(x), -2 * t * (1 - t * t), rtol: 1e-12))
        #expect(allClose(derivative(3, tanh)(x), -2 * (1 - t * t) * (1 - 3 * t * t), rtol: 1e-10))
    }

    @Test func polynomialToFourthOrder() {
        // p(x) = 3x^4 - 2x^3 + x - 7.
        let p = { (x: Tensor) in 3 * pow(x, 4) - 2 * x * x * x + x - 7 }
        let x = points.cast(to: .float64)
        #expect(allClose(derivative(1, p)(x), 12 * pow(x, 3) - 6 * x * x + 1, rtol: 1e-12))
        #expect(allClose(derivative(2, p)(x), 36 * x * x - 12 * x, rtol: 1e-12))
        #expect(allClose(derivative(3, p)(x), 72 * x - 12, rtol: 1e-12))
        #expect(allClose(derivative(4, p)(x), Tensor.full([5], 72, dtype: .float64), rtol: 1e-12))
    }

    @Test func nestedGradientsDoNotConfusePerturbations() {
        // d/dx [x * (d/dy (x + y) at y = 1)] at x = 1 is 1, not 2.
        let outer = grad { (x: Tensor) in
            x * grad { (y: Tensor) in x + y }(Tensor(1))
        }
        #expect(outer(Tensor(1)).item() == 1)
        // d/dx [x * (d/dy (x * y) at y = 1)] at x = 4 is 2x = 8.
        let outer2 = grad { (x: Tensor) in
            x * grad { (y: Tensor) in x * y }(Tensor(1))
        }
        #expect(outer2(Tensor(4)).item() == 8)
    }

    @Test func forwardOverReverseAndReverseOverForward() {
        let f = { (x: Tensor) in (sin(x) * exp(x)).sum() }
        let x = points.cast(to: .float64)
        let v = Tensor.ones(like: x)
        // Hessian-vector product two ways: jvp of grad, and grad of jvp.
        let hv1 = jvp(grad(f), at: x, tangent: v).tangent
        let hv2 = grad { x in jvp(f, at: x, tangent: v).tangent }(x)
        let secondDerivative = 2 * cos(x) * exp(x)  // (sin e^x)'' = 2 cos(x) e^x
        #expect(allClose(hv1, secondDerivative, rtol: 1e-12))
        #expect(allClose(hv2, secondDerivative, rtol: 1e-12))
    }

    @Test func gradOfPullbackCalledInsideAnotherTransform() {
        // A pullback made outside, called with a traced cotangent inside grad.
        let x = Tensor([1, 2, 3])
        let (_, pullback) = vjp({ $0 * $0 }, at: x)
        let g = grad { (c: Tensor) in pullback(c).sum() }(Tensor.ones([3]))
        #expect(g.scalars == [2, 4, 6])
    }

    @Test func gradientOfConstantFunctionIsZero() {
        let x = Tensor([1, 2])
        #expect(grad { _ in Tensor(3) }(x).scalars == [0, 0])
        #expect(grad { (a: Tensor, b: Tensor) in (a * 2).sum() }(x, x).1.scalars == [0, 0])
    }

    @Test func valueAndGradOfEveryArity() {
        let x = Tensor([1, 2, 3])
        let (v1, g1) = valueAndGrad { (x: Tensor) in (x * x).sum() }(x)
        #expect(v1.item() == 14 && g1.scalars == [2, 4, 6])
        let (v2, g2) = valueAndGrad { (a: Tensor, b: Tensor) in dot(a, b) }(x, 2 * x)
        #expect(v2.item() == 28 && g2.0.scalars == [2, 4, 6] && g2.1.scalars == [1, 2, 3])
        let (v3, g3) = valueAndGrad { (xs: [Tensor]) in (xs[0] * xs[1] * xs[2]).sum() }([x, x, Tensor(2)])
        #expect(v3.item() == 28 && g3[0].scalars == [2, 4, 6] && g3[2].item() == 14)
        #expect(grad { (xs: [Tensor]) in xs[0].sum() + xs[1].sum() }([x, x]).count == 2)
    }

    @Test func usingAnInputTwiceAccumulates() {
        let g = grad { (x: Tensor) in (x * x * x).sum() + sin(x).sum() }(Tensor([0.5, 1]))
        #expect(allClose(g, 3 * Tensor([0.25, 1]) + cos(Tensor([0.5, 1]))))
    }
}
