import Autodiff
import AutodiffPlot

extension Tour {
    static let sinePlot = TourSection("2.5.ex4", "plot sin(x) and its derivative by autodiff",
                                      kind: .exercise, files: ["2.5.ex4-sin.svg"]) { tour in
        // sin acts elementwise: output i depends on input i only, so the
        // gradient of the sum holds sin'(x) at every point, in one backward
        // pass. cos is used only to check the result.
        let x = Tensor.arange(-7, 7, step: 0.1)
        let derivative = grad { x in sin(x).sum() }(x)
        print(allClose(derivative, cos(x)))
        tour.step()
        // ylim leaves room for the legend above the curves.
        let figures = tour.outputDirectory
        let figure = plot(x, [sin(x), derivative], xlabel: "x", ylabel: "f(x)",
                          legend: ["f(x) = sin(x)", "f'(x) by autodiff"], ylim: -1.25...2.25)
        try figure.save(to: figures + "/2.5.ex4-sin.svg")
        tour.saved(figures + "/2.5.ex4-sin.svg", figure)
    }
}
