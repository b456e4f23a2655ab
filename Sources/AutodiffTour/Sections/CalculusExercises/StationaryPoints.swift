import Autodiff
import AutodiffPlot

extension Tour {
    static let stationaryPoints = TourSection("2.4.ex5", "what f'(x) = 0 means, and where it holds",
                                              kind: .exercise) { tour in
        // f'(x) = 0 means the tangent at x is horizontal: to first order, f
        // neither rises nor falls there. Such a stationary point can be a
        // minimum, a maximum or neither; the second derivative tells them
        // apart when it is not 0 (f'' > 0: a minimum, f'' < 0: a maximum).
        // Three examples, with f' and f'' by grad and f on both sides:
        let examples: [(name: String, f: (Tensor) -> Tensor, at: Double)] = [
            ("3x^2 - 4x at x = 2/3", { x in 3 * x * x - 4 * x }, 2.0 / 3),
            ("cos x at x = 0", { x in cos(x) }, 0),
            ("x^3 at x = 0", { x in x * x * x }, 0),
        ]
        for (name, f, at) in examples {
            let x = Tensor(at)   // float64, for a derivative of exactly 0
            let df = grad(f)(x), d2f = grad(grad(f))(x)
            let sides = [f(x - 0.1), f(x), f(x + 0.1)].map { "\($0.rounded(decimals: 4))" }
            print(name + ": f' =", df.rounded(decimals: 6), " f'' =", d2f.rounded(decimals: 6),
                  " f(x - 0.1), f(x), f(x + 0.1) =", sides.joined(separator: ", "))
        }
        tour.step()
        // The first is the minimum of the book's running example, the second
        // a maximum. x^3 has f'(0) = f''(0) = 0 and rises on both sides of 0:
        // an inflection point, not an extremum. Where gradient descent stops
        // (the gradient is 0) is therefore only a candidate for a minimum.
        let cube = { (x: Tensor) in x * x * x }
        print("x^3: f'''(0) =", grad(grad(grad(cube)))(Tensor(0.0)), " f(-0.1) < f(0) < f(0.1):",
              cube(Tensor(-0.1)).item() < 0 && cube(Tensor(0.1)).item() > 0)
    }
}
