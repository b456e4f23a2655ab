import Autodiff
import AutodiffPlot
import Foundation

// Section 2.4 of the book, "Calculus": the numerical limit, the plot of a
// function and its tangent, the rules for gradients, the chain rule.
//
// Each step shows its code as text, then runs the same code: Swift cannot
// print its own source, so the two are kept side by side, and the golden
// tests catch an output that no longer matches the story.

extension Tour {
    static let calculusSections: [TourSection] = [derivatives, visualization, gradients, chainRule]

    /// f(x) = 3x^2 - 4x, the book's running example, on tensors.
    static func bookFunction(_ x: Tensor) -> Tensor { 3 * x * x - 4 * x }

    static let derivatives = TourSection("2.4.1", "Derivatives and Differentiation") { (tour: TourContext) throws(TourError) in
        func f(_ x: Double) -> Double { 3 * x * x - 4 * x }
        var lines: [String] = []
        for h in (1...5).map({ Foundation.pow(10.0, -Double($0)) }) {
            let limit = numericalDerivative(f, at: 1, h: h)
            lines.append(String(format: "h=%.5f, numerical limit=%.5f", h, limit))
        }
        tour.show(#"""
            // The derivative of f at x is the limit of (f(x + h) - f(x)) / h as h
            // goes to 0. For f(x) = 3x^2 - 4x at x = 1 that quotient is 2 + 3h:
            // watch it approach f'(1) = 2. Double (float64) as in the book, so
            // that rounding stays out of the fifth decimal.
            func f(_ x: Double) -> Double { 3 * x * x - 4 * x }
            for h in (1...5).map({ pow(10.0, -Double($0)) }) {
                let limit = numericalDerivative(f, at: 1, h: h)
                print(String(format: "h=%.5f, numerical limit=%.5f", h, limit))
            }
            """#, lines.joined(separator: "\n"))

        tour.show(#"""
            // Automatic differentiation gives the derivative itself, with no step
            // size to choose: the same f on tensors, and grad.
            func f(_ x: Tensor) -> Tensor { 3 * x * x - 4 * x }
            print(grad(f)(Tensor(1)))
            """#, grad(bookFunction)(Tensor(1)))
    }

    static let visualization = TourSection("2.4.2", "Visualization Utilities",
                                           files: ["2.4.2-tangent.svg"]) { (tour: TourContext) throws(TourError) in
        let x = Tensor.arange(0, 3, step: 0.1)
        let tangent = tangentLine(of: bookFunction, at: 1)
        tour.show(#"""
            // The book's `plot` helper is AutodiffPlot's `plot`, with the same
            // parameters: X, Y (one series or several), xlabel, ylabel, legend,
            // xlim, ylim, xscale and yscale ("linear" or "log"), fmts (default
            // "-", "m--", "g-.", "r:"), figsize (3.5 x 2.5 inches) and axes for
            // subplots. It takes [Double], [Float] and Tensor, and makes SVG.
            //
            // The tangent line at x = 1 is y = f(1) + f'(1)(x - 1); tangentLine
            // gets f(1) and f'(1) from one evaluation of f and its pullback.
            let x = Tensor.arange(0, 3, step: 0.1)
            let tangent = tangentLine(of: f, at: 1)
            print(tangent)
            """#, tangent)

        let figure = plot(x, [bookFunction(x), tangent(x)], xlabel: "x", ylabel: "f(x)",
                          legend: ["f(x)", "Tangent line (x=1)"])
        tour.show(#"""
            let figure = plot(x, [f(x), tangent(x)], xlabel: "x", ylabel: "f(x)",
                              legend: ["f(x)", "Tangent line (x=1)"])
            try figure.save(to: "\#(tour.path("2.4.2-tangent.svg"))")
            """#)
        try tour.save(figure, as: "2.4.2-tangent.svg")
    }

    static let gradients = TourSection("2.4.3", "Partial Derivatives and Gradients") { (tour: TourContext) throws(TourError) in
        let A: Tensor = [[1, 2, 3], [4, 5, 6]]
        let x: Tensor = [1, -1, 2]
        let Ax = { (x: Tensor) in dot(A, x) }
        let gradAx = jacrev(Ax)(x).transposed()
        tour.show(#"""
            // The rules for x in R^n. The book writes gradients in denominator
            // layout: the gradient of a vector-valued function is the transpose
            // of its Jacobian, which jacrev computes. Each rule is checked
            // against central differences (numericalGradient, one output at a
            // time), which know nothing of autodiff.
            func numericalJacobian(_ f: (Tensor) -> Tensor, at x: Tensor) -> Tensor {
                stack((0..<f(x).count).map { i in numericalGradient({ f($0)[i] }, at: x) })
            }
            let x: Tensor = [1, -1, 2]

            // Rule 1: the gradient of Ax is Aᵀ, for A of shape m x n.
            let A: Tensor = [[1, 2, 3], [4, 5, 6]]
            let gradAx = jacrev { x in dot(A, x) }(x).transposed()
            print(gradAx)
            print("= Aᵀ:", allClose(gradAx, A.transposed()))
            print("= central differences:",
                  allClose(gradAx, numericalJacobian({ x in dot(A, x) }, at: x).transposed()))
            """#, gradAx, "= Aᵀ: \(allClose(gradAx, A.transposed()))",
            "= central differences: \(allClose(gradAx, numericalJacobian(Ax, at: x).transposed()))")

        let B: Tensor = [[1, 0], [2, -1], [0, 3]]
        let xB = { (x: Tensor) in matmul(x.reshaped([1, -1]), B).reshaped([-1]) }
        let gradxB = jacrev(xB)(x).transposed()
        tour.show(#"""
            // Rule 2: the gradient of xᵀB is B, for B of shape n x m (x as a row).
            let B: Tensor = [[1, 0], [2, -1], [0, 3]]
            let xB = { (x: Tensor) in matmul(x.reshaped([1, -1]), B).reshaped([-1]) }
            let gradxB = jacrev(xB)(x).transposed()
            print(gradxB)
            print("= B:", allClose(gradxB, B))
            print("= central differences:", allClose(gradxB, numericalJacobian(xB, at: x).transposed()))
            """#, gradxB, "= B: \(allClose(gradxB, B))",
            "= central differences: \(allClose(gradxB, numericalJacobian(xB, at: x).transposed()))")

        let C: Tensor = [[2, 1, 0], [0, 3, 1], [1, 0, 1]]
        let xCx = { (x: Tensor) in dot(x, dot(C, x)) }
        let gradxCx = grad(xCx)(x)
        tour.show(#"""
            // Rule 3: the gradient of xᵀCx is (C + Cᵀ)x, for a square C.
            let C: Tensor = [[2, 1, 0], [0, 3, 1], [1, 0, 1]]
            let xCx = { (x: Tensor) in dot(x, dot(C, x)) }
            let gradxCx = grad(xCx)(x)
            print(gradxCx)
            print("= (C + Cᵀ)x:", allClose(gradxCx, dot(C + C.transposed(), x)))
            print("= central differences:", allClose(gradxCx, numericalGradient(xCx, at: x)))
            """#, gradxCx, "= (C + Cᵀ)x: \(allClose(gradxCx, dot(C + C.transposed(), x)))",
            "= central differences: \(allClose(gradxCx, numericalGradient(xCx, at: x)))")

        let squaredNorm = { (x: Tensor) in dot(x, x) }
        let gradNorm = grad(squaredNorm)(x)
        tour.show(#"""
            // Rule 4: the gradient of |x|^2 = xᵀx is 2x.
            let gradNorm = grad { x in dot(x, x) }(x)
            print(gradNorm)
            print("= 2x:", allClose(gradNorm, 2 * x))
            print("= central differences:", allClose(gradNorm, numericalGradient({ x in dot(x, x) }, at: x)))
            """#, gradNorm, "= 2x: \(allClose(gradNorm, 2 * x))",
            "= central differences: \(allClose(gradNorm, numericalGradient(squaredNorm, at: x)))")
    }

    static let chainRule = TourSection("2.4.4", "Chain Rule") { (tour: TourContext) throws(TourError) in
        let W: Tensor = [[1, 2, 0], [0, 1, -1]]
        let x: Tensor = [1, -1, 2]
        let (u, pullbackU) = vjp({ x in dot(W, x) }, at: x)
        let (y, pullbackY) = vjp({ u in dot(u, u) }, at: u)
        tour.show(#"""
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
            """#, "\(u) \(y)")

        let gradU = pullbackY(Tensor(1))
        let gradX = pullbackU(gradU)
        let direct = grad { (x: Tensor) in
            let u = dot(W, x)
            return dot(u, u)
        }(x)
        tour.show(#"""
            let gradU = pullbackY(Tensor(1))   // ∇u y = 2u
            let gradX = pullbackU(gradU)       // ∇x y = Wᵀ ∇u y
            print(gradU, gradX)
            print("= Wᵀ(2u):", allClose(gradX, dot(W.transposed(), 2 * u)))
            print("= grad of the whole:", allClose(gradX, grad { x in
                let u = dot(W, x)
                return dot(u, u)
            }(x)))
            """#, "\(gradU) \(gradX)", "= Wᵀ(2u): \(allClose(gradX, dot(W.transposed(), 2 * u)))",
            "= grad of the whole: \(allClose(gradX, direct))")
    }
}

/// The Jacobian of `f` at `x` by central differences, one output element at
/// a time: the reference that the tour's rules are checked against.
func numericalJacobian(_ f: (Tensor) -> Tensor, at x: Tensor) -> Tensor {
    stack((0..<f(x).count).map { i in numericalGradient({ f($0)[i] }, at: x) })
}
