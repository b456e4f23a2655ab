import Autodiff
import AutodiffPlot

extension Tour {
    static let detaching = TourSection("2.5.3", "Detaching Computation") { tour in
        // z = u * x with u = y(x) = x * x. Detaching u makes it a constant:
        // its value stays, but derivatives do not flow through it, so the
        // gradient of z is u and not 3x^2.
        let x = Tensor.arange(4)
        let y = { (x: Tensor) in x * x }
        let u = stopGradient(y(x))   // or y(x).detached()
        let zGrad = grad { x in (u * x).sum() }(x)
        print(zGrad)
        print((zGrad .== u).scalars.map { $0 == 1 })
        tour.step()
        // The detaching can happen inside the function too...
        print(grad { x in (stopGradient(x * x) * x).sum() }(x))
        // ...and y itself still has its own derivative, 2x.
        let yGrad = grad { x in y(x).sum() }(x)
        print((yGrad .== 2 * x).scalars.map { $0 == 1 })
    }
}
