import Autodiff
import AutodiffPlot

extension Tour {
    static let derivatives = TourSection("2.4.1", "Derivatives and Differentiation") { tour in
        // The derivative of f at x is the limit of (f(x + h) - f(x)) / h as h
        // goes to 0. For f(x) = 3x^2 - 4x at x = 1 that quotient is 2 + 3h:
        // watch it approach f'(1) = 2. Double (float64) as in the book, so
        // that rounding stays out of the fifth decimal.
        func f(_ x: Double) -> Double { 3 * x * x - 4 * x }
        for h in [0.1, 0.01, 0.001, 0.0001, 0.00001] {
            let limit = numericalDerivative(f, at: 1, h: h)
            print("h=\(String(h, decimals: 5)), numerical limit=\(String(limit, decimals: 5))")
        }
        tour.step()
        // Automatic differentiation gives the derivative itself, with no step
        // size to choose: the same f on tensors, and grad.
        func f(_ x: Tensor) -> Tensor { 3 * x * x - 4 * x }
        print(grad(f)(Tensor(1)))
    }
}
