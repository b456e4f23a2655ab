import Autodiff
import AutodiffPlot

extension Tour {
    static let controlFlow = TourSection("2.5.4", "Gradients and Python Control Flow") { tour in
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
        tour.step()
        // Whatever path ran, f is linear in a along it: f(a) = k a for some k,
        // so the derivative is k = f(a) / a.
        print(allClose(dGrad, d / a))
    }
}
