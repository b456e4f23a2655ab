/// The Jacobian of `f` by reverse mode: one pullback per output element,
/// from a single evaluation of `f`. The result has shape
/// `output.shape + input.shape`; cheap when the output is small.
///
/// ```swift
/// jacrev { x in dot(A, x) }(x)   // A
/// ```
public func jacrev(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
    { x in
        let (value, pullback) = vjp(f, at: x)
        return reverseJacobian(value: value, pullback: pullback, input: x)
    }
}

/// The Jacobian of `f` by forward mode: one tangent per input element.
/// The result has shape `output.shape + input.shape`; cheap when the input
/// is small.
public func jacfwd(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
    { x in
        let basis = Tensor.eye(x.count, dtype: x.dtype)
        var columns = [Tensor]()
        var outputShape = [Int]()
        for i in 0..<x.count {
            let (value, tangent) = jvp(f, at: x, tangent: basis[i].reshaped(x.shape))
            outputShape = value.shape
            columns.append(tangent.reshaped([-1]))
        }
        if columns.isEmpty { return Tensor.zeros(f(x).shape + x.shape, dtype: x.dtype) }
        return stack(columns, axis: 1).reshaped(outputShape + x.shape)
    }
}

/// The Jacobian of `f`, by whichever mode needs fewer passes: reverse mode
/// when the output has no more elements than the input, forward mode
/// otherwise. Shape `output.shape + input.shape`.
public func jacobian(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
    { x in
        let (value, pullback) = vjp(f, at: x)
        if value.count <= x.count {
            return reverseJacobian(value: value, pullback: pullback, input: x)
        }
        return jacfwd(f)(x)
    }
}

/// Stacks the pullbacks of the output's basis vectors.
private func reverseJacobian(value: Tensor, pullback: (Tensor) -> Tensor, input x: Tensor) -> Tensor {
    if value.count == 0 { return Tensor.zeros(value.shape + x.shape, dtype: x.dtype) }
    let basis = Tensor.eye(value.count, dtype: value.dtype)
    let rows = (0..<value.count).map { i in pullback(basis[i].reshaped(value.shape)) }
    return stack(rows).reshaped(value.shape + x.shape)
}

/// The Hessian of a function returning a single number: the Jacobian of its
/// gradient, by forward mode over reverse mode. Shape `input.shape + input.shape`.
///
/// ```swift
/// hessian { x in dot(x, dot(A, x)) }(x)   // A + Aᵀ
/// ```
public func hessian(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
    jacfwd(grad(f))
}

/// The Hessian of `f` at `x` times `v`, without forming the Hessian: the
/// forward derivative of the gradient along `v`, at the cost of about two
/// gradient evaluations.
public func hvp(_ f: (Tensor) -> Tensor, at x: Tensor, along v: Tensor) -> Tensor {
    withoutActuallyEscaping(f) { f in jvp(grad(f), at: x, tangent: v).tangent }
}
