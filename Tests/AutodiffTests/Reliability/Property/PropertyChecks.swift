import Autodiff

/// A case of a derivative property: a use of an operation, a cotangent `g`
/// shaped like its output and a tangent `v` per input, all drawn from the
/// case's choices (so shrinking simplifies them too).
struct DerivativeCase {
    let instance: PropertyInstance
    let cotangent: ReferenceArray
    let tangents: [ReferenceArray]

    var description: String {
        instance.description + "\n  g = \(cotangent)\n"
            + tangents.enumerated().map { "  v\(PropertyInstance.names[$0.offset]) = \($0.element)" }.joined(separator: "\n")
    }
}

extension PropertyOperation {
    /// An instance with a cotangent and tangents, or nil to discard.
    func derivativeCase(_ choices: inout Choices) -> DerivativeCase? {
        guard let instance = generate(&choices) else { return nil }
        let y = instance.reference(instance.inputs)
        let g = choices.array(y.shape, .standard)
        let v = instance.inputs.map { choices.array($0.shape, .standard) }
        return DerivativeCase(instance: instance, cotangent: g, tangents: v)
    }
}

/// Where `actual` and `expected` differ by more than `atol + rtol * |expected|`
/// (NaN matches NaN, an infinity the same infinity): the worst element, or
/// nil if they agree.
func mismatch(_ actual: [Double], _ expected: [Double], rtol: Double, atol: Double) -> String? {
    if actual.count != expected.count { return "\(actual.count) values, expected \(expected.count)" }
    var worst: (index: Int, excess: Double)?
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        if a == e || (a.isNaN && e.isNaN) { continue }
        let excess = Swift.abs(a - e) / (atol + rtol * Swift.abs(e))
        if !(excess <= 1) && (worst == nil || !(excess <= worst!.excess)) { worst = (i, excess) }
    }
    guard let worst else { return nil }
    return "element \(worst.index): got \(actual[worst.index]), expected \(expected[worst.index]) (rtol \(rtol), atol \(atol))"
}

/// The largest magnitude among arrays (1 at least): the scale of round-off.
func magnitude(_ arrays: [ReferenceArray]) -> Double {
    arrays.flatMap(\.values).filter(\.isFinite).reduce(1) { Swift.max($0, Swift.abs($1)) }
}

/// The four properties every operation must have. Each returns nil when it
/// holds, or what went wrong. Tolerances are stated with each and are far
/// above round-off but far below the error of a wrong derivative rule.
enum PropertyChecks {
    /// Float64 values match the reference within 1e-10, relative and
    /// absolute (round-off of sums of at most 64 terms is below 1e-13),
    /// with the same shape and dtype. Roundings to float32 inside an
    /// operation are in the reference too, so they match exactly.
    static func forward64(_ c: PropertyInstance) -> String? {
        let y = c.library(c.inputs.map(\.tensor))
        let r = c.reference(c.inputs)
        if y.shape != r.shape { return "shape \(y.shape), expected \(r.shape)" }
        if y.dtype != .float64 { return "dtype \(y.dtype) from float64 inputs" }
        return mismatch(y.doubles, r.values, rtol: 1e-10, atol: 1e-10)
    }

    /// Float32 values (from float32 inputs) match the float64 reference at the
    /// same, rounded inputs within 1e-5 relative plus 1e-5 times the largest
    /// input magnitude: float32 round-off of sums of up to 64 terms.
    static func forward32(_ c: PropertyInstance) -> String? {
        let rounded = c.inputs.map(\.roundedToFloat)
        let y = c.library(rounded.map { $0.tensor.cast(to: .float32) })
        let r = c.reference(rounded)
        if y.shape != r.shape { return "shape \(y.shape), expected \(r.shape)" }
        return mismatch(y.doubles, r.values, rtol: 1e-5, atol: 1e-5 * magnitude(rounded))
    }

    /// The reverse-mode gradient of `<g, f(x)>` matches central differences
    /// of the reference (step `1e-6 max(1, |x|)`) within 1e-6 relative plus
    /// 1e-6 (1 + sum |g f(x)|): central differences lose about
    /// 2e-10 sum |g f(x)| to round-off.
    static func vjp(_ c: DerivativeCase) -> String? {
        let xs = c.instance.inputs
        let smooth = c.instance.smoothReference ?? c.instance.reference
        let (value, pullback) = Autodiff.vjp(c.instance.library, at: xs.map(\.tensor))
        if value.shape != c.cotangent.shape { return "value shape \(value.shape), expected \(c.cotangent.shape)" }
        let gradients = pullback(c.cotangent.tensor)
        let loss = { (xs: [ReferenceArray]) -> Double in
            zip(smooth(xs).values, c.cotangent.values).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let scale = zip(smooth(xs).values, c.cotangent.values).reduce(1) { $0 + Swift.abs($1.0 * $1.1) }
        for i in xs.indices {
            if gradients[i].shape != xs[i].shape { return "gradient of \(PropertyInstance.names[i]) has shape \(gradients[i].shape), expected \(xs[i].shape)" }
            if gradients[i].dtype != .float64 { return "gradient of \(PropertyInstance.names[i]) has dtype \(gradients[i].dtype)" }
            let numerical = xs[i].values.indices.map { j -> Double in
                let h = 1e-6 * Swift.max(1, Swift.abs(xs[i].values[j]))
                var plus = xs, minus = xs
                plus[i].values[j] += h
                minus[i].values[j] -= h
                return (loss(plus) - loss(minus)) / (2 * h)
            }
            if let m = mismatch(gradients[i].doubles, numerical, rtol: 1e-6, atol: 1e-6 * scale) {
                return "gradient of \(PropertyInstance.names[i]): \(m)"
            }
        }
        return nil
    }

    /// The sum over inputs of the forward-mode tangents (one `jvp` per input,
    /// the others held constant) matches the central difference of the
    /// reference along all tangents at once (step 1e-6), within 1e-6
    /// relative plus 1e-6 times the largest magnitude of inputs and outputs.
    /// Where an output is not finite (a reduction over an empty axis) central
    /// differences say nothing; if the inputs are empty the tangent must be
    /// exactly 0 there (a linear map from a zero-dimensional space).
    static func jvp(_ c: DerivativeCase) -> String? {
        let xs = c.instance.inputs
        let smooth = c.instance.smoothReference ?? c.instance.reference
        let tensors = xs.map(\.tensor)
        var tangent: Tensor?
        for i in xs.indices {
            let (_, t) = Autodiff.jvp({ x in
                var inputs = tensors
                inputs[i] = x
                return c.instance.library(inputs)
            }, at: tensors[i], tangent: c.tangents[i].tensor)
            tangent = tangent.map { $0 + t } ?? t
        }
        let y = smooth(xs)
        guard let tangent else { return nil }
        if tangent.shape != y.shape { return "tangent shape \(tangent.shape), expected \(y.shape)" }
        let h = 1e-6
        let moved = { (sign: Double) in
            zip(xs, c.tangents).map { x, v in ReferenceArray.zip(x, v) { $0 + sign * h * $1 } }
        }
        let (plus, minus) = (smooth(moved(1)), smooth(moved(-1)))
        let inputsAreEmpty = xs.allSatisfy { $0.count == 0 }
        let numerical = y.values.indices.map { k -> Double in
            if !y.values[k].isFinite { return inputsAreEmpty ? 0 : tangent.doubles[k] }
            return (plus.values[k] - minus.values[k]) / (2 * h)
        }
        return mismatch(tangent.doubles, numerical, rtol: 1e-6, atol: 1e-6 * magnitude(xs + [y]))
    }

    /// The adjoint identity `sum_i <vjp_i(g), v_i> = <g, jvp(v)>`, which ties
    /// the two rules of each primitive together (it catches a wrong VJP even
    /// where the JVP is right), within `adjointTolerance` (1e-10) relative to
    /// the sum of the magnitudes of the terms.
    static func adjoint(_ c: DerivativeCase) -> String? {
        let xs = c.instance.inputs.map(\.tensor)
        let (_, pullback) = Autodiff.vjp(c.instance.library, at: xs)
        let gradients = pullback(c.cotangent.tensor)
        var lhs = 0.0, rhs = 0.0, scale = 1.0
        for i in xs.indices {
            for (a, b) in zip(gradients[i].doubles, c.tangents[i].values) { lhs += a * b; scale += Swift.abs(a * b) }
            let (_, t) = Autodiff.jvp({ x in
                var inputs = xs
                inputs[i] = x
                return c.instance.library(inputs)
            }, at: xs[i], tangent: c.tangents[i].tensor)
            for (a, b) in zip(c.cotangent.values, t.doubles) { rhs += a * b; scale += Swift.abs(a * b) }
        }
        if lhs == rhs || Swift.abs(lhs - rhs) <= c.instance.adjointTolerance * scale { return nil }
        return "<vjp(g), v> = \(lhs) but <g, jvp(v)> = \(rhs) (tolerance \(c.instance.adjointTolerance) x \(scale))"
    }

    /// Second derivatives of `L(x) = <g, f(x)>`: the Hessian-vector product
    /// `H v` by forward over reverse (`jvp` of `grad`) and by reverse over
    /// reverse (`grad` of `<grad L, v>`) match central differences of the
    /// gradient (step 1e-5) within 1e-5 relative plus 1e-5 times the largest
    /// magnitude of inputs and outputs. The first derivatives are checked
    /// against the reference above, so this checks that the derivative
    /// rules are themselves differentiated correctly.
    static func secondOrder(_ c: DerivativeCase) -> String? {
        let xs = c.instance.inputs.map(\.tensor)
        let g = c.cotangent.tensor, v = c.tangents.map(\.tensor)
        let gradient = Autodiff.grad { (xs: [Tensor]) in (c.instance.library(xs) * g).sum() }
        let flat = { (gs: [Tensor]) in concatenate(gs.map { $0.reshaped([-1]) }) }
        let h = 1e-5
        let step = { (sign: Double) in zip(xs, v).map { x, v in x + Tensor(shape: [], scalars: [sign * h]) * v } }
        let numerical = (flat(gradient(step(1))) - flat(gradient(step(-1)))) / Tensor(shape: [], scalars: [2 * h])
        var forwardOverReverse: Tensor?
        for i in xs.indices {
            let (_, t) = Autodiff.jvp({ x in
                var inputs = xs
                inputs[i] = x
                return flat(gradient(inputs))
            }, at: xs[i], tangent: v[i])
            forwardOverReverse = forwardOverReverse.map { $0 + t } ?? t
        }
        let reverseOverReverse = flat(Autodiff.grad { (xs: [Tensor]) in
            zip(gradient(xs), v).map { ($0 * $1).sum() }.reduce(Tensor(shape: [], scalars: [0.0]), +)
        }(xs))
        let y = c.instance.reference(c.instance.inputs)
        let atol = 1e-5 * magnitude(c.instance.inputs + [y])
        if let forwardOverReverse, let m = mismatch(forwardOverReverse.doubles, numerical.doubles, rtol: 1e-5, atol: atol) {
            return "forward over reverse (jvp of grad): \(m)"
        }
        if let m = mismatch(reverseOverReverse.doubles, numerical.doubles, rtol: 1e-5, atol: atol) {
            return "reverse over reverse (grad of grad): \(m)"
        }
        return nil
    }
}
