import AutodiffKernels

/// Applies a two-operand elementwise primitive after the checks every such
/// operation shares: dtypes promoted (float32 with float64 gives float64)
/// and shapes broadcast as NumPy does. An operator cannot take its
/// caller's line, so only named functions pass a `site`.
func binaryOperation(_ primitive: Primitive, _ a: Tensor, _ b: Tensor, name: String, at site: CallSite = .here()) -> Tensor {
    if a.shape != b.shape && Shape.broadcast(a.shape, b.shape) == nil {
        fail("\(name): cannot broadcast shapes \(a.shape) and \(b.shape); aligned from the right, each pair of dimensions must be equal or one of them 1. Reshape one operand (for example x.reshaped([-1, 1])) or check the operands", at: site)
    }
    if a.dtype != b.dtype {
        return apply(primitive, a.cast(to: .float64), b.cast(to: .float64))
    }
    return apply(primitive, a, b)
}

/// A two-operand elementwise primitive with a Swift number on one side,
/// which takes the tensor's dtype (a weak scalar, as in JAX and NumPy 2).
/// Untraced, the number goes to the kernel as it is; traced, it becomes a
/// constant operand. The number arrives as `Double`, which holds any `Float`
/// exactly, so a float64 tensor sees a `Double`'s full precision and a
/// float32 tensor gets a `Float` back unchanged.
func scalarOperation(_ primitive: Primitive, _ a: Tensor, _ scalar: Double, scalarOnLeft: Bool) -> Tensor {
    if a.tracer == nil, let kernel = primitive.binaryKernel {
        let y = Evaluate.binary(kernel, a, scalar: scalar, scalarOnLeft: scalarOnLeft)
        if Inspection.isOn { Inspection.inspect(y, primitive.name, scalarOnLeft ? [[], a.shape] : [a.shape, []]) }
        return y
    }
    let s = Tensor.scalar(scalar, like: a)
    return scalarOnLeft ? apply(primitive, s, a) : apply(primitive, a, s)
}

extension Tensor {
    /// A rank-0 tensor of `other`'s dtype: how a Swift number joins a tensor
    /// operation (rounded to the nearest `Float` for a float32 tensor).
    static func scalar(_ value: Double, like other: Tensor) -> Tensor {
        switch other.dtype {
        case .float32: Tensor(number: Float(value))
        case .float64: Tensor(number: value)
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
    public static func + (a: Tensor, b: Float) -> Tensor { scalarOperation(.add, a, Double(b), scalarOnLeft: false) }
    public static func + (a: Float, b: Tensor) -> Tensor { scalarOperation(.add, b, Double(a), scalarOnLeft: true) }
    public static func - (a: Tensor, b: Float) -> Tensor { scalarOperation(.sub, a, Double(b), scalarOnLeft: false) }
    public static func - (a: Float, b: Tensor) -> Tensor { scalarOperation(.sub, b, Double(a), scalarOnLeft: true) }
    public static func * (a: Tensor, b: Float) -> Tensor { scalarOperation(.mul, a, Double(b), scalarOnLeft: false) }
    public static func * (a: Float, b: Tensor) -> Tensor { scalarOperation(.mul, b, Double(a), scalarOnLeft: true) }
    public static func / (a: Tensor, b: Float) -> Tensor { scalarOperation(.div, a, Double(b), scalarOnLeft: false) }
    public static func / (a: Float, b: Tensor) -> Tensor { scalarOperation(.div, b, Double(a), scalarOnLeft: true) }

    // The `Double` forms are disfavored so that a literal (`x * 2`,
    // `x + 0.5`) still picks the `Float` form instead of being ambiguous;
    // only a value of type `Double` reaches them.

    /// The tensor plus a `Double` (for example `let lr = 0.1`), which is a
    /// weak scalar: the result keeps the tensor's dtype, with the number
    /// rounded to `Float` for a float32 tensor and exact for a float64 one
    /// (likewise for the other operators with a `Double` on either side).
    @_disfavoredOverload
    public static func + (a: Tensor, b: Double) -> Tensor { scalarOperation(.add, a, b, scalarOnLeft: false) }
    @_disfavoredOverload
    public static func + (a: Double, b: Tensor) -> Tensor { scalarOperation(.add, b, a, scalarOnLeft: true) }
    @_disfavoredOverload
    public static func - (a: Tensor, b: Double) -> Tensor { scalarOperation(.sub, a, b, scalarOnLeft: false) }
    @_disfavoredOverload
    public static func - (a: Double, b: Tensor) -> Tensor { scalarOperation(.sub, b, a, scalarOnLeft: true) }
    @_disfavoredOverload
    public static func * (a: Tensor, b: Double) -> Tensor { scalarOperation(.mul, a, b, scalarOnLeft: false) }
    @_disfavoredOverload
    public static func * (a: Double, b: Tensor) -> Tensor { scalarOperation(.mul, b, a, scalarOnLeft: true) }
    @_disfavoredOverload
    public static func / (a: Tensor, b: Double) -> Tensor { scalarOperation(.div, a, b, scalarOnLeft: false) }
    @_disfavoredOverload
    public static func / (a: Double, b: Tensor) -> Tensor { scalarOperation(.div, b, a, scalarOnLeft: true) }

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
public func pow(_ base: Tensor, _ exponent: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    binaryOperation(.pow, base, exponent, name: "pow", at: CallSite(file, line))
}

/// `base` raised to a fixed power, elementwise: `pow(x, 2)` is `x * x`.
public func pow(_ base: Tensor, _ exponent: Float) -> Tensor {
    pow(base, .scalar(Double(exponent), like: base))
}

/// A number raised to tensor powers, elementwise.
public func pow(_ base: Float, _ exponent: Tensor) -> Tensor {
    pow(.scalar(Double(base), like: exponent), exponent)
}

/// `base` raised to a `Double` power, a weak scalar: the result keeps the
/// tensor's dtype. Disfavored so that `pow(x, 2)` still picks the `Float` form.
@_disfavoredOverload
public func pow(_ base: Tensor, _ exponent: Double) -> Tensor {
    pow(base, .scalar(exponent, like: base))
}

/// A `Double` raised to tensor powers, a weak scalar: the result keeps the
/// tensor's dtype. Disfavored so that `pow(2, x)` still picks the `Float` form.
@_disfavoredOverload
public func pow(_ base: Double, _ exponent: Tensor) -> Tensor {
    pow(.scalar(base, like: exponent), exponent)
}
