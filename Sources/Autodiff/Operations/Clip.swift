import AutodiffKernels

/// `x` limited to the interval `[min, max]`, elementwise (NumPy's and JAX's
/// `clip`, PyTorch's `clamp`); `x`, `min` and `max` broadcast together.
///
/// The derivative with respect to `x` is 1 on the closed interval
/// `min <= x <= max`, bounds included, and 0 outside; `min` receives it
/// where `x < min` and `max` where `x > max`. At exactly a bound this is
/// PyTorch's choice; JAX gives 1/2 there (its `clip` is `minimum(max,
/// maximum(min, x))`, and JAX's `maximum` shares ties evenly), which halves
/// the step of a parameter that sits on its bound. NaN in `x` or in a bound
/// stays NaN; where `min > max` the result is `max`, as NumPy's.
///
/// ```swift
/// let x: Tensor = [-2, 0, 0.5, 1, 3]
/// clip(x, min: Tensor(0), max: Tensor(1))        // [0.0, 0.0, 0.5, 1.0, 1.0]
/// grad { clip($0, min: 0, max: 1).sum() }(x)     // [0.0, 1.0, 1.0, 1.0, 0.0]
/// ```
public func clip(_ x: Tensor, min: Tensor, max: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    guard let xMin = Shape.broadcast(x.shape, min.shape), Shape.broadcast(xMin, max.shape) != nil else {
        fail("clip: cannot broadcast x \(x.shape), min \(min.shape) and max \(max.shape) together; aligned from the right, each dimension must be equal or 1. Reshape a bound (for example min.reshaped([-1, 1]))", at: CallSite(file, line))
    }
    // `maximum` and `minimum` give a tie to their first operand, so x keeps
    // the derivative at the bounds; both let NaN through from either side.
    return minimum(maximum(x, min), max)
}

/// `x` limited to `[min, max]`, with bounds that are numbers: they take
/// `x`'s dtype (weak scalars). Derivative 1 on the closed interval, bounds
/// included, and 0 outside (see `clip(_:min:max:)` with tensor bounds).
///
/// ```swift
/// clip(Tensor([-2, 0.5, 3]), min: 0, max: 1)   // [0.0, 0.5, 1.0]
/// ```
public func clip(_ x: Tensor, min: Float, max: Float, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    checkBounds(min, max, at: CallSite(file, line))
    return clip(x, min: .scalar(Double(min), like: x), max: .scalar(Double(max), like: x))
}

/// `clip` with `Double` bounds, weak scalars: exact for a float64 `x`,
/// rounded to `Float` for a float32 one. Disfavored so that literal bounds
/// pick the `Float` form.
@_disfavoredOverload
public func clip(_ x: Tensor, min: Double, max: Double, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    checkBounds(min, max, at: CallSite(file, line))
    return clip(x, min: .scalar(min, like: x), max: .scalar(max, like: x))
}

/// Number bounds are written in the program, so an empty interval (or a
/// NaN bound) is a mistake worth stopping for; tensor bounds are data, and
/// follow NumPy instead.
private func checkBounds<T: BinaryFloatingPoint>(_ min: T, _ max: T, at site: CallSite) {
    if !(min <= max) {
        fail("clip: min \(min) is not at most max \(max); the bounds must satisfy min <= max (swap them if they are the wrong way round)", at: site)
    }
}
