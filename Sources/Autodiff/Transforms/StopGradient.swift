/// `x` as a constant: the same value, with no derivative through it in any
/// transform, at any nesting depth (JAX's `stop_gradient`, Swift's
/// `withoutDerivative(at:)`).
///
/// ```swift
/// grad { x in (stopGradient(x * x) * x).sum() }(x)   // x * x
/// ```
public func stopGradient(_ x: Tensor) -> Tensor { x.constant }

extension Tensor {
    /// The same value with no derivative through it: `stopGradient(self)`.
    public func detached() -> Tensor { constant }
}
