/// What `checkGradients` found: the worst disagreement between reverse
/// mode, forward mode and central differences, and where it was.
public struct GradientCheckReport: Sendable, CustomStringConvertible {
    /// One comparison: which derivative, which element, the two numbers.
    public struct Comparison: Sendable {
        /// Which derivative was compared (reverse mode, forward mode, second order).
        public let check: String
        /// The row-major index of the element compared.
        public let index: Int
        /// The derivative the transform computed.
        public let computed: Double
        /// The central-difference estimate.
        public let numerical: Double
        /// `|computed - numerical| / max(1, |numerical|)`: relative for large
        /// values, absolute near zero, where central differences have no
        /// relative accuracy.
        public var error: Double { Swift.abs(computed - numerical) / Swift.max(1, Swift.abs(numerical)) }
    }

    /// Every element compared.
    public let comparisons: [Comparison]
    /// The largest error that passes.
    public let tolerance: Double

    /// The comparison with the largest error.
    public var worst: Comparison? { comparisons.max { $0.error < $1.error || $1.error.isNaN } }

    /// The largest error (0 when nothing was compared).
    public var worstError: Double { worst?.error ?? 0 }

    /// Whether every comparison is within `tolerance` (NaN fails).
    public var passed: Bool { comparisons.allSatisfy { $0.error <= tolerance } }

    public var description: String {
        guard let worst else { return "checkGradients: nothing to compare" }
        let verdict = passed ? "passed" : "FAILED"
        return "checkGradients \(verdict): \(comparisons.count) comparisons, worst error \(worst.error) in \(worst.check) at element \(worst.index) (computed \(worst.computed), central difference \(worst.numerical)); tolerance \(tolerance)"
    }
}

/// Checks the derivatives of `f` at `x` three ways against each other, like
/// `jax.test_util.check_grads` and `torch.autograd.gradcheck`: reverse mode
/// (`vjp`), forward mode (`jvp`) and central differences, in float64 (`f`
/// is called with float64 tensors), for first derivatives and, with
/// `order: 2`, second derivatives (forward over reverse, and reverse over
/// reverse). Non-scalar outputs are projected on a seeded random cotangent.
public func checkGradients(
    _ f: @escaping (Tensor) -> Tensor, at x: Tensor, order: Int = 2,
    tolerance: Double = 1e-5, seed: UInt64 = 0
) -> GradientCheckReport {
    let x = x.constant.cast(to: .float64)
    let g = Tensor.randomNormal(f(x).shape, seed: seed, dtype: .float64)
    let loss = { (x: Tensor) in (f(x).cast(to: .float64) * g).sum() }
    var comparisons = [GradientCheckReport.Comparison]()
    func compare(_ check: String, _ computed: Tensor, _ numerical: Tensor) {
        for (i, (c, n)) in zip(computed.doubles, numerical.doubles).enumerated() {
            comparisons.append(.init(check: check, index: i, computed: c, numerical: n))
        }
    }

    let numerical = numericalGradient(loss, at: x)
    compare("reverse mode (vjp)", grad(loss)(x), numerical)
    // Forward mode: <g, J e_i> is element i of the gradient.
    let directions = Tensor.eye(x.count, dtype: .float64)
    let forward = (0..<x.count).map { i in
        (jvp(f, at: x, tangent: directions[i].reshaped(x.shape)).tangent.cast(to: .float64) * g).sum()
    }
    compare("forward mode (jvp)", forward.isEmpty ? Tensor.zeros(like: x) : stack(forward).reshaped(x.shape), numerical)

    if order >= 2 {
        let v = Tensor.randomNormal(x.shape, seed: seed &+ 1, dtype: .float64)
        let h = 1e-5
        let step = Tensor(shape: [], [h])
        let numericalHv = (grad(loss)(x + step * v) - grad(loss)(x - step * v)) / Tensor(shape: [], [2 * h])
        compare("second order, forward over reverse (hvp)", hvp(loss, at: x, along: v), numericalHv)
        compare("second order, reverse over reverse", grad { x in (grad(loss)(x) * v).sum() }(x), numericalHv)
    }
    return GradientCheckReport(comparisons: comparisons, tolerance: tolerance)
}
