import Autodiff

// Activations as layers, so that they can stand in a `Sequential`. They hold
// no tensors: their `mapTensors` returns them unchanged.

/// `max(x, 0)` as a layer (`relu'(0) = 0`).
public struct ReLU: Layer, Codable, Sendable {
    /// The activation; it has no parameters.
    public init() {}
    public func mapTensors(_ transform: (Tensor) -> Tensor) -> ReLU { self }
    public func callAsFunction(_ input: Tensor) -> Tensor { relu(input) }
}

/// The hyperbolic tangent as a layer.
public struct Tanh: Layer, Codable, Sendable {
    /// The activation; it has no parameters.
    public init() {}
    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Tanh { self }
    public func callAsFunction(_ input: Tensor) -> Tensor { tanh(input) }
}

/// The logistic function `1 / (1 + e^-x)` as a layer.
public struct Sigmoid: Layer, Codable, Sendable {
    /// The activation; it has no parameters.
    public init() {}
    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Sigmoid { self }
    public func callAsFunction(_ input: Tensor) -> Tensor { sigmoid(input) }
}
