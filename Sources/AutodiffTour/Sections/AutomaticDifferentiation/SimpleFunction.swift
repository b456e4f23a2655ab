import Autodiff
import AutodiffPlot

// Section 2.5 of the book, "Automatic Differentiation", in the JAX edition's
// functional style: grad returns a function, nothing is stored on tensors.

extension Tour {
    static let simpleFunction = TourSection("2.5.1", "A Simple Function") { tour in
        // Differentiate y = 2 xᵀx with respect to the column vector x.
        let x = Tensor.arange(4)
        print(x)
        let y = { (x: Tensor) in 2 * dot(x, x) }
        print(y(x))
        tour.step()
        // grad(y) is a new function, the gradient of y, with the shape of
        // its input. Nothing is stored on x (no .grad to reset).
        let xGrad = grad(y)(x)
        print(xGrad)
        // The gradient of 2 xᵀx is 4x; .== gives a 0/1 mask.
        print((xGrad .== 4 * x).scalars.map { $0 == 1 })
        tour.step()
        // Another function of x: its sum, whose gradient is all ones.
        print(grad { x in x.sum() }(x))
    }
}
