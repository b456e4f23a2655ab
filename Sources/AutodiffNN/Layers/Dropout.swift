import Autodiff

/// Zeroes each input with probability `probability` while training and
/// scales the rest by `1 / (1 - probability)`, so that the expected output
/// equals the input; the identity when not training.
///
/// There is no global training mode: `isTraining` is a flag of the layer
/// (set it to false on a copy for evaluation). The mask depends only on
/// `seed` and the input's shape, so a call is a pure function, the same on
/// every machine; for a fresh mask each step, set a new seed
/// (`model.dropout.seed = UInt64(step)`).
public struct Dropout: Layer, Codable, Sendable {
    /// The chance that an input is zeroed, in `0...1`.
    public var probability: Float
    /// The seed of the mask.
    public var seed: UInt64
    /// Whether inputs are dropped (training) or passed through (evaluation).
    public var isTraining: Bool

    /// A dropout layer; `isTraining` true, as a new PyTorch module.
    public init(probability: Float, seed: UInt64, isTraining: Bool = true) {
        if !(0...1).contains(probability) {
            fail("Dropout(probability: \(probability)): the probability must be in 0...1")
        }
        self.probability = probability
        self.seed = seed
        self.isTraining = isTraining
    }

    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Dropout { self }

    /// While training, `input` with a seeded random fraction `probability`
    /// of its entries zeroed and the rest scaled by `1 / (1 - probability)`;
    /// otherwise `input` itself.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        if !isTraining || probability == 0 { return input }
        // All dropped: 0 * 1/(1 - 1) would be NaN.
        if probability == 1 { return input * 0 }
        let keep = Tensor.randomUniform(input.shape, seed: seed, dtype: input.dtype) .>= probability
        return input * keep * (1 / (1 - probability))
    }
}
