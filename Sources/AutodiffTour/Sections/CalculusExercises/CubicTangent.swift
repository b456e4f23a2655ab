import Autodiff
import AutodiffPlot

extension Tour {
    static let cubicTangent = TourSection("2.4.ex6", "plot x^3 - 1/x and its tangent line at x = 1",
                                          kind: .exercise, files: ["2.4.ex6-tangent.svg"]) { tour in
        // f(x) = x^3 - 1/x has f'(x) = 3x^2 + 1/x^2, so f'(1) = 4 and, with
        // f(1) = 0, the tangent line is y = 4x - 4.
        let f = { (x: Tensor) in x * x * x - 1 / x }
        let tangent = tangentLine(of: f, at: 1)
        print(tangent)
        print("slope:", tangent.slope)
        tour.step()
        let x = Tensor.arange(0.1, 3, step: 0.05)   // 1/x rules out 0
        let figures = tour.outputDirectory
        let figure = plot(x, [f(x), tangent(x)], xlabel: "x", ylabel: "f(x)",
                          legend: ["f(x) = x^3 - 1/x", "Tangent line (x=1)"])
        try figure.save(to: figures + "/2.4.ex6-tangent.svg")
        tour.saved(figures + "/2.4.ex6-tangent.svg", figure)
    }
}
