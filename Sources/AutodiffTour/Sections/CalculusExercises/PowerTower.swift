import Autodiff
import AutodiffPlot

extension Tour {
    static let powerTower = TourSection("2.4.ex4", "the derivative of x^x", kind: .exercise) { tour in
        // By hand: x^x = e^(x log x), so its derivative is
        // e^(x log x) (log x + 1) = x^x (log x + 1). Autodiff needs no
        // rewriting: pow with a tensor exponent differentiates with respect
        // to the base and the exponent, and the two terms add up. The
        // function acts elementwise, so the gradient of its sum holds the
        // derivative at each point.
        let x: Tensor = [0.5, 1, 2, 3]
        let dxx = grad { x in pow(x, x).sum() }(x)
        print(dxx.rounded(decimals: 4))
        print("= x^x (log x + 1):", allClose(dxx, pow(x, x) * (log(x) + 1)))
        print("= central differences:", allClose(dxx, numericalGradient({ x in pow(x, x).sum() }, at: x)))
    }
}
