import Autodiff
import AutodiffPlot

extension Tour {
    static let backpropagateTwice = TourSection("2.5.ex2", "running backpropagation twice",
                                                kind: .exercise) { tour in
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
        tour.step()
        // The same with the PyTorch-like recording tape: watch, record, and
        // ask for the gradient twice.
        let tape = GradientTape()
        let watched = tape.watch(x)
        let result = tape.record { y(watched) }
        print(tape.gradient(of: result, wrt: watched), tape.gradient(of: result, wrt: watched))
        tape.finish()
    }
}
