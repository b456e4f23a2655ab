import Autodiff
import AutodiffPlot

extension Tour {
    static let chainRule = TourSection("2.4.4", "Chain Rule") { tour in
        // For y = g(u) and u = h(x), the chain rule gives the gradient of y
        // with respect to x from the derivative of u with respect to x and
        // the gradient of y with respect to u: in the book's layout,
        // ∇x y = A ∇u y, A holding the derivatives of u by x. Reverse mode
        // is this rule run backwards: vjp returns each step's value and its
        // pullback, which maps a gradient with respect to the output to one
        // with respect to the input. Here u = Wx and y = uᵀu.
        let W: Tensor = [[1, 2, 0], [0, 1, -1]]
        let x: Tensor = [1, -1, 2]
        let (u, pullbackU) = vjp({ x in dot(W, x) }, at: x)
        let (y, pullbackY) = vjp({ u in dot(u, u) }, at: u)
        print(u, y)
        tour.step()
        let gradU = pullbackY(Tensor(1))   // ∇u y = 2u
        let gradX = pullbackU(gradU)       // ∇x y = Wᵀ ∇u y
        print(gradU, gradX)
        print("= Wᵀ(2u):", allClose(gradX, dot(W.transposed(), 2 * u)))
        print("= grad of the whole:", allClose(gradX, grad { x in
            let u = dot(W, x)
            return dot(u, u)
        }(x)))
    }
}
