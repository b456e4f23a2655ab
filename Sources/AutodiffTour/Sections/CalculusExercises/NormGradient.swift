import Autodiff
import AutodiffPlot

extension Tour {
    static let normGradient = TourSection("2.4.ex8", "the gradient of |x| and what happens at x = 0",
                                          kind: .exercise) { tour in
        // Away from 0, |x| = sqrt(xᵀx) has gradient x / |x|: the unit vector
        // pointing along x (the chain rule: 1 / (2 sqrt(xᵀx)) times 2x).
        let x: Tensor = [3, 4]
        let gradient = grad { x in norm(x) }(x)
        print(gradient)
        print("= x / |x|:", allClose(gradient, x / norm(x)))
        tour.step()
        // At x = 0 the graph of |x| is a cone with its tip at the origin:
        // moving away from 0 in any direction, |x| grows with slope 1. A
        // gradient g would need slope g·d along d and -g·d along -d, so no
        // gradient exists there.
        func slope(along direction: [Double]) -> Double {
            numericalDerivative({ t in norm(Tensor(shape: [2], scalars: direction.map { $0 * t })).doubleItem() },
                                at: 0, h: 1e-6)
        }
        print([slope(along: [1, 0]), slope(along: [-1, 0]), slope(along: [0.6, -0.8])]
            .map { String($0, decimals: 5) }.joined(separator: " "))
        tour.step()
        // Every vector of length at most 1 is a subgradient at 0 (the plane it
        // defines stays under the cone). The library's convention returns the
        // one in the middle, 0, rather than the NaN of 0 / 0; the same for
        // the one-dimensional |x|, whose derivative is sign(x) and sign(0) = 0.
        print(grad { x in norm(x) }(Tensor.zeros([2])))
        print(grad { x in abs(x) }(Tensor(0)))
    }
}
