import Autodiff
import AutodiffPlot

extension Tour {
    static let calculusDiscussion = TourSection("2.4.5", "Discussion",
                                                files: ["2.4.5-descent.svg"]) { tour in
        // The rules compose mechanically, so a program can apply them: that
        // is automatic differentiation. For vector-valued functions the chain
        // rule multiplies matrices: the Jacobian of g(h(x)) is the Jacobian of
        // g at h(x) times the Jacobian of h at x (rows are outputs here; the
        // book's gradients are their transposes, multiplied the other way).
        let W: Tensor = [[1, 2, 0], [0, 1, -1], [2, 0, 1], [1, 1, 1]]
        let h = { (x: Tensor) in tanh(dot(W, x)) }                       // R^3 -> R^4
        let g = { (u: Tensor) in stack([dot(u, u), u[0] * u[3]]) }       // R^4 -> R^2
        let x: Tensor = [0.5, -1, 0.25]
        let chain = jacrev { x in g(h(x)) }(x)                           // 2 x 3
        let product = matmul(jacrev(g)(h(x)), jacfwd(h)(x))              // (2 x 4)(4 x 3)
        print(chain.rounded(decimals: 4))
        print("= J_g(h(x)) J_h(x):", allClose(chain, product, rtol: 1e-5, atol: 1e-6))
        tour.step()
        // Tracing that product is tracing the dependency graph of the
        // variables: forwards when the function is evaluated, backwards when
        // its gradient is. recordedOperations lists the graph of
        // f(x) = sin(x) x + exp(x), each operation with the values it uses.
        let f = { (x: Tensor) in sin(x) * x + exp(x) }
        let a = Tensor(1.5)
        let operations = recordedOperations(f, at: a)
        for operation in operations { print(operation) }
        tour.step()
        // Forwards: each value from the values it uses, in the recorded order.
        var values: [Tensor] = []
        for operation in operations {
            let operands = operation.operands.map { values[$0!] }   // f has no constants
            switch operation.name {
            case "input": values.append(a)
            case "sin": values.append(sin(operands[0]))
            case "exp": values.append(exp(operands[0]))
            case "mul": values.append(operands[0] * operands[1])
            case "add": values.append(operands[0] + operands[1])
            default: fatalError("no rule for \(operation.name)")
            }
        }
        print("f(a) =", values.last!.rounded(decimals: 4), " = f(a):", allClose(values.last!, f(a)))
        tour.step()
        // Backwards: the derivative of f by each value (its adjoint), from f
        // back to x, each operation passing its adjoint on to its operands
        // times the local derivative. x is used by sin, mul and exp: its
        // three contributions add up.
        var adjoints = values.map { Tensor.zeros(like: $0) }
        adjoints[values.count - 1] = Tensor.ones(like: values[values.count - 1])
        for operation in operations.reversed() {
            let adjoint = adjoints[operation.index]
            let operands = operation.operands.map { values[$0!] }, used = operation.operands.map { $0! }
            switch operation.name {
            case "sin": adjoints[used[0]] = adjoints[used[0]] + adjoint * cos(operands[0])
            case "exp": adjoints[used[0]] = adjoints[used[0]] + adjoint * exp(operands[0])
            case "mul":
                adjoints[used[0]] = adjoints[used[0]] + adjoint * operands[1]
                adjoints[used[1]] = adjoints[used[1]] + adjoint * operands[0]
            case "add":
                adjoints[used[0]] = adjoints[used[0]] + adjoint
                adjoints[used[1]] = adjoints[used[1]] + adjoint
            default: break   // the input: nothing to pass on
            }
        }
        print("f'(a) =", adjoints[0].rounded(decimals: 4), " = grad(f)(a):", allClose(adjoints[0], grad(f)(a)))
        tour.step()
        // And gradients tell how to move the parameters of a model to lower
        // its loss: a small step against the gradient goes downhill. Gradient
        // descent on loss(w) = w1^2 + 4 w2^2, whose minimum is w = 0: with the
        // learning rate 0.2 each step overshoots along w2, the steep
        // direction, so the path zigzags across the valley on its way down.
        let loss = { (w: Tensor) in w[0] * w[0] + 4 * w[1] * w[1] }
        var w: Tensor = [-2.5, 1]
        var path = [w]
        for _ in 0..<15 {
            w = w - 0.2 * grad(loss)(w)
            path.append(w)
        }
        print("w:", path[0], "->", path[1].rounded(decimals: 4), "->", path[2].rounded(decimals: 4), "... ->",
              w.rounded(decimals: 4))
        print("loss:", loss(path[0]), "->", String(loss(w).doubleItem(), decimals: 8))
        tour.step()
        // The path over contour lines of the loss: w1^2 + 4 w2^2 = r^2 is the
        // ellipse (r cos t, r/2 sin t). ylim leaves room for the legend.
        let t = Tensor.linspace(0, 2 * Float.pi, count: 100)
        let contours = [0.5, 1, 1.5, 2, 2.5].map { r in (w1: r * cos(t), w2: r / 2 * sin(t)) }
        let points = stack(path)   // one row per step
        let figures = tour.outputDirectory
        let figure = plot([points[all, 0]] + contours.map(\.w1), [points[all, 1]] + contours.map(\.w2),
                          xlabel: "w1", ylabel: "w2", legend: ["gradient descent", "contours of the loss"],
                          xlim: -3...3, ylim: -1.5...2.5, fmts: ["ro-", "c:", "c:", "c:", "c:", "c:"])
        try figure.save(to: figures + "/2.4.5-descent.svg")
        tour.saved(figures + "/2.4.5-descent.svg", figure)
    }
}
