import Autodiff

/// A table of `count` learned vectors of `dimension` numbers, looked up by
/// index: PyTorch's `nn.Embedding` (weight `[count, dimension]`, drawn from
/// the standard normal distribution).
///
/// The gradient of a lookup adds into the rows that were picked.
public struct Embedding: Layer, Codable, Sendable {
    /// `[count, dimension]`: row `i` is the vector of index `i`.
    public var weight: Tensor

    /// A table of `count` vectors of `dimension` standard normal numbers.
    public init(_ count: Int, _ dimension: Int, seed: UInt64) {
        if count < 1 || dimension < 1 {
            fail("Embedding(\(count), \(dimension)): needs at least one entry of at least one number")
        }
        self.init(weight: Tensor.randomNormal([count, dimension], seed: derivedSeed(seed, stream: 0)))
    }

    /// A table from its weight `[count, dimension]`.
    public init(weight: Tensor) {
        self.weight = weight
    }

    /// The number of entries.
    public var count: Int { weight.shape[0] }
    /// The length of each vector.
    public var dimension: Int { weight.shape[1] }

    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Embedding {
        Embedding(weight: transform(weight))
    }

    /// The vectors of `indices`, `[indices.count, dimension]`.
    public func callAsFunction(_ indices: [Int]) -> Tensor {
        for i in indices where i < 0 || i >= count {
            fail("Embedding: index \(i) is out of range for a table of \(count) entries; use indices in 0..<\(count)")
        }
        return weight.gathered(indices)
    }

    /// The vectors of the indices held in `input` (whole numbers), shaped
    /// `input.shape + [dimension]`: the form that fits a `Sequential`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        let indices = input.doubles.map { value -> Int in
            guard let i = Int(exactly: value) else {
                fail("Embedding: input value \(value) is not a whole number; an embedding is looked up by integer indices")
            }
            return i
        }
        return self(indices).reshaped(input.shape + [dimension])
    }
}
