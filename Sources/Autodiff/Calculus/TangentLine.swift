/// The tangent line of a function of one number at a point:
/// `y = f(x0) + f'(x0) (x - x0)`, with `f'(x0)` from reverse-mode autodiff.
///
/// ```swift
/// let line = tangentLine(of: { x in 3 * x * x - 4 * x }, at: 1)
/// print(line)          // y = 2.0x - 3.0
/// line(Tensor(2))      // 1.0
/// ```
public struct TangentLine: Sendable, Equatable, CustomStringConvertible {
    /// Where the line touches the function (`x0`).
    public let point: Double
    /// The function's value there, `f(x0)`.
    public let value: Double
    /// The derivative there, `f'(x0)`: the line's slope.
    public let slope: Double

    /// The line through `(point, value)` with `slope`.
    public init(point: Double, value: Double, slope: Double) {
        self.point = point
        self.value = value
        self.slope = slope
    }

    /// Where the line crosses the y axis: `f(x0) - f'(x0) x0`.
    public var intercept: Double { value - slope * point }

    /// The line at each element of `x`, in the dtype of `x`.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        let slope = Tensor(shape: [], scalars: [slope]).cast(to: x.dtype)
        let intercept = Tensor(shape: [], scalars: [intercept]).cast(to: x.dtype)
        return slope * x + intercept
    }

    /// The line at `x`.
    public func callAsFunction(_ x: Double) -> Double { slope * x + intercept }

    /// The equation, as `y = 4.0x - 4.0`.
    public var description: String {
        let sign = intercept < 0 ? "-" : "+"
        return "y = \(slope)x \(sign) \(Swift.abs(intercept))"
    }
}

/// The tangent line of `f`, a function of one number, at `x`.
///
/// `f` is evaluated once in float64, and its derivative comes from the same
/// evaluation's pullback (no step size, no truncation error).
public func tangentLine(of f: (Tensor) -> Tensor, at x: Double, file: StaticString = #fileID, line: UInt = #line) -> TangentLine {
    let (value, pullback) = vjp(f, at: Tensor(shape: [], scalars: [x]))
    if value.count != 1 {
        fail("tangentLine(of:at:): f must return a single number, but it returned a tensor of shape \(value.shape); use a function of one number, or take tangents of each output", at: CallSite(file, line))
    }
    let slope = pullback(Tensor.ones(like: value))
    return TangentLine(point: x, value: value.doubleItem(), slope: slope.doubleItem())
}
