import AutodiffKernels

/// Whether `a` and `b` agree elementwise within `atol + rtol * |b|` (NumPy's
/// `allclose`: broadcasting, and NaN never equal). Compared in float64.
public func allClose(_ a: Tensor, _ b: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8) -> Bool {
    guard let shape = Shape.broadcast(a.shape, b.shape) else { return false }
    let x = Evaluate.broadcast(a.constant.cast(to: .float64), to: shape).doubles
    let y = Evaluate.broadcast(b.constant.cast(to: .float64), to: shape).doubles
    for (p, q) in zip(x, y) {
        if p == q { continue }  // equal infinities
        if !(Swift.abs(p - q) <= atol + rtol * Swift.abs(q)) { return false }
    }
    return true
}

/// The book's numerical limit `(f(x + h) - f(x)) / h`: the forward
/// difference, whose error shrinks like `h`.
public func numericalDerivative(_ f: (Double) -> Double, at x: Double, h: Double) -> Double {
    (f(x + h) - f(x)) / h
}

/// The central difference `(f(x + h) - f(x - h)) / 2h`, whose error shrinks
/// like `h²`.
public func centralDerivative(_ f: (Double) -> Double, at x: Double, h: Double = 1e-6) -> Double {
    (f(x + h) - f(x - h)) / (2 * h)
}

/// The gradient of a function returning a single number, by central
/// differences in float64 (`f` is called with float64 tensors), returned in
/// the dtype of `x`. A reference for checking `grad`, `2 * count(x)`
/// evaluations of `f`.
public func numericalGradient(_ f: (Tensor) -> Tensor, at x: Tensor, h: Double = 1e-6) -> Tensor {
    let base = x.constant.doubles
    var gradient = [Double](repeating: 0, count: base.count)
    for i in base.indices {
        let step = h * Swift.max(1, Swift.abs(base[i]))
        var plus = base, minus = base
        plus[i] += step
        minus[i] -= step
        let fp = f(Tensor(shape: x.shape, plus)).doubleItem()
        let fm = f(Tensor(shape: x.shape, minus)).doubleItem()
        gradient[i] = (fp - fm) / (2 * step)
    }
    return Tensor(shape: x.shape, gradient).cast(to: x.dtype)
}
