import AutodiffKernels

// Elementwise comparisons with broadcasting give 1 where true and 0 where
// false, in the operands' dtype; they carry no derivative. Their result is
// the condition of `select`.

func comparison(_ kernel: BinaryKernel, _ a: Tensor, _ b: Tensor, _ name: String) -> Tensor {
    if a.shape != b.shape && Shape.broadcast(a.shape, b.shape) == nil {
        fail("\(name): cannot broadcast shapes \(a.shape) and \(b.shape); each aligned pair of dimensions must be equal or 1. Reshape one operand (for example x.reshaped([-1, 1]))")
    }
    return withoutDerivative([a, b]) { x in Evaluate.binary(kernel, x[0], x[1]) }
}

extension Tensor {
    /// 1 where `a < b`, else 0, with broadcasting.
    public static func .< (a: Tensor, b: Tensor) -> Tensor { comparison(.less, a, b, ".<") }
    /// 1 where `a <= b`, else 0, with broadcasting.
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { comparison(.lessEqual, a, b, ".<=") }
    /// 1 where `a > b`, else 0, with broadcasting.
    public static func .> (a: Tensor, b: Tensor) -> Tensor { comparison(.greater, a, b, ".>") }
    /// 1 where `a >= b`, else 0, with broadcasting.
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { comparison(.greaterEqual, a, b, ".>=") }
    /// 1 where `a == b`, else 0, with broadcasting.
    public static func .== (a: Tensor, b: Tensor) -> Tensor { comparison(.equal, a, b, ".==") }
    /// 1 where `a != b`, else 0, with broadcasting.
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { comparison(.notEqual, a, b, ".!=") }

    // With a Swift number on one side, which takes the tensor's dtype.
    /// Compares each element with a number.
    public static func .< (a: Tensor, b: Float) -> Tensor { a .< .scalar(Double(b), like: a) }
    public static func .<= (a: Tensor, b: Float) -> Tensor { a .<= .scalar(Double(b), like: a) }
    public static func .> (a: Tensor, b: Float) -> Tensor { a .> .scalar(Double(b), like: a) }
    public static func .>= (a: Tensor, b: Float) -> Tensor { a .>= .scalar(Double(b), like: a) }
    public static func .== (a: Tensor, b: Float) -> Tensor { a .== .scalar(Double(b), like: a) }
    public static func .!= (a: Tensor, b: Float) -> Tensor { a .!= .scalar(Double(b), like: a) }
    public static func .< (a: Float, b: Tensor) -> Tensor { .scalar(Double(a), like: b) .< b }
    public static func .<= (a: Float, b: Tensor) -> Tensor { .scalar(Double(a), like: b) .<= b }
    public static func .> (a: Float, b: Tensor) -> Tensor { .scalar(Double(a), like: b) .> b }
    public static func .>= (a: Float, b: Tensor) -> Tensor { .scalar(Double(a), like: b) .>= b }
    public static func .== (a: Float, b: Tensor) -> Tensor { .scalar(Double(a), like: b) .== b }
    public static func .!= (a: Float, b: Tensor) -> Tensor { .scalar(Double(a), like: b) .!= b }

    // Disfavored, as the arithmetic `Double` forms, so that `x .> 0.5` still
    // picks the `Float` form.
    /// Compares each element with a `Double`, a weak scalar: exact against a
    /// float64 tensor, rounded to `Float` against a float32 one (so
    /// `x .== d` holds where a float32 `x` holds `Float(d)`).
    @_disfavoredOverload
    public static func .< (a: Tensor, b: Double) -> Tensor { a .< .scalar(b, like: a) }
    @_disfavoredOverload
    public static func .<= (a: Tensor, b: Double) -> Tensor { a .<= .scalar(b, like: a) }
    @_disfavoredOverload
    public static func .> (a: Tensor, b: Double) -> Tensor { a .> .scalar(b, like: a) }
    @_disfavoredOverload
    public static func .>= (a: Tensor, b: Double) -> Tensor { a .>= .scalar(b, like: a) }
    @_disfavoredOverload
    public static func .== (a: Tensor, b: Double) -> Tensor { a .== .scalar(b, like: a) }
    @_disfavoredOverload
    public static func .!= (a: Tensor, b: Double) -> Tensor { a .!= .scalar(b, like: a) }
    @_disfavoredOverload
    public static func .< (a: Double, b: Tensor) -> Tensor { .scalar(a, like: b) .< b }
    @_disfavoredOverload
    public static func .<= (a: Double, b: Tensor) -> Tensor { .scalar(a, like: b) .<= b }
    @_disfavoredOverload
    public static func .> (a: Double, b: Tensor) -> Tensor { .scalar(a, like: b) .> b }
    @_disfavoredOverload
    public static func .>= (a: Double, b: Tensor) -> Tensor { .scalar(a, like: b) .>= b }
    @_disfavoredOverload
    public static func .== (a: Double, b: Tensor) -> Tensor { .scalar(a, like: b) .== b }
    @_disfavoredOverload
    public static func .!= (a: Double, b: Tensor) -> Tensor { .scalar(a, like: b) .!= b }
}

/// `a` where `condition` is nonzero, else `b`; the three broadcast together.
///
/// This is NumPy's and JAX's `where(condition, a, b)` (`jnp.where`), named
/// `select` (as `lax.select`) because `where` is a Swift keyword. The
/// condition is usually a comparison: `select(x .> 0, x, 0.1 * x)`.
///
/// Only the chosen branch receives a derivative, and it is never poisoned
/// by the other: `grad` of `select(x .< 1, x, sqrt(x))` at 0 is 1, where
/// JAX and PyTorch give NaN (see "Conventions").
public func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    guard let ab = Shape.broadcast(a.shape, b.shape), Shape.broadcast(condition.shape, ab) != nil else {
        fail("select: cannot broadcast condition \(condition.shape), a \(a.shape) and b \(b.shape) together; each aligned pair of dimensions must be equal or 1", at: CallSite(file, line))
    }
    if a.dtype != b.dtype {
        return apply(.select, [condition.constant, a.cast(to: .float64), b.cast(to: .float64)])
    }
    return apply(.select, [condition.constant, a, b])
}

/// Elementwise maximum; where `a == b` the derivative goes to `a`. NaN on
/// either side wins, as NumPy's `maximum`.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { select((a .>= b) + (a .!= a), a, b) }

/// Elementwise minimum; where `a == b` the derivative goes to `a`. NaN on
/// either side wins, as NumPy's `minimum`.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { select((a .<= b) + (a .!= a), a, b) }
