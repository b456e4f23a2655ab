import AutodiffKernels

/// Applies a two-operand elementwise primitive after the checks every such
/// operation shares: dtypes promoted (float32 with float64 gives float64)
/// and shapes broadcast as NumPy does.
func binaryOperation(_ primitive: Primitive, _ a: Tensor, _ b: Tensor, name: String) -> Tensor {
    if a.shape != b.shape && Shape.broadcast(a.shape, b.shape) == nil {
        fail("\(name): cannot broadcast shapes \(a.shape) and \(b.shape); aligned from the right, each pair of dimensions must be equal or one of them 1. Reshape one operand (for example x.reshaped([-1, 1])) or check the operands")
    }
    if a.dtype != b.dtype {
        return apply(primitive, a.cast(to: .float64), b.cast(to: .float64))
    }
    return apply(primitive, a, b)
}

/// A two-operand elementwise primitive with a Swift number on one side,
/// which takes the tensor's dtype. Untraced, the number goes to the kernel
/// as it is; traced, it becomes a constant operand.
func scalarOperation(_ primitive: Primitive, _ a: Tensor, _ scalar: Float, scalarOnLeft: Bool) -> Tensor {
    if a.tracer == nil, let kernel = primitive.binaryKernel {
        let y = Evaluate.binary(kernel, a, scalar: scalar, scalarOnLeft: scalarOnLeft)
        if NaNCheck.isOn { NaNCheck.inspect(y, primitive.name, scalarOnLeft ? [[], a.shape] : [a.shape, []]) }
        return y
    }
    let s = Tensor.scalar(scalar, like: a)
    return scalarOnLeft ? apply(primitive, s, a) : apply(primitive, a, s)
}

extension Tensor {
    /// A rank-0 tensor of `dtype`: how a Swift number joins a tensor operation.
    static func scalar(_ value: Float, like other: Tensor) -> Tensor {
        switch other.dtype {
        case .float32: Tensor(number: value)
        case .float64: Tensor(number: Double(value))
        }
    }

    /// Elementwise sum, with broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor { binaryOperation(.add, a, b, name: "add (+)") }
    /// Elementwise difference, with broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor { binaryOperation(.sub, a, b, name: "subtract (-)") }
    /// Elementwise product, with broadcasting (not the matrix product: see `matmul`).
    public static func * (a: Tensor, b: Tensor) -> Tensor { binaryOperation(.mul, a, b, name: "multiply (*)") }
    /// Elementwise quotient, with broadcasting; division by zero follows IEEE (inf or NaN).
    public static func / (a: Tensor, b: Tensor) -> Tensor { binaryOperation(.div, a, b, name: "divide (/)") }

    /// The tensor plus a number, which takes the tensor's dtype (likewise
    /// for the other operators with a `Float` on either side).
    public static func + (a: Tensor, b: Float) -> Tensor { scalarOperation(.add, a, b, scalarOnLeft: false) }
    public static func + (a: Float, b: Tensor) -> Tensor { scalarOperation(.add, b, a, scalarOnLeft: true) }
    public static func - (a: Tensor, b: Float) -> Tensor { scalarOperation(.sub, a, b, scalarOnLeft: false) }
    public static func - (a: Float, b: Tensor) -> Tensor { scalarOperation(.sub, b, a, scalarOnLeft: true) }
    public static func * (a: Tensor, b: Float) -> Tensor { scalarOperation(.mul, a, b, scalarOnLeft: false) }
    public static func * (a: Float, b: Tensor) -> Tensor { scalarOperation(.mul, b, a, scalarOnLeft: true) }
    public static func / (a: Tensor, b: Float) -> Tensor { scalarOperation(.div, a, b, scalarOnLeft: false) }
    public static func / (a: Float, b: Tensor) -> Tensor { scalarOperation(.div, b, a, scalarOnLeft: true) }

    /// Elementwise negation.
    public static prefix func - (x: Tensor) -> Tensor { apply(.neg, x) }

    /// Replaces `a` by `a + b` (a new tensor: tensors are values).
    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
}

/// `base` raised to `exponent`, elementwise with broadcasting.
///
/// Derivatives: `b a^(b-1)` for the base (0 where `b == 0`); `a^b log(a)`
/// for the exponent, taken as 0 where `a == 0` (as JAX). A negative base
/// with a non-integer exponent gives NaN, as `Foundation.pow`.
public func pow(_ base: Tensor, _ exponent: Tensor) -> Tensor {
    binaryOperation(.pow, base, exponent, name: "pow")
}

/// `base` raised to a fixed power, elementwise: `pow(x, 2)` is `x * x`.
public func pow(_ base: Tensor, _ exponent: Float) -> Tensor {
    pow(base, .scalar(exponent, like: base))
}

/// A number raised to tensor powers, elementwise.
public func pow(_ base: Float, _ exponent: Tensor) -> Tensor {
    pow(.scalar(base, like: exponent), exponent)
}
