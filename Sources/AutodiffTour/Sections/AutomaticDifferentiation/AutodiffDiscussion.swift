import Autodiff
import AutodiffPlot

extension Tour {
    static let autodiffDiscussion = TourSection("2.5.5", "Discussion") { tour in
        // The book's four basics of autograd, with GradientTape: (i) attach
        // gradients to the variables to differentiate by (watch), (ii) record
        // the computation of the target value (record), (iii) run
        // backpropagation and (iv) read the resulting gradient
        // (gradient(of:wrt:), which does both).
        let tape = GradientTape()
        let x = tape.watch(Tensor.arange(4))      // (i)
        let y = tape.record { 2 * dot(x, x) }     // (ii)
        let xGrad = tape.gradient(of: y, wrt: x)  // (iii) and (iv)
        tape.finish()
        print(xGrad, "= 4x:", allClose(xGrad, 4 * Tensor.arange(4)))
        tour.step()
        // In the functional style the four steps are one call: grad watches
        // its argument, the function is the recording, the result is the
        // gradient.
        print(grad { x in 2 * dot(x, x) }(Tensor.arange(4)))
        tour.step()
        // Optimizing the autograd library itself borrows from compilers: a
        // derivative is a program (here the primitives grad(f) runs;
        // strongZeroMul is a product in which 0 times infinity is 0, for
        // pullbacks), and compile traces such a program once per shape and
        // replays it.
        let f = { (x: Tensor) in 2 * dot(x, x) }
        print(recordedOperations(grad(f), at: Tensor.arange(4)).map(\.name).joined(separator: " "))
        let compiled = compile(grad(f))
        print(compiled(Tensor.arange(4)), compiled(Tensor([1, 1, 1, 1])))
    }
}
