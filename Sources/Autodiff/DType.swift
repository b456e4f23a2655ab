/// The element type of a tensor.
///
/// Operations between a `float32` and a `float64` tensor promote to `float64`,
/// as NumPy and JAX do; a Swift `Float` operand takes the tensor's type.
public enum DType: String, Sendable, Hashable, CustomStringConvertible {
    case float32, float64

    /// `float32` or `float64`.
    public var description: String { rawValue }
}
