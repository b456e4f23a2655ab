import Autodiff
import AutodiffPlot

extension Tour {
    static let multivariateChainRule = TourSection("2.4.ex9", "the chain rule for u = f(x, y, z) with x, y, z functions of a and b",
                                                   kind: .exercise) { tour in
        // u depends on a through each of x, y and z, and the chain rule adds
        // the three paths:
        //   ∂u/∂a = ∂u/∂x ∂x/∂a + ∂u/∂y ∂y/∂a + ∂u/∂z ∂z/∂a
        //   ∂u/∂b = ∂u/∂x ∂x/∂b + ∂u/∂y ∂y/∂b + ∂u/∂z ∂z/∂b
        // In matrices: [∂u/∂a, ∂u/∂b] = [∂u/∂x, ∂u/∂y, ∂u/∂z] J, with J the
        // 3 x 2 Jacobian of (x, y, z) by (a, b). The check, for
        // x = ab, y = a + b^2, z = sin a and u = xy + e^z:
        let xyz = { (ab: Tensor) in stack([ab[0] * ab[1], ab[0] + ab[1] * ab[1], sin(ab[0])]) }
        let u = { (xyz: Tensor) in xyz[0] * xyz[1] + exp(xyz[2]) }
        let ab: Tensor = [0.5, 2]
        let partials = grad(u)(xyz(ab))     // [∂u/∂x, ∂u/∂y, ∂u/∂z] at (x, y, z)
        let J = jacrev(xyz)(ab)             // rows x, y, z; columns a, b
        let bySum = stack([(partials * J[all, 0]).sum(), (partials * J[all, 1]).sum()])
        print("by the sums:", bySum.rounded(decimals: 4), " [∂u/∂x, ∂u/∂y, ∂u/∂z] J:",
              matmul(partials.reshaped([1, 3]), J).reshaped([2]).rounded(decimals: 4))
        print("= grad of u(a, b):", allClose(bySum, grad { ab in u(xyz(ab)) }(ab)))
    }
}
