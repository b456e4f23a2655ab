import Autodiff
import AutodiffPlot

extension Tour {
    static let twoVariableGradient = TourSection("2.4.ex7", "the gradient of 3 x1^2 + 5 e^x2",
                                                 kind: .exercise) { tour in
        // The partial derivatives are 6 x1 and 5 e^x2, so the gradient is
        // [6 x1, 5 e^x2]; at x = [2, 1] that is [12, 5e].
        let f = { (x: Tensor) in 3 * x[0] * x[0] + 5 * exp(x[1]) }
        let x: Tensor = [2, 1]
        let gradient = grad(f)(x)
        print(gradient.rounded(decimals: 4))
        print("= [6 x1, 5 e^x2]:", allClose(gradient, stack([6 * x[0], 5 * exp(x[1])])))
        print("= central differences:", allClose(gradient, numericalGradient(f, at: x)))
    }
}
