import Autodiff

/// The Euclidean norm of all the tensors of `container` together, as if
/// they were one vector: the norm that `clippedByGlobalNorm` bounds.
public func globalNorm<C: TensorContainer>(_ container: C) -> Tensor {
    let squares = container.tensors.map { ($0.cast(to: .float64) * $0.cast(to: .float64)).sum() }
    guard let first = squares.first else { return Tensor(0.0) }
    return sqrt(squares.dropFirst().reduce(first, +))
}

/// `gradients` scaled down so that their global norm is at most `maxNorm`;
/// unchanged when it is already (optax's `clip_by_global_norm`: the factor
/// is `maxNorm / max(norm, maxNorm)`, with no epsilon, so a norm exactly at
/// the bound stays exactly; PyTorch's `clip_grad_norm_` adds 1e-6 to it).
public func clippedByGlobalNorm<C: TensorContainer>(_ gradients: C, maxNorm: Float) -> C {
    if !(maxNorm > 0) { fail("clippedByGlobalNorm: maxNorm is \(maxNorm); give a positive bound") }
    let norm = globalNorm(gradients).doubleItem()
    if norm <= Double(maxNorm) { return gradients }
    let scale = Double(maxNorm) / norm
    return gradients.mapTensors { $0 * scale }
}
