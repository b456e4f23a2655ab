import Autodiff
import AutodiffPlot

extension Tour {
    static let secondDerivativeCost = TourSection("2.5.ex1", "why a second derivative costs more",
                                                  kind: .exercise) { tour in
        // grad(f) runs f forward, keeping every intermediate value, then runs
        // the pullback of each operation backwards: the derivative is itself
        // a program, about three times as long as f. A second derivative
        // differentiates that whole program, forward pass and pullbacks, so
        // its cost multiplies again. Count the primitive operations each
        // evaluation records (recordedOperations lists them; minus the input).
        let f = { (x: Tensor) in log(x * x) * sin(x) + 1 / x }
        let x = Tensor(shape: [], scalars: [2.0])   // float64
        func operations(_ g: (Tensor) -> Tensor) -> Int { recordedOperations(g, at: x).count - 1 }
        for (name, g) in [("f", f), ("f'", grad(f)), ("f''", grad(grad(f))), ("f'''", grad(grad(grad(f))))] {
            print(name + ":", operations(g), "operations")
        }
        tour.step()
        // Every one of those operations also keeps its inputs alive for the
        // next pullback, so memory grows the same way. The value is right:
        let second = grad(grad(f))(x)
        let central = centralDerivative({ grad(f)(Tensor($0)).doubleItem() }, at: 2, h: 1e-5)
        print(second.rounded(decimals: 6), allClose(second, Tensor(central), rtol: 1e-6))
        // A full Hessian of n inputs is n such passes (hessian = jacfwd(grad(f))).
    }
}
