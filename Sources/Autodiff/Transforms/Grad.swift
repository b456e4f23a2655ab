/// The value of `f` at `xs` and the gradients of that value, which must be a
/// single number. `call` is the transform the user called (`grad`,
/// `hessian`...) and where, so that a message names it and the user's line.
func valueAndGradients(_ f: ([Tensor]) -> Tensor, at xs: [Tensor], _ call: Call) -> (value: Tensor, grad: [Tensor]) {
    let reverse = ReverseMode(f, at: xs)
    let value = reverse.value
    if value.count != 1 {
        let alternatives = call.name == "hessian" || call.name == "hvp"
            ? "use jacfwd(jacrev(f)) (a Hessian per output) for non-scalar results"
            : "use vjp (a cotangent per output) or jacrev (the whole Jacobian) for non-scalar results"
        fail("\(call.name): the function must return a single number, but it returned a tensor of shape \(value.shape). Differentiate a scalar such as f(x).sum(), or \(alternatives)", at: call)
    }
    return (value, reverse.pullback(Tensor.ones(like: value), at: xs))
}

/// The gradient of a function that returns a single number: `grad(f)(x)` is
/// `∂f/∂x`, shaped like `x`.
///
/// `f` is any Swift function: loops, branches and recursion on the values
/// of tensors are fine, since derivatives follow the path that ran. It
/// stops with a message if `f` returns more than one number (use
/// `f(x).sum()`, `vjp` or `jacrev`). Gradients of gradients work:
/// `grad(grad(f))`.
///
/// ```swift
/// grad { x in 2 * dot(x, x) }(Tensor.arange(4))   // [0.0, 4.0, 8.0, 12.0]
/// ```
public func grad(_ f: @escaping (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> (Tensor) -> Tensor {
    let call = Call("grad", file: file, line: line)
    return { x in valueAndGradients({ f($0[0]) }, at: [x], call).grad[0] }
}

/// The gradients of a function of two tensors with respect to both.
public func grad(
    _ f: @escaping (Tensor, Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (Tensor, Tensor) -> (Tensor, Tensor) {
    let call = Call("grad", file: file, line: line)
    return { x, y in
        let g = valueAndGradients({ f($0[0], $0[1]) }, at: [x, y], call).grad
        return (g[0], g[1])
    }
}

/// The gradients of a function of a list of tensors, one per tensor.
public func grad(_ f: @escaping ([Tensor]) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> ([Tensor]) -> [Tensor] {
    let call = Call("grad", file: file, line: line)
    return { xs in valueAndGradients(f, at: xs, call).grad }
}

/// The value and the gradient of a function that returns a single number,
/// from one evaluation.
public func valueAndGrad(
    _ f: @escaping (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (Tensor) -> (value: Tensor, grad: Tensor) {
    let call = Call("valueAndGrad", file: file, line: line)
    return { x in
        let (value, g) = valueAndGradients({ f($0[0]) }, at: [x], call)
        return (value, g[0])
    }
}

/// The value and both gradients of a function of two tensors.
public func valueAndGrad(
    _ f: @escaping (Tensor, Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (Tensor, Tensor) -> (value: Tensor, grad: (Tensor, Tensor)) {
    let call = Call("valueAndGrad", file: file, line: line)
    return { x, y in
        let (value, g) = valueAndGradients({ f($0[0], $0[1]) }, at: [x, y], call)
        return (value, (g[0], g[1]))
    }
}

/// The value and the gradients of a function of a list of tensors.
public func valueAndGrad(
    _ f: @escaping ([Tensor]) -> Tensor, file: StaticString = #fileID, line: UInt = #line
) -> ([Tensor]) -> (value: Tensor, grad: [Tensor]) {
    let call = Call("valueAndGrad", file: file, line: line)
    return { xs in valueAndGradients(f, at: xs, call) }
}
