import AutodiffKernels

/// The Jacobian of `f` by reverse mode: the pullbacks of every output
/// element, from a single evaluation of `f`, run together as one batched
/// backward pass (`vmap` of the pullback). The result has shape
/// `output.shape + input.shape`; cheap when the output is small.
///
/// ```swift
/// jacrev { x in dot(A, x) }(x)   // A
/// ```
public func jacrev(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
    { x in reverseJacobian(f, at: x) }
}

func reverseJacobian(_ f: (Tensor) -> Tensor, at x: Tensor, batchElements: Int = jacobianBatchElements) -> Tensor {
    let (value, pullback) = vjp(f, at: x)
    return reverseJacobian(value: value, pullback: pullback, input: x, batchElements: batchElements)
}

/// The Jacobian of `f` by forward mode: the tangents along every input
/// element, pushed through `f` together as one batch (`vmap` of `jvp`).
/// The result has shape `output.shape + input.shape`; cheap when the input
/// is small.
public func jacfwd(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
    { x in forwardJacobian(f, at: x) }
}

func forwardJacobian(_ f: (Tensor) -> Tensor, at x: Tensor, batchElements: Int = jacobianBatchElements) -> Tensor {
    if x.count == 0 { return Tensor.zeros(f(x).shape + x.shape, dtype: x.dtype) }
    let columns = mapBasis(count: x.count, shape: x.shape, dtype: x.dtype, batchElements: batchElements) { v in
        jvp(f, at: x, tangent: v).tangent
    }
    let outputShape = Array(columns.shape.dropFirst())
    return columns.reshaped([x.count, Shape.count(outputShape)]).transposed().reshaped(outputShape + x.shape)
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

/// The pullbacks of the output's basis vectors, stacked.
private func reverseJacobian(
    value: Tensor, pullback: (Tensor) -> Tensor, input x: Tensor, batchElements: Int = jacobianBatchElements
) -> Tensor {
    if value.count == 0 || x.count == 0 { return Tensor.zeros(value.shape + x.shape, dtype: x.dtype) }
    return mapBasis(count: value.count, shape: value.shape, dtype: value.dtype, batchElements: batchElements, pullback)
        .reshaped(value.shape + x.shape)
}

/// Basis vectors with more elements than this in all go through `f` in
/// several batches, so that a large Jacobian does not hold every
/// intermediate of every basis vector at once (16 MB of float32 basis).
let jacobianBatchElements = 1 << 22

/// `f` of every basis vector of a space of `count` numbers shaped `shape`,
/// stacked along a new leading axis.
private func mapBasis(count: Int, shape: [Int], dtype: DType, batchElements: Int, _ f: (Tensor) -> Tensor) -> Tensor {
    let rows = Swift.max(1, batchElements / count)
    let parts = stride(from: 0, to: count, by: rows).map { start in
        let basis = Tensor.basisVectors(start..<Swift.min(count, start + rows), of: count, dtype: dtype)
        return mapped({ f($0[0]) }, over: [basis.reshaped([-1] + shape)], "jacobian")
    }
    return parts.count == 1 ? parts[0] : concatenate(parts)
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
