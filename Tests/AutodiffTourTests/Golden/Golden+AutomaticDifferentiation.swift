// Section 2.5: the expected output of `autodiff tour <id> --hide-timings`,
// as GoldenTests compares it. To update after an intended change, run that
// command from a directory where the figures may go to ./figures, and paste.

extension Golden {
    static let automaticDifferentiation: [String: String] = [
        "2.5.1": #"""
2.5.1  A Simple Function
========================

    // Differentiate y = 2 xᵀx with respect to the column vector x.
    let x = Tensor.arange(4)
    print(x)
    let y = { (x: Tensor) in 2 * dot(x, x) }
    print(y(x))
[0.0, 1.0, 2.0, 3.0]
28.0

    // grad(y) is a new function, the gradient of y, with the shape of
    // its input. Nothing is stored on x (no .grad to reset).
    let xGrad = grad(y)(x)
    print(xGrad)
    // The gradient of 2 xᵀx is 4x; .== gives a 0/1 mask.
    print((xGrad .== 4 * x).scalars.map { $0 == 1 })
[0.0, 4.0, 8.0, 12.0]
[true, true, true, true]

    // Another function of x: its sum, whose gradient is all ones.
    print(grad { x in x.sum() }(x))
[1.0, 1.0, 1.0, 1.0]
"""#,
        "2.5.2": #"""
2.5.2  Backward for Non-Scalar Variables
========================================

    // grad needs a function returning one number: for y = x * x (four
    // numbers) it stops the program with a message naming the shape,
    // as JAX does. Either differentiate the sum, as the book does...
    let x = Tensor.arange(4)
    let y = { (x: Tensor) in x * x }
    print(grad { x in y(x).sum() }(x))
[0.0, 2.0, 4.0, 6.0]

    // ...or ask for a vector-Jacobian product: vjp gives y(x) and its
    // pullback, which maps any vector v to vᵀ(∂y/∂x). With v all ones
    // it is the gradient of the sum; with a basis vector, one row of
    // the Jacobian.
    let (value, pullback) = vjp(y, at: x)
    print(value)
    print(pullback(Tensor.ones([4])))
    print(pullback(Tensor([0, 0, 1, 0])))
[0.0, 1.0, 4.0, 9.0]
[0.0, 2.0, 4.0, 6.0]
[0.0, 0.0, 4.0, 0.0]
"""#,
        "2.5.3": #"""
2.5.3  Detaching Computation
============================

    // z = u * x with u = y(x) = x * x. Detaching u makes it a constant:
    // its value stays, but derivatives do not flow through it, so the
    // gradient of z is u and not 3x^2.
    let x = Tensor.arange(4)
    let y = { (x: Tensor) in x * x }
    let u = stopGradient(y(x))   // or y(x).detached()
    let zGrad = grad { x in (u * x).sum() }(x)
    print(zGrad)
    print((zGrad .== u).scalars.map { $0 == 1 })
[0.0, 1.0, 4.0, 9.0]
[true, true, true, true]

    // The detaching can happen inside the function too...
    print(grad { x in (stopGradient(x * x) * x).sum() }(x))
    // ...and y itself still has its own derivative, 2x.
    let yGrad = grad { x in y(x).sum() }(x)
    print((yGrad .== 2 * x).scalars.map { $0 == 1 })
[0.0, 1.0, 4.0, 9.0]
[true, true, true, true]
"""#,
        "2.5.4": #"""
2.5.4  Gradients and Python Control Flow
========================================

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
0.6142 1257.8147 2048.0

    // Whatever path ran, f is linear in a along it: f(a) = k a for some k,
    // so the derivative is k = f(a) / a.
    print(allClose(dGrad, d / a))
true
"""#,
    ]
}
