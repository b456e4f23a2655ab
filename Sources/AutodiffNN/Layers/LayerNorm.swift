import Autodiff

/// Normalizes each example over its last axis to mean 0 and variance 1, then
/// applies a learned elementwise `scale` and `offset`:
/// `(x - mean) / √(variance + epsilon) * scale + offset`, as PyTorch's
/// `nn.LayerNorm(count)` (biased variance, epsilon 1e-5), whose `weight` and
/// `bias` are `scale` and `offset` here.
public struct LayerNorm: Layer, Codable, Sendable {
    /// `[count]`, initially ones.
    public var scale: Tensor
    /// `[count]`, initially zeros.
    public var offset: Tensor
    /// Added to the variance so that a constant input does not divide by 0.
    public var epsilon: Float

    /// A layer normalizing over a last axis of `count` features.
    public init(_ count: Int, epsilon: Float = 1e-5) {
        if count < 1 { fail("LayerNorm(\(count)): needs at least one feature") }
        self.init(scale: Tensor.ones([count]), offset: Tensor.zeros([count]), epsilon: epsilon)
    }

    init(scale: Tensor, offset: Tensor, epsilon: Float) {
        self.scale = scale
        self.offset = offset
        self.epsilon = epsilon
    }

    /// The number of features of the last axis.
    public var count: Int { scale.shape.first ?? 0 }

    public func mapTensors(_ transform: (Tensor) -> Tensor) -> LayerNorm {
        LayerNorm(scale: transform(scale), offset: transform(offset), epsilon: epsilon)
    }

    /// Each slice along the last axis normalized, scaled and offset; any
    /// leading axes are a batch.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        if input.rank < 1 || input.shape.last != count {
            fail("LayerNorm: input of shape \(input.shape) does not end in the layer's \(count) features")
        }
        let centered = input - input.mean(axis: -1, keepDims: true)
        let variance = (centered * centered).mean(axis: -1, keepDims: true)
        return centered / sqrt(variance + epsilon) * scale + offset
    }
}
