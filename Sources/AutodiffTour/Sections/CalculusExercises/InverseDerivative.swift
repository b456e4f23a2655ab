import Autodiff
import AutodiffPlot

extension Tour {
    static let inverseDerivative = TourSection("2.4.ex10", "the derivative of an inverse function",
                                               kind: .exercise) { tour in
        // Differentiate f(f⁻¹(y)) = y by y with the chain rule:
        // f'(f⁻¹(y)) (f⁻¹)'(y) = 1, so (f⁻¹)'(y) = 1 / f'(f⁻¹(y)), wherever
        // f'(f⁻¹(y)) is not 0. For example log = exp⁻¹ has derivative
        // 1 / exp(log y) = 1 / y.
        print(grad { y in log(y) }(Tensor(4)), "= 1 / exp(log 4) =", 1 / exp(log(Tensor(4))))
        tour.step()
        // A function with no inverse in closed form: f(x) = x^3 + x, which
        // increases everywhere. Its inverse by Newton's method, with f' by
        // grad, is a program like any other, so grad differentiates it too,
        // through the iterations.
        let f = { (x: Tensor) in x * x * x + x }
        func inverse(_ y: Tensor) -> Tensor {
            var x = 0 * y
            for _ in 0..<20 { x = x - (f(x) - y) / grad(f)(x) }
            return x
        }
        let y = Tensor(10.0)   // f(2) = 10
        let x = inverse(y)
        print("f⁻¹(10) =", x, " (f⁻¹)'(10) =", grad(inverse)(y).rounded(decimals: 6),
              " 1 / f'(f⁻¹(10)) =", (1 / grad(f)(x)).rounded(decimals: 6))
    }
}
