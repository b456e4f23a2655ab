import Autodiff
import AutodiffPlot

// Section 2.5 of the book, "Automatic Differentiation", in the JAX edition's
// functional style: grad returns a function, nothing is stored on tensors.

extension Tour {
    static let autodiffSections: [TourSection] = [simpleFunction, nonScalar, detaching, controlFlow]

    /// The book's control-flow example: doubles `a` until its norm reaches
    /// 1000, then keeps the result or multiplies it by 100 depending on its sign.
    static func controlFlowFunction(_ a: Tensor) -> Tensor {
        var b = a * 2
        while norm(b).item() < 1000 {
            b = b * 2
        }
        return b.sum().item() > 0 ? b : 100 * b
    }

    static let simpleFunction = TourSection("2.5.1", "A Simple Function") { (tour: TourContext) throws(TourError) in
        let x = Tensor.arange(4)
        let y = { (x: Tensor) in 2 * dot(x, x) }
        tour.show(#"""
            // Differentiate y = 2 xᵀx with respect to the column vector x.
            let x = Tensor.arange(4)
            print(x)
            let y = { (x: Tensor) in 2 * dot(x, x) }
            print(y(x))
            """#, x, y(x))

        let xGrad = grad(y)(x)
        tour.show(#"""
            // grad(y) is a new function, the gradient of y, with the shape of
            // its input. Nothing is stored on x (no .grad to reset).
            let xGrad = grad(y)(x)
            print(xGrad)
            // The gradient of 2 xᵀx is 4x; .== gives a 0/1 mask.
            print((xGrad .== 4 * x).scalars.map { $0 == 1 })
            """#, xGrad, (xGrad .== 4 * x).scalars.map { $0 == 1 })

        tour.show(#"""
            // Another function of x: its sum, whose gradient is all ones.
            print(grad { x in x.sum() }(x))
            """#, grad { x in x.sum() }(x))
    }

    static let nonScalar = TourSection("2.5.2", "Backward for Non-Scalar Variables") { (tour: TourContext) throws(TourError) in
        let x = Tensor.arange(4)
        tour.show(#"""
            // grad needs a function returning one number: for y = x * x (four
            // numbers) it stops the program with a message naming the shape,
            // as JAX does. Either differentiate the sum, as the book does...
            let x = Tensor.arange(4)
            let y = { (x: Tensor) in x * x }
            print(grad { x in y(x).sum() }(x))
            """#, grad { x in (x * x).sum() }(x))

        let (value, pullback) = vjp({ x in x * x }, at: x)
        tour.show(#"""
            // ...or ask for a vector-Jacobian product: vjp gives y(x) and its
            // pullback, which maps any vector v to vᵀ(∂y/∂x). With v all ones
            // it is the gradient of the sum; with a basis vector, one row of
            // the Jacobian.
            let (value, pullback) = vjp(y, at: x)
            print(value)
            print(pullback(Tensor.ones([4])))
            print(pullback(Tensor([0, 0, 1, 0])))
            """#, value, pullback(Tensor.ones([4])), pullback(Tensor([0, 0, 1, 0])))
    }

    static let detaching = TourSection("2.5.3", "Detaching Computation") { (tour: TourContext) throws(TourError) in
        let x = Tensor.arange(4)
        let y = { (x: Tensor) in x * x }
        let u = stopGradient(y(x))
        let zGrad = grad { x in (u * x).sum() }(x)
        tour.show(#"""
            // z = u * x with u = y(x) = x * x. Detaching u makes it a constant:
            // its value stays, but derivatives do not flow through it, so the
            // gradient of z is u and not 3x^2.
            let x = Tensor.arange(4)
            let y = { (x: Tensor) in x * x }
            let u = stopGradient(y(x))   // or y(x).detached()
            let zGrad = grad { x in (u * x).sum() }(x)
            print(zGrad)
            print((zGrad .== u).scalars.map { $0 == 1 })
            """#, zGrad, (zGrad .== u).scalars.map { $0 == 1 })

        let inside = grad { x in (stopGradient(x * x) * x).sum() }(x)
        let yGrad = grad { x in y(x).sum() }(x)
        tour.show(#"""
            // The detaching can happen inside the function too...
            print(grad { x in (stopGradient(x * x) * x).sum() }(x))
            // ...and y itself still has its own derivative, 2x.
            let yGrad = grad { x in y(x).sum() }(x)
            print((yGrad .== 2 * x).scalars.map { $0 == 1 })
            """#, inside, (yGrad .== 2 * x).scalars.map { $0 == 1 })
    }

    static let controlFlow = TourSection("2.5.4", "Gradients and Python Control Flow") { (tour: TourContext) throws(TourError) in
        let a = Tensor.randomNormal([], seed: 1)
        let d = controlFlowFunction(a)
        let dGrad = grad(controlFlowFunction)(a)
        tour.show(#"""
            // Derivatives follow the path the code took: the number of times the
            // while loop doubles b, and the branch, depend on a. Reading a value
            // with item() for control flow is fine; the derivative is that of
            // the operations that ran.
            func f(_ a: Tensor) -> Tensor {
                var b = a * 2
                while norm(b).item() < 1000 {
                    b = b * 2
                }
                return b.sum().item() > 0 ? b : 100 * b
            }
            let a = Tensor.randomNormal([], seed: 1)
            let d = f(a)
            let dGrad = grad(f)(a)
            print(a.rounded(decimals: 4), d.rounded(decimals: 4), dGrad)
            """#, "\(a.rounded(decimals: 4)) \(d.rounded(decimals: 4)) \(dGrad)")

        tour.show(#"""
            // Whatever path ran, f is linear in a along it: f(a) = k a for some k,
            // so the derivative is k = f(a) / a.
            print(allClose(dGrad, d / a))
            """#, allClose(dGrad, d / a))
    }
}
