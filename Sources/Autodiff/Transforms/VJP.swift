/// Evaluates `f` at `xs` on a new reverse-mode tape and returns its value
/// and a pullback from output cotangents to input cotangents.
///
/// The one reverse-mode entry point: `vjp`, `grad` and `valueAndGrad` of
/// every arity are this with different packaging.
func reverseMode(_ f: ([Tensor]) -> Tensor, at xs: [Tensor]) -> (value: Tensor, pullback: ([Tensor]) -> ([Tensor]) -> [Tensor]) {
    TransformLevels.withNewLevel { level in
        let tape = Tape(level: level)
        let inputs = xs.map { tape.watch($0) }
        let output = f(inputs)
        tape.isActive = false
        let value = output.lowered(at: level)
        let node = tape.node(of: output)
        let inputNodes = inputs.map { $0.tracer!.node }
        let pullback = { (xs: [Tensor]) in
            { (g: [Tensor]) -> [Tensor] in
                let cotangent = g[0]
                guard let node else { return xs.map { Tensor.zeros(like: $0) } }
                let gx = tape.backward(from: node, cotangent: cotangent, inputs: inputNodes)
                return zip(gx, xs).map { $0 ?? Tensor.zeros(like: $1) }
            }
        }
        return (value, pullback)
    }
}

/// The value of `f` at `x` and its pullback: the function that maps a
/// cotangent `g` (shaped like the value) to `gᵀ J`, where `J` is the
/// Jacobian of `f` at `x`. The pullback may be called any number of times.
///
/// ```swift
/// let (value, pullback) = vjp({ x in x * x }, at: Tensor.arange(4))
/// pullback(Tensor.ones([4]))   // [0.0, 2.0, 4.0, 6.0]
/// ```
public func vjp(_ f: (Tensor) -> Tensor, at x: Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let (value, pullback) = vjp({ xs in f(xs[0]) }, at: [x])
    return (value, { g in pullback(g)[0] })
}

/// `vjp` of a function of several tensors.
public func vjp(_ f: ([Tensor]) -> Tensor, at xs: [Tensor]) -> (value: Tensor, pullback: (Tensor) -> [Tensor]) {
    let (value, makePullback) = reverseMode(f, at: xs)
    let pullback = makePullback(xs)
    return (value, { g in
        if g.shape != value.shape {
            fail("vjp pullback: the cotangent has shape \(g.shape) but the function's value has shape \(value.shape); pass a cotangent shaped like the value")
        }
        return pullback([g.dtype == value.dtype ? g : g.cast(to: value.dtype)])
    })
}
