import Autodiff
import AutodiffPlot

// Exercises 5 to 7 of section 2.5, on f(x) = log(x^2) sin(x) + 1/x: its
// dependency graph, its derivative by the chain rule along that graph, and
// the same derivative accumulated forwards and backwards.

extension Tour {
    static let graphTitle = "f(x) = log(x^2) sin(x) + 1/x"

    static let dependencyGraph = TourSection("2.5.ex5", "the dependency graph of f(x) = log(x^2) sin(x) + 1/x",
                                             kind: .exercise,
                                             files: ["2.5.ex5-graph.dot", "2.5.ex5-graph.svg"]) { (tour: TourContext) throws(TourError) in
        let graph = DependencyGraph(of: graphFunction, at: Tensor(2))
        tour.show(#"""
            // Evaluate f once and record the primitive operations it runs: each
            // line is a node of the dependency graph and names the nodes it uses
            // (%0 is x; const is a number of the source, the 1 of 1/x; x^2 is
            // written x * x, so x is used twice by %1).
            let f = { (x: Tensor) in log(x * x) * sin(x) + 1 / x }
            let graph = DependencyGraph(of: f, at: Tensor(2))
            print(graph.text)
            """#, graph.text)

        tour.show(#"""
            // The same graph for Graphviz (dot -Tsvg), and drawn by the tour
            // itself: one row per depth, x at the top, f(x) at the bottom.
            try graph.dot(title: "\#(graphTitle)")
                .write(toFile: "\#(tour.path("2.5.ex5-graph.dot"))", atomically: true, encoding: .utf8)
            try graph.svg(title: "\#(graphTitle)")
                .write(toFile: "\#(tour.path("2.5.ex5-graph.svg"))", atomically: true, encoding: .utf8)
            """#)
        try tour.save(graph.dot(title: graphTitle), as: "2.5.ex5-graph.dot")
        try tour.save(graph.svg(title: graphTitle), as: "2.5.ex5-graph.svg")
    }

    static let chainRuleOnGraph = TourSection("2.5.ex6", "df/dx by the chain rule on that graph",
                                              kind: .exercise) { (tour: TourContext) throws(TourError) in
        let x = Tensor(shape: [5], scalars: [0.5, 1, 2, 3, 4])
        let u1 = x * x, u3 = sin(x)
        let u2 = log(u1)
        let chain = u3 / u1 * 2 * x + u2 * cos(x) - 1 / (x * x)
        let autodiff = grad { x in graphFunction(x).sum() }(x)
        tour.show(#"""
            // Name the graph's values u1 = x x (%1), u2 = log u1 (%2),
            // u3 = sin x (%3), u4 = u2 u3 (%4), u5 = 1/x (%5), f = u4 + u5 (%6).
            // Each edge carries a local derivative:
            //   x  -> u1: 2x (x on both edges)   u1 -> u2: 1/u1
            //   x  -> u3: cos x                  u2 -> u4: u3     u3 -> u4: u2
            //   x  -> u5: -1/x^2                 u4 -> f: 1       u5 -> f: 1
            // The chain rule sums, over every path from x to f, the product of
            // the local derivatives along it:
            //   df/dx = 1 u3 (1/u1) 2x + 1 u2 cos x + 1 (-1/x^2)
            //         = 2 sin(x)/x + log(x^2) cos(x) - 1/x^2
            let x = Tensor(shape: [5], scalars: [0.5, 1, 2, 3, 4])
            let u1 = x * x, u3 = sin(x)
            let u2 = log(u1)
            let chain = u3 / u1 * 2 * x + u2 * cos(x) - 1 / (x * x)
            print(chain.rounded(decimals: 4))
            // f acts elementwise, so the gradient of its sum is f' at each point.
            print(allClose(chain, grad { x in f(x).sum() }(x)))
            """#, chain.rounded(decimals: 4), allClose(chain, autodiff))
    }

    static let forwardAndReverse = TourSection("2.5.ex7", "forward and reverse differentiation of the same f",
                                               kind: .exercise) { (tour: TourContext) throws(TourError) in
        let x = Tensor(shape: [], scalars: [2.0])
        let u1 = x * x, u3 = sin(x)
        let u2 = log(u1), u5 = 1 / x
        // Forward: tangents (derivatives by x) in the order the values were computed.
        let dx = Tensor(shape: [], scalars: [1.0])
        let du1 = 2 * x * dx, du3 = cos(x) * dx
        let du2 = du1 / u1, du5 = -u5 * u5 * dx
        let du4 = u3 * du2 + u2 * du3
        let df = du4 + du5
        // Reverse: adjoints (derivatives of f by each value) from f back to x.
        let gf = Tensor(shape: [], scalars: [1.0])
        let gu4 = gf, gu5 = gf
        let gu2 = gu4 * u3, gu3 = gu4 * u2
        let gu1 = gu2 / u1
        let gx = gu1 * 2 * x + gu3 * cos(x) + gu5 * (-u5 * u5)
        func line(_ values: KeyValuePairs<String, Tensor>) -> String {
            values.map { "\($0) = \($1.rounded(decimals: 6))" }.joined(separator: "  ")
        }
        tour.show(#"""
            // Forward: start from dx = 1 at x and carry each value's derivative
            // by x (its tangent) along the edges, in the order f ran: one pass
            // gives df/dx, and works for any number of outputs.
            let x = Tensor(shape: [], scalars: [2.0])
            let u1 = x * x, u3 = sin(x)
            let u2 = log(u1), u5 = 1 / x
            let dx = Tensor(shape: [], scalars: [1.0])
            let du1 = 2 * x * dx, du3 = cos(x) * dx
            let du2 = du1 / u1, du5 = -u5 * u5 * dx
            let du4 = u3 * du2 + u2 * du3
            let df = du4 + du5
            func line(_ values: KeyValuePairs<String, Tensor>) -> String {
                values.map { "\($0) = \($1.rounded(decimals: 6))" }.joined(separator: "  ")
            }
            print(line(["du1": du1, "du2": du2, "du3": du3, "du4": du4, "du5": du5, "df": df]))
            """#, line(["du1": du1, "du2": du2, "du3": du3, "du4": du4, "du5": du5, "df": df]))

        tour.show(#"""
            // Reverse: start from gf = 1 at f and carry the derivative of f by
            // each value (its adjoint) back along the edges; where a value is
            // used twice, as x is, the contributions add. One pass gives the
            // derivative by every input, but needs the forward values u1...u5.
            let gf = Tensor(shape: [], scalars: [1.0])
            let gu4 = gf, gu5 = gf
            let gu2 = gu4 * u3, gu3 = gu4 * u2
            let gu1 = gu2 / u1
            let gx = gu1 * 2 * x + gu3 * cos(x) + gu5 * (-u5 * u5)
            print(line(["gu4": gu4, "gu5": gu5, "gu2": gu2, "gu3": gu3, "gu1": gu1, "gx": gx]))
            """#, line(["gu4": gu4, "gu5": gu5, "gu2": gu2, "gu3": gu3, "gu1": gu1, "gx": gx]))

        let forward = jvp(graphFunction, at: x, tangent: Tensor(shape: [], scalars: [1.0])).tangent
        let reverse = vjp(graphFunction, at: x).pullback(Tensor(shape: [], scalars: [1.0]))
        let v = Tensor(shape: [3], scalars: [0.5, 1, 2])
        let h = { (x: Tensor) in sin(x) * x.sum() }
        tour.show(#"""
            // The library's two modes do the same: jvp pushes a tangent forward,
            // vjp pulls a cotangent back. Same result, and both equal the sweeps
            // above; for a function of a vector, jacfwd and jacrev agree too.
            let one = Tensor(shape: [], scalars: [1.0])
            let forward = jvp(f, at: x, tangent: one).tangent
            let reverse = vjp(f, at: x).pullback(one)
            print(forward.rounded(decimals: 6), reverse.rounded(decimals: 6))
            print(allClose(forward, df), allClose(reverse, gx), allClose(forward, reverse))
            let h = { (x: Tensor) in sin(x) * x.sum() }
            let v = Tensor(shape: [3], scalars: [0.5, 1, 2])
            print(allClose(jacfwd(h)(v), jacrev(h)(v)))
            """#, "\(forward.rounded(decimals: 6)) \(reverse.rounded(decimals: 6))",
            "\(allClose(forward, df)) \(allClose(reverse, gx)) \(allClose(forward, reverse))",
            allClose(jacfwd(h)(v), jacrev(h)(v)))
    }
}
