import Autodiff
import AutodiffPlot
import Foundation

// Exercises 1 to 4 of section 2.5: the cost of second derivatives, running
// backpropagation twice, a vector input to the control-flow function, and
// the derivative of sin by autodiff.

extension Tour {
    static let autodiffExercises: [TourSection] = [secondDerivativeCost, backpropagateTwice, vectorControlFlow, sinePlot,
                                    dependencyGraph, chainRuleOnGraph, forwardAndReverse, modeTimings]

    /// The function of exercises 5 to 7: f(x) = log(x^2) sin(x) + 1/x.
    static func graphFunction(_ x: Tensor) -> Tensor { log(x * x) * sin(x) + 1 / x }

    static let secondDerivativeCost = TourSection("2.5.ex1", "why a second derivative costs more",
                                                  kind: .exercise) { (tour: TourContext) throws(TourError) in
        let x = Tensor(shape: [], scalars: [2.0])
        func operations(_ g: (Tensor) -> Tensor) -> Int { recordedOperations(g, at: x).count - 1 }
        let f = graphFunction
        let counts = [("f", operations(f)), ("f'", operations(grad(f))),
                      ("f''", operations(grad(grad(f)))), ("f'''", operations(grad(grad(grad(f)))))]
        let table = counts.map { name, count in
            [name.padding(toLength: 5, withPad: " ", startingAt: 0), String(format: "%4d", count), "operations"]
                .joined(separator: " ")
        }
        tour.show(#"""
            // grad(f) runs f forward, keeping every intermediate value, then runs
            // the pullback of each operation backwards: the derivative is itself
            // a program, about three times as long as f. A second derivative
            // differentiates that whole program, forward pass and pullbacks, so
            // its cost multiplies again. Count the primitive operations each
            // evaluation records (recordedOperations lists them; minus the input).
            let f = { (x: Tensor) in log(x * x) * sin(x) + 1 / x }
            let x = Tensor(shape: [], scalars: [2.0])
            func operations(_ g: (Tensor) -> Tensor) -> Int { recordedOperations(g, at: x).count - 1 }
            for (name, g) in [("f", f), ("f'", grad(f)), ("f''", grad(grad(f))), ("f'''", grad(grad(grad(f))))] {
                print(name.padding(toLength: 5, withPad: " ", startingAt: 0), String(format: "%4d", operations(g)), "operations")
            }
            """#, table.joined(separator: "\n"))

        let second = grad(grad(f))(x)
        let central = centralDerivative({ grad(f)(Tensor(shape: [], scalars: [$0])).doubleItem() }, at: 2, h: 1e-5)
        tour.show(#"""
            // Every one of those operations also keeps its inputs alive for the
            // next pullback, so memory grows the same way. The value is right:
            let second = grad(grad(f))(x)
            let central = centralDerivative({ grad(f)(Tensor(shape: [], scalars: [$0])).doubleItem() }, at: 2, h: 1e-5)
            print(second.rounded(decimals: 6), allClose(second, Tensor(shape: [], scalars: [central]), rtol: 1e-6))
            // A full Hessian of n inputs is n such passes (hessian = jacfwd(grad(f))).
            """#, "\(second.rounded(decimals: 6)) \(allClose(second, Tensor(shape: [], scalars: [central]), rtol: 1e-6))")
    }

    static let backpropagateTwice = TourSection("2.5.ex2", "running backpropagation twice",
                                                kind: .exercise) { (tour: TourContext) throws(TourError) in
        let x = Tensor.arange(4)
        let y = { (x: Tensor) in 2 * dot(x, x) }
        let df = grad(y)
        let (_, pullback) = vjp(y, at: x)
        tour.show(#"""
            // PyTorch frees the graph's saved tensors during backward(), so a
            // second backward() fails ("Trying to backward through the graph a
            // second time"), and with retain_graph=True it adds the gradient
            // into x.grad again. Here tensors are immutable values and the tape
            // is only read when going backwards: nothing is freed or
            // accumulated, and running it again gives the same answer.
            let x = Tensor.arange(4)
            let y = { (x: Tensor) in 2 * dot(x, x) }
            let df = grad(y)
            print(df(x), df(x))
            let (_, pullback) = vjp(y, at: x)   // one forward pass...
            print(pullback(Tensor(1)), pullback(Tensor(1)))   // ...two backward passes
            """#, "\(df(x)) \(df(x))", "\(pullback(Tensor(1))) \(pullback(Tensor(1)))")

        let tape = GradientTape()
        let watched = tape.watch(x)
        let result = tape.record { y(watched) }
        let first = tape.gradient(of: result, wrt: watched)
        let again = tape.gradient(of: result, wrt: watched)
        tape.finish()
        tour.show(#"""
            // The same with the PyTorch-like recording tape: watch, record, and
            // ask for the gradient twice.
            let tape = GradientTape()
            let watched = tape.watch(x)
            let result = tape.record { y(watched) }
            print(tape.gradient(of: result, wrt: watched), tape.gradient(of: result, wrt: watched))
            tape.finish()
            """#, "\(first) \(again)")
    }

    static let vectorControlFlow = TourSection("2.5.ex3", "a vector or a matrix a in the control-flow function",
                                               kind: .exercise) { (tour: TourContext) throws(TourError) in
        let f = controlFlowFunction
        let a = Tensor.randomNormal([3], seed: 1)
        let jacobian = jacrev(f)(a)
        let k = jacobian[0, 0]
        tour.show(#"""
            // With a vector a, f(a) is a vector too: grad would stop the program
            // (it needs a single number), and the derivative is a Jacobian. On
            // the path that ran, every element of a was doubled the same number
            // of times (the loop tests the norm of the whole b) and multiplied by
            // 100 or not together: f(a) = k a, so the Jacobian is k I.
            let a = Tensor.randomNormal([3], seed: 1)
            let jacobian = jacrev(f)(a)
            print(jacobian)
            let k = jacobian[0, 0]
            print("k I:", allClose(jacobian, k * Tensor.eye(3)), " f(a) = k a:", allClose(f(a), k * a))
            """#, jacobian,
            "k I: \(allClose(jacobian, k * Tensor.eye(3)))  f(a) = k a: \(allClose(f(a), k * a))")

        let matrix = Tensor.randomNormal([2, 2], seed: 2)
        let matrixJacobian = jacrev(f)(matrix)
        let matrixK = matrixJacobian[0, 0, 0, 0]
        tour.show(#"""
            // A matrix a gives a Jacobian of shape a.shape + a.shape; reshaped to
            // a square matrix it is again k I.
            let matrix = Tensor.randomNormal([2, 2], seed: 2)
            let matrixJacobian = jacrev(f)(matrix)
            print(matrixJacobian.shape)
            let matrixK = matrixJacobian[0, 0, 0, 0]
            print(matrixK, allClose(matrixJacobian.reshaped([4, 4]), matrixK * Tensor.eye(4)))
            """#, matrixJacobian.shape, "\(matrixK) \(allClose(matrixJacobian.reshaped([4, 4]), matrixK * Tensor.eye(4)))")
    }

    static let sinePlot = TourSection("2.5.ex4", "plot sin(x) and its derivative by autodiff",
                                      kind: .exercise, files: ["2.5.ex4-sin.svg"]) { (tour: TourContext) throws(TourError) in
        let x = Tensor.arange(-7, 7, step: 0.1)
        let derivative = grad { x in sin(x).sum() }(x)
        tour.show(#"""
            // sin acts elementwise: output i depends on input i only, so the
            // gradient of the sum holds sin'(x) at every point, in one backward
            // pass. cos is used only to check the result.
            let x = Tensor.arange(-7, 7, step: 0.1)
            let derivative = grad { x in sin(x).sum() }(x)
            print(allClose(derivative, cos(x)))
            """#, allClose(derivative, cos(x)))

        let figure = plot(x, [sin(x), derivative], xlabel: "x", ylabel: "f(x)",
                          legend: ["f(x) = sin(x)", "f'(x) by autodiff"], ylim: -1.25...2.25)
        tour.show(#"""
            // ylim leaves room for the legend above the curves.
            let figure = plot(x, [sin(x), derivative], xlabel: "x", ylabel: "f(x)",
                              legend: ["f(x) = sin(x)", "f'(x) by autodiff"], ylim: -1.25...2.25)
            try figure.save(to: "\#(tour.path("2.5.ex4-sin.svg"))")
            """#)
        try tour.save(figure, as: "2.5.ex4-sin.svg")
    }
}
