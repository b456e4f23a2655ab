import Autodiff

/// Layers applied one after the other: `Sequential(l1, ReLU(), l2)(x)` is
/// `l2(relu(l1(x)))`.
///
/// A variadic generic over the layers' types, not an array of `any Layer`:
/// `mapTensors` must return the same type with the same layers, which an
/// existential cannot promise, and the concrete types keep every layer
/// reachable with its own type (`model.layers.0.weight`). So
/// `grad(loss)(model)` is a `Sequential` of the same layers holding the
/// gradients.
///
/// In files, layer `i` is named `"i"` (`"0.weight"`, `"2.bias"`, ...), as
/// PyTorch's `nn.Sequential` names them, activations counted: a PyTorch
/// `Sequential(Linear(2, 8), Tanh(), Linear(8, 1))` saved with
/// `safetensors.torch.save_file` loads into
/// `Sequential(Linear(2, 8, seed: 0), Tanh(), Linear(8, 1, seed: 1))`.
public struct Sequential<each L: Layer>: Layer {
    /// The layers, in the order they are applied.
    public var layers: (repeat each L)

    /// The layers, applied first to last.
    public init(_ layers: repeat each L) {
        self.layers = (repeat each layers)
    }

    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Self {
        Sequential(repeat (each layers).mapTensors(transform))
    }

    /// Each layer applied to the output of the one before.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        var x = input
        for layer in repeat each layers { x = layer(x) }
        return x
    }
}

extension Sequential: Sendable where repeat each L: Sendable {}

/// The layers in order, as an array: what `compile` reads as a model's
/// structure (each layer's stored values; see the Compiling article), and
/// what lets a model struct holding a `Sequential` derive its `mapTensors`
/// from `Codable`.
extension Sequential: Encodable where repeat each L: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for layer in repeat each layers { try container.encode(layer) }
    }
}

extension Sequential: Decodable where repeat each L: Decodable {
    /// The layers read back in order from the array `encode(to:)` writes.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        func next<T: Decodable>(_ type: T.Type) throws -> T { try container.decode(type) }
        self.init(repeat try next((each L).self))
    }
}
