import AutodiffKernels

/// `e^x`, elementwise.
public func exp(_ x: Tensor) -> Tensor { apply(.exp, x) }
/// The natural logarithm, elementwise: `-inf` at 0, NaN below 0.
public func log(_ x: Tensor) -> Tensor { apply(.log, x) }
/// Sine of radians, elementwise.
public func sin(_ x: Tensor) -> Tensor { apply(.sin, x) }
/// Cosine of radians, elementwise.
public func cos(_ x: Tensor) -> Tensor { apply(.cos, x) }
/// Hyperbolic tangent, elementwise.
public func tanh(_ x: Tensor) -> Tensor { apply(.tanh, x) }
/// Square root, elementwise; its derivative at 0 is infinite.
public func sqrt(_ x: Tensor) -> Tensor { apply(.sqrt, x) }
/// Absolute value, elementwise; `abs'(0) = 0`.
public func abs(_ x: Tensor) -> Tensor { apply(.abs, x) }

/// -1, 0 or 1 by the sign of each element (NaN stays NaN). Piecewise
/// constant, so it carries no derivative.
public func sign(_ x: Tensor) -> Tensor { withoutDerivative([x]) { x in Evaluate.unary(.sign, x[0]) } }

/// `max(x, 0)`, elementwise; `relu'(0) = 0`; NaN stays NaN.
public func relu(_ x: Tensor) -> Tensor {
    select(x .<= 0, Tensor.scalar(0, like: x), x)
}

/// The logistic function `1 / (1 + e^-x)`, elementwise.
///
/// Computed as `(1 + tanh(x / 2)) / 2`, which is the same function but
/// neither overflows nor loses its derivative for large `|x|`.
public func sigmoid(_ x: Tensor) -> Tensor {
    0.5 * (tanh(0.5 * x) + 1)
}
