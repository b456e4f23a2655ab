import Autodiff
import AutodiffPlot
import Foundation

// The exercises of section 2.4 that compute something: 4, 6, 7 and 8.

extension Tour {
    static let calculusExercises: [TourSection] = [powerTower, cubicTangent, twoVariableGradient, normGradient]

    static let powerTower = TourSection("2.4.ex4", "the derivative of x^x", kind: .exercise) { (tour: TourContext) throws(TourError) in
        let x: Tensor = [0.5, 1, 2, 3]
        let dxx = grad { x in pow(x, x).sum() }(x)
        let rule = pow(x, x) * (log(x) + 1)
        let central = Tensor(shape: x.shape, scalars: x.doubles.map { x in
            centralDerivative({ Foundation.pow($0, $0) }, at: x)
        })
        tour.show(#"""
            // By hand: x^x = e^(x log x), so its derivative is
            // e^(x log x) (log x + 1) = x^x (log x + 1). Autodiff needs no
            // rewriting: pow with a tensor exponent differentiates with respect
            // to the base and the exponent, and the two terms add up. The
            // function acts elementwise, so the gradient of its sum holds the
            // derivative at each point.
            let x: Tensor = [0.5, 1, 2, 3]
            let dxx = grad { x in pow(x, x).sum() }(x)
            print(dxx.rounded(decimals: 4))
            print("= x^x (log x + 1):", allClose(dxx, pow(x, x) * (log(x) + 1)))
            let central = x.doubles.map { x in centralDerivative({ pow($0, $0) }, at: x) }
            print("= central differences:", allClose(dxx, Tensor(shape: x.shape, scalars: central)))
            """#, dxx.rounded(decimals: 4), "= x^x (log x + 1): \(allClose(dxx, rule))",
            "= central differences: \(allClose(dxx, central))")
    }

    static let cubicTangent = TourSection("2.4.ex6", "plot x^3 - 1/x and its tangent line at x = 1",
                                          kind: .exercise, files: ["2.4.ex6-tangent.svg"]) { (tour: TourContext) throws(TourError) in
        let f = { (x: Tensor) in x * x * x - 1 / x }
        let tangent = tangentLine(of: f, at: 1)
        tour.show(#"""
            // f(x) = x^3 - 1/x has f'(x) = 3x^2 + 1/x^2, so f'(1) = 4 and, with
            // f(1) = 0, the tangent line is y = 4x - 4.
            let f = { (x: Tensor) in x * x * x - 1 / x }
            let tangent = tangentLine(of: f, at: 1)
            print(tangent)
            print("slope:", tangent.slope)
            """#, tangent, "slope: \(tangent.slope)")

        let x = Tensor.arange(0.1, 3, step: 0.05)
        let figure = plot(x, [f(x), tangent(x)], xlabel: "x", ylabel: "f(x)",
                          legend: ["f(x) = x^3 - 1/x", "Tangent line (x=1)"])
        tour.show(#"""
            let x = Tensor.arange(0.1, 3, step: 0.05)   // 1/x rules out 0
            let figure = plot(x, [f(x), tangent(x)], xlabel: "x", ylabel: "f(x)",
                              legend: ["f(x) = x^3 - 1/x", "Tangent line (x=1)"])
            try figure.save(to: "\#(tour.path("2.4.ex6-tangent.svg"))")
            """#)
        try tour.save(figure, as: "2.4.ex6-tangent.svg")
    }

    static let twoVariableGradient = TourSection("2.4.ex7", "the gradient of 3 x1^2 + 5 e^x2",
                                                 kind: .exercise) { (tour: TourContext) throws(TourError) in
        let f = { (x: Tensor) in 3 * x[0] * x[0] + 5 * exp(x[1]) }
        let x: Tensor = [2, 1]
        let gradient = grad(f)(x)
        tour.show(#"""
            // The partial derivatives are 6 x1 and 5 e^x2, so the gradient is
            // [6 x1, 5 e^x2]; at x = [2, 1] that is [12, 5e].
            let f = { (x: Tensor) in 3 * x[0] * x[0] + 5 * exp(x[1]) }
            let x: Tensor = [2, 1]
            let gradient = grad(f)(x)
            print(gradient.rounded(decimals: 4))
            print("= [6 x1, 5 e^x2]:", allClose(gradient, stack([6 * x[0], 5 * exp(x[1])])))
            print("= central differences:", allClose(gradient, numericalGradient(f, at: x)))
            """#, gradient.rounded(decimals: 4),
            "= [6 x1, 5 e^x2]: \(allClose(gradient, stack([6 * x[0], 5 * exp(x[1])])))",
            "= central differences: \(allClose(gradient, numericalGradient(f, at: x)))")
    }

    static let normGradient = TourSection("2.4.ex8", "the gradient of |x| and what happens at x = 0",
                                          kind: .exercise) { (tour: TourContext) throws(TourError) in
        let x: Tensor = [3, 4]
        let gradient = grad { x in norm(x) }(x)
        tour.show(#"""
            // Away from 0, |x| = sqrt(xᵀx) has gradient x / |x|: the unit vector
            // pointing along x (the chain rule: 1 / (2 sqrt(xᵀx)) times 2x).
            let x: Tensor = [3, 4]
            let gradient = grad { x in norm(x) }(x)
            print(gradient)
            print("= x / |x|:", allClose(gradient, x / norm(x)))
            """#, gradient, "= x / |x|: \(allClose(gradient, x / norm(x)))")

        func slope(along direction: [Double]) -> Double {
            numericalDerivative({ t in norm(Tensor(shape: [2], scalars: direction.map { $0 * t })).doubleItem() },
                                at: 0, h: 1e-6)
        }
        tour.show(#"""
            // At x = 0 the graph of |x| is a cone with its tip at the origin:
            // moving away from 0 in any direction, |x| grows with slope 1. A
            // gradient g would need slope g·d along d and -g·d along -d, so no
            // gradient exists there.
            func slope(along direction: [Double]) -> Double {
                numericalDerivative({ t in norm(Tensor(shape: [2], scalars: direction.map { $0 * t })).doubleItem() },
                                    at: 0, h: 1e-6)
            }
            print(String(format: "%.5f %.5f %.5f", slope(along: [1, 0]), slope(along: [-1, 0]), slope(along: [0.6, -0.8])))
            """#, String(format: "%.5f %.5f %.5f", slope(along: [1, 0]), slope(along: [-1, 0]),
                         slope(along: [0.6, -0.8])))

        let atZero = grad { x in norm(x) }(Tensor.zeros([2]))
        let absAtZero = grad { x in abs(x) }(Tensor(0))
        tour.show(#"""
            // Every vector of length at most 1 is a subgradient at 0 (the plane it
            // defines stays under the cone). The library's convention returns the
            // one in the middle, 0, rather than the NaN of 0 / 0; the same for
            // the one-dimensional |x|, whose derivative is sign(x) and sign(0) = 0.
            print(grad { x in norm(x) }(Tensor.zeros([2])))
            print(grad { x in abs(x) }(Tensor(0)))
            """#, atZero, absAtZero)
    }
}
