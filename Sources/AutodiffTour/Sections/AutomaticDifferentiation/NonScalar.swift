import Autodiff
import AutodiffPlot

extension Tour {
    static let nonScalar = TourSection("2.5.2", "Backward for Non-Scalar Variables") { tour in
        // grad needs a function returning one number: for y = x * x (four
        // numbers) it stops the program with a message naming the shape,
        // as JAX does. Either differentiate the sum, as the book does...
        let x = Tensor.arange(4)
        let y = { (x: Tensor) in x * x }
        print(grad { x in y(x).sum() }(x))
        tour.step()
        // ...or ask for a vector-Jacobian product: vjp gives y(x) and its
        // pullback, which maps any vector v to vᵀ(∂y/∂x). With v all ones
        // it is the gradient of the sum; with a basis vector, one row of
        // the Jacobian.
        let (value, pullback) = vjp(y, at: x)
        print(value)
        print(pullback(Tensor.ones([4])))
        print(pullback(Tensor([0, 0, 1, 0])))
    }
}
