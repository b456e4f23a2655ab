/// Array literals make tensors of any rank: `let m: Tensor = [[1, 2], [3, 4]]`
/// is a 2 x 2 float32 matrix.
///
/// `Tensor` is deliberately not expressible by a bare number literal: if it
/// were, `x * 2` and `x .> 0` would be ambiguous between the tensor and the
/// `Float` overloads. Write `Tensor(3.5)` for a rank-0 tensor.
extension Tensor: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: TensorLiteral...) {
        self = TensorLiteral.stacked(elements)
    }
}

/// One element of a tensor array literal: a number, or a nested array.
public struct TensorLiteral: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral {
    let tensor: Tensor

    public init(integerLiteral value: Int) { tensor = Tensor(Float(value)) }
    public init(floatLiteral value: Float) { tensor = Tensor(value) }
    public init(arrayLiteral elements: TensorLiteral...) { tensor = TensorLiteral.stacked(elements) }

    static func stacked(_ elements: [TensorLiteral]) -> Tensor {
        elements.isEmpty ? Tensor(shape: [0], [Float]()) : stack(elements.map(\.tensor))
    }
}
