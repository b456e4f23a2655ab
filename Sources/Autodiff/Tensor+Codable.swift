import AutodiffKernels

/// A tensor encodes as its dtype, shape and numbers, so that a model
/// struct with tensor properties can synthesise `Codable` (and with it a
/// `mapTensors`; see `TensorContainer`):
///
/// ```swift
/// let data = try JSONEncoder().encode(Tensor([1, 2]))
/// // {"dtype":"float32","shape":[2],"values":[1,2]}
/// let x = try JSONDecoder().decode(Tensor.self, from: data)   // [1.0, 2.0]
/// ```
///
/// The numbers are written in the tensor's own dtype, so a round trip
/// gives the same bits (JSON writes the shortest decimal that reads back
/// exactly). Decoding throws `DecodingError.dataCorrupted` for an unknown
/// dtype, a negative dimension, or a count of values that does not fit the
/// shape. Only the numbers are kept: a tensor decoded inside a transform is
/// a constant of it.
extension Tensor: Codable {
    private enum CodingKeys: String, CodingKey {
        case dtype, shape, values
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dtype.rawValue, forKey: .dtype)
        try container.encode(shape, forKey: .shape)
        // Through the public readers, so that a batched tracer inside vmap
        // stops with their message rather than writing one slice.
        switch dtype {
        case .float32: try container.encode(scalars, forKey: .values)
        case .float64: try container.encode(doubles, forKey: .values)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .dtype)
        guard let dtype = DType(rawValue: name) else {
            throw DecodingError.dataCorruptedError(
                forKey: .dtype, in: container, debugDescription: "tensor dtype \"\(name)\" is neither float32 nor float64")
        }
        let shape = try container.decode([Int].self, forKey: .shape)
        if shape.contains(where: { $0 < 0 }) {
            throw DecodingError.dataCorruptedError(
                forKey: .shape, in: container, debugDescription: "tensor shape \(shape) has a negative dimension")
        }
        let buffer: Buffer = switch dtype {
        case .float32: .float32(try container.decode([Float].self, forKey: .values))
        case .float64: .float64(try container.decode([Double].self, forKey: .values))
        }
        // The product is checked for overflow: a shape from outside data
        // must not trap.
        let count = shape.reduce(Optional(1)) { product, d in
            product.flatMap { p in
                let (n, overflow) = p.multipliedReportingOverflow(by: d)
                return overflow ? nil : n
            }
        }
        if count != buffer.count {
            throw DecodingError.dataCorruptedError(
                forKey: .values, in: container,
                debugDescription: "tensor of shape \(shape) holds \(count.map(String.init) ?? "more than Int.max") values but \(buffer.count) were given")
        }
        self.init(shape: shape, buffer: buffer)
    }
}
