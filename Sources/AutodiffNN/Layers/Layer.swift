import Autodiff

/// A differentiable function with parameters: a `TensorContainer` (so
/// `grad` of a loss of the layer returns a layer holding the gradients, and
/// `save(to:)` / `loaded(from:)` work on it) that can be called on a tensor.
///
/// ```swift
/// let layer = Linear(3, 2, seed: 0)
/// let y = layer(Tensor.ones([5, 3]))                 // [5, 2]
/// let g = grad { (l: Linear) in l(x).sum() }(layer)   // a Linear of gradients
/// ```
///
/// Layers are values: a call never changes the layer, and a layer with no
/// tensors (an activation) maps to itself.
public protocol Layer: TensorContainer {
    /// The layer applied to `input`.
    func callAsFunction(_ input: Tensor) -> Tensor
}
