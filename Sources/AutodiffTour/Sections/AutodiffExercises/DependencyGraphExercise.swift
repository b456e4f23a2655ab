import Autodiff
import AutodiffPlot

extension Tour {
    static let dependencyGraph = TourSection("2.5.ex5", "the dependency graph of f(x) = log(x^2) sin(x) + 1/x",
                                             kind: .exercise,
                                             files: ["2.5.ex5-graph.dot", "2.5.ex5-graph.svg"]) { tour in
        // Evaluate f once and record the primitive operations it runs: each
        // line is a node of the dependency graph and names the nodes it uses
        // (%0 is x; const is a number of the source, the 1 of 1/x; x^2 is
        // written x * x, so x is used twice by %1).
        let f = { (x: Tensor) in log(x * x) * sin(x) + 1 / x }
        let graph = DependencyGraph(of: f, at: Tensor(2))
        print(graph.text)
        tour.step()
        // The same graph for Graphviz (dot -Tsvg), and drawn by AutodiffPlot
        // itself: one row per depth, x at the top, f(x) at the bottom.
        let figures = tour.outputDirectory
        try graph.saveDOT(to: figures + "/2.5.ex5-graph.dot", title: "f(x) = log(x^2) sin(x) + 1/x")
        try graph.saveSVG(to: figures + "/2.5.ex5-graph.svg", title: "f(x) = log(x^2) sin(x) + 1/x")
        tour.saved(figures + "/2.5.ex5-graph.dot")
        tour.saved(figures + "/2.5.ex5-graph.svg")
    }
}
