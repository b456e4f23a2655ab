import Autodiff
import AutodiffPlot

extension Tour {
    static let visualization = TourSection("2.4.2", "Visualization Utilities",
                                           files: ["2.4.2-tangent.svg"]) { tour in
        // The book's `plot` helper is AutodiffPlot's `plot`, with the same
        // parameters: X, Y (one series or several), xlabel, ylabel, legend,
        // xlim, ylim, xscale and yscale (.linear or .log), fmts (default
        // "-", "m--", "g-.", "r:"), figsize (3.5 x 2.5 inches) and axes for
        // subplots. It takes [Double], [Float] and Tensor, and makes SVG.
        //
        // The tangent line at x = 1 is y = f(1) + f'(1)(x - 1); tangentLine
        // gets f(1) and f'(1) from one evaluation of f and its pullback.
        func f(_ x: Tensor) -> Tensor { 3 * x * x - 4 * x }
        let x = Tensor.arange(0, 3, step: 0.1)
        let tangent = tangentLine(of: f, at: 1)
        print(tangent)
        tour.step()
        let figures = tour.outputDirectory   // autodiff tour --output DIR
        let figure = plot(x, [f(x), tangent(x)], xlabel: "x", ylabel: "f(x)",
                          legend: ["f(x)", "Tangent line (x=1)"])
        try figure.save(to: figures + "/2.4.2-tangent.svg")
        tour.saved(figures + "/2.4.2-tangent.svg", figure)
    }
}
