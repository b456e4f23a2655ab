// Section 2.4 and its exercises: the expected output of `autodiff tour <id> --hide-timings`,
// as GoldenTests compares it. To update after an intended change, run that
// command from a directory where the figures may go to ./figures, and paste.

extension Golden {
    static let calculus: [String: String] = [
        "2.4.1": #"""
2.4.1  Derivatives and Differentiation
======================================

    // The derivative of f at x is the limit of (f(x + h) - f(x)) / h as h
    // goes to 0. For f(x) = 3x^2 - 4x at x = 1 that quotient is 2 + 3h:
    // watch it approach f'(1) = 2. Double (float64) as in the book, so
    // that rounding stays out of the fifth decimal.
    func f(_ x: Double) -> Double { 3 * x * x - 4 * x }
    for h in (1...5).map({ pow(10.0, -Double($0)) }) {
        let limit = numericalDerivative(f, at: 1, h: h)
        print(String(format: "h=%.5f, numerical limit=%.5f", h, limit))
    }
h=0.10000, numerical limit=2.30000
h=0.01000, numerical limit=2.03000
h=0.00100, numerical limit=2.00300
h=0.00010, numerical limit=2.00030
h=0.00001, numerical limit=2.00003

    // Automatic differentiation gives the derivative itself, with no step
    // size to choose: the same f on tensors, and grad.
    func f(_ x: Tensor) -> Tensor { 3 * x * x - 4 * x }
    print(grad(f)(Tensor(1)))
2.0
"""#,
        "2.4.2": #"""
2.4.2  Visualization Utilities
==============================

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
y = 2.0x - 3.0

    let figure = plot(x, [f(x), tangent(x)], xlabel: "x", ylabel: "f(x)",
                      legend: ["f(x)", "Tangent line (x=1)"])
    try figure.save(to: "figures/2.4.2-tangent.svg")
saved figures/2.4.2-tangent.svg
f(x)
  │                                                               ⢀
  │                                                             ⢀⠎⠁
  │                                                           ⢠⠒⠁
10┤                                                         ⡠⠊⠁
  │                                                      ⢀⠤⠊⠁
  │                                                    ⣀⠔⠉
  │                                                 ⢀⠤⠊⠁
 5┤                                               ⡤⠒⠉
  │                                           ⢀⡠⠒⠉
  │                                       ⢀⣀⠤⠊⠁             ⢀⡀⢀⡀⠠⠄⠠
  │                                   ⢀⣀⠔⠒⠉    ⢀⣀ ⣀ ⠤ ⠒⠂⠒⠂⠉⠁⠁
 0┤   ⣀⣀                        ⢀⣀⡠⣔⡒⢊⠅⠠⠄⠐⠒⠐⠊⠈⠉
  │    ⠈⠉⠉⠒⠒⠢⠤⠤⢄⣀⣀⣀⣀⣀⣀⣀⣀⡠⡤⠤⠤⠒⠒⠊⠋⠉⠉⠁
  │      ⡀⣀⡀⠠⠄⠠⠆⠐⠒⠈⠉⠈⠉
  │   ⠉⠁⠉
  └───┬─────────┬──────────┬─────────┬─────────┬──────────┬─────────┬─
      0        0.5         1        1.5        2         2.5        3
                                    x
 ── f(x)   ╌╌ Tangent line (x=1)
"""#,
        "2.4.3": #"""
2.4.3  Partial Derivatives and Gradients
========================================

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
[[1.0, 4.0],
 [2.0, 5.0],
 [3.0, 6.0]]
= Aᵀ: true
= central differences: true

    // Rule 2: the gradient of xᵀB is B, for B of shape n x m (x as a row).
    let B: Tensor = [[1, 0], [2, -1], [0, 3]]
    let xB = { (x: Tensor) in matmul(x.reshaped([1, -1]), B).reshaped([-1]) }
    let gradxB = jacrev(xB)(x).transposed()
    print(gradxB)
    print("= B:", allClose(gradxB, B))
    print("= central differences:", allClose(gradxB, numericalJacobian(xB, at: x).transposed()))
[[1.0, 0.0],
 [2.0, -1.0],
 [0.0, 3.0]]
= B: true
= central differences: true

    // Rule 3: the gradient of xᵀCx is (C + Cᵀ)x, for a square C.
    let C: Tensor = [[2, 1, 0], [0, 3, 1], [1, 0, 1]]
    let xCx = { (x: Tensor) in dot(x, dot(C, x)) }
    let gradxCx = grad(xCx)(x)
    print(gradxCx)
    print("= (C + Cᵀ)x:", allClose(gradxCx, dot(C + C.transposed(), x)))
    print("= central differences:", allClose(gradxCx, numericalGradient(xCx, at: x)))
[5.0, -3.0, 4.0]
= (C + Cᵀ)x: true
= central differences: true

    // Rule 4: the gradient of |x|^2 = xᵀx is 2x.
    let gradNorm = grad { x in dot(x, x) }(x)
    print(gradNorm)
    print("= 2x:", allClose(gradNorm, 2 * x))
    print("= central differences:", allClose(gradNorm, numericalGradient({ x in dot(x, x) }, at: x)))
[2.0, -2.0, 4.0]
= 2x: true
= central differences: true
"""#,
        "2.4.4": #"""
2.4.4  Chain Rule
=================

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
[-1.0, -3.0] 10.0

    let gradU = pullbackY(Tensor(1))   // ∇u y = 2u
    let gradX = pullbackU(gradU)       // ∇x y = Wᵀ ∇u y
    print(gradU, gradX)
    print("= Wᵀ(2u):", allClose(gradX, dot(W.transposed(), 2 * u)))
    print("= grad of the whole:", allClose(gradX, grad { x in
        let u = dot(W, x)
        return dot(u, u)
    }(x)))
[-2.0, -6.0] [-2.0, -10.0, 6.0]
= Wᵀ(2u): true
= grad of the whole: true
"""#,
        "2.4.ex4": #"""
2.4.ex4  Exercise: the derivative of x^x
========================================

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
[0.217, 1.0, 6.7726, 56.6625]
= x^x (log x + 1): true
= central differences: true
"""#,
        "2.4.ex6": #"""
2.4.ex6  Exercise: plot x^3 - 1/x and its tangent line at x = 1
===============================================================

    // f(x) = x^3 - 1/x has f'(x) = 3x^2 + 1/x^2, so f'(1) = 4 and, with
    // f(1) = 0, the tangent line is y = 4x - 4.
    let f = { (x: Tensor) in x * x * x - 1 / x }
    let tangent = tangentLine(of: f, at: 1)
    print(tangent)
    print("slope:", tangent.slope)
y = 4.0x - 4.0
slope: 4.0

    let x = Tensor.arange(0.1, 3, step: 0.05)   // 1/x rules out 0
    let figure = plot(x, [f(x), tangent(x)], xlabel: "x", ylabel: "f(x)",
                      legend: ["f(x) = x^3 - 1/x", "Tangent line (x=1)"])
    try figure.save(to: "figures/2.4.ex6-tangent.svg")
saved figures/2.4.ex6-tangent.svg
f(x)
 25┤                                                              ⣀
   │                                                            ⣀⠖⠁
 20┤                                                         ⢀⡠⠊
   │                                                       ⣀⠔⠉
 15┤                                                    ⣀⠤⠊⠁
   │                                                 ⣠⠴⠊
 10┤                                             ⣀⡤⠖⠋
   │                                         ⣀⠤⠒⠉⠁         ⣀⡀⣀⠠⠤⠠⠄⠒
  5┤                                   ⣀⣀⠤⠖⠊⠉⢀⡀⣀ ⠤⠠⠄⠒⠂⠒⠈⠉⠈⠁
   │                           ⣀⣀⣠⡤⡴⠲⠮⠙⠂⠒⠂⠉⠈⠁
  0┤             ⣀⣀⣀⣀⡤⠤⠤⠴⠒⠒⠒⠋⠉⠉⠈
   │   ⣠⠠⠤⣠⡦⠖⠒⠊⠉⠉⠈
 -5┤    ⡠⠊⠁
   │   ⣰⠁
-10┤   ⠁
   └─┬─────────┬──────────┬─────────┬─────────┬──────────┬─────────┬──
     0        0.5         1        1.5        2         2.5        3
                                    x
 ── f(x) = x^3 - 1/x   ╌╌ Tangent line (x=1)
"""#,
        "2.4.ex7": #"""
2.4.ex7  Exercise: the gradient of 3 x1^2 + 5 e^x2
==================================================

    // The partial derivatives are 6 x1 and 5 e^x2, so the gradient is
    // [6 x1, 5 e^x2]; at x = [2, 1] that is [12, 5e].
    let f = { (x: Tensor) in 3 * x[0] * x[0] + 5 * exp(x[1]) }
    let x: Tensor = [2, 1]
    let gradient = grad(f)(x)
    print(gradient.rounded(decimals: 4))
    print("= [6 x1, 5 e^x2]:", allClose(gradient, stack([6 * x[0], 5 * exp(x[1])])))
    print("= central differences:", allClose(gradient, numericalGradient(f, at: x)))
[12.0, 13.5914]
= [6 x1, 5 e^x2]: true
= central differences: true
"""#,
        "2.4.ex8": #"""
2.4.ex8  Exercise: the gradient of |x| and what happens at x = 0
================================================================

    // Away from 0, |x| = sqrt(xᵀx) has gradient x / |x|: the unit vector
    // pointing along x (the chain rule: 1 / (2 sqrt(xᵀx)) times 2x).
    let x: Tensor = [3, 4]
    let gradient = grad { x in norm(x) }(x)
    print(gradient)
    print("= x / |x|:", allClose(gradient, x / norm(x)))
[0.6, 0.8]
= x / |x|: true

    // At x = 0 the graph of |x| is a cone with its tip at the origin:
    // moving away from 0 in any direction, |x| grows with slope 1. A
    // gradient g would need slope g·d along d and -g·d along -d, so no
    // gradient exists there.
    func slope(along direction: [Double]) -> Double {
        numericalDerivative({ t in norm(Tensor(shape: [2], scalars: direction.map { $0 * t })).doubleItem() },
                            at: 0, h: 1e-6)
    }
    print(String(format: "%.5f %.5f %.5f", slope(along: [1, 0]), slope(along: [-1, 0]), slope(along: [0.6, -0.8])))
1.00000 1.00000 1.00000

    // Every vector of length at most 1 is a subgradient at 0 (the plane it
    // defines stays under the cone). The library's convention returns the
    // one in the middle, 0, rather than the NaN of 0 / 0; the same for
    // the one-dimensional |x|, whose derivative is sign(x) and sign(0) = 0.
    print(grad { x in norm(x) }(Tensor.zeros([2])))
    print(grad { x in abs(x) }(Tensor(0)))
[0.0, 0.0]
0.0
"""#,
    ]
}
