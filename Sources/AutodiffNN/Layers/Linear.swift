import Autodiff

/// A fully connected layer, `y = x weightᵀ + bias`.
///
/// `weight` is `[outputCount, inputCount]`, the layout of PyTorch's
/// `nn.Linear` and MLX's `nn.Linear`, so that their saved weights load
/// unchanged. The input is one example `[inputCount]` or a batch
/// `[batch, inputCount]`.
public struct Linear: Layer, Codable, Sendable {
    /// `[outputCount, inputCount]`.
    public var weight: Tensor
    /// `[outputCount]`, or nil for a layer without bias.
    public var bias: Tensor?

    /// A layer from its tensors: `weight` `[outputCount, inputCount]`,
    /// `bias` `[outputCount]`.
    public init(weight: Tensor, bias: Tensor?) {
        if weight.rank != 2 {
            fail("Linear(weight:bias:): weight has shape \(weight.shape); it must be [outputCount, inputCount]")
        }
        if let bias, bias.shape != [weight.shape[0]] {
            fail("Linear(weight:bias:): bias has shape \(bias.shape) but weight \(weight.shape) has \(weight.shape[0]) outputs; bias must be [\(weight.shape[0])]")
        }
        self.init(unchecked: weight, bias)
    }

    /// Without the checks: `mapTensors` may be given tensors of any shape
    /// (a batch of layers under `vmap`, the markers that name tensors).
    init(unchecked weight: Tensor, _ bias: Tensor?) {
        self.weight = weight
        self.bias = bias
    }

    /// A layer from `inputCount` to `outputCount` features, weight and bias
    /// drawn uniformly from `±1/√inputCount` (PyTorch's default), the same
    /// numbers for the same seed on every machine.
    public init(_ inputCount: Int, _ outputCount: Int, bias: Bool = true, seed: UInt64) {
        if inputCount < 1 || outputCount < 0 {
            fail("Linear(\(inputCount), \(outputCount)): needs at least one input and no negative output count")
        }
        let bound = 1 / Float(inputCount).squareRoot()
        self.weight = uniform([outputCount, inputCount], bound: bound, seed: derivedSeed(seed, stream: 0))
        self.bias = bias ? uniform([outputCount], bound: bound, seed: derivedSeed(seed, stream: 1)) : nil
    }

    /// The number of input features.
    public var inputCount: Int { weight.shape[1] }
    /// The number of output features.
    public var outputCount: Int { weight.shape[0] }

    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Linear {
        Linear(unchecked: transform(weight), bias.map(transform))
    }

    /// `input weightᵀ + bias`: `[outputCount]` for one example,
    /// `[batch, outputCount]` for a batch.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        if (input.rank != 1 && input.rank != 2) || input.shape.last != inputCount {
            fail("Linear: input of shape \(input.shape) does not fit a layer of \(inputCount) inputs; give [\(inputCount)] or [batch, \(inputCount)]")
        }
        // A batch reads the weight as stored, transposed by the product
        // (and its gradient comes out in the weight's layout): no copy.
        let y = input.rank == 2 ? matmul(input, weight, transposeA: false, transposeB: true) : matmul(input, weight.transposed())
        return bias.map { y + $0 } ?? y
    }
}
