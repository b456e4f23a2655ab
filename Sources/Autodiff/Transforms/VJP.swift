/// `f` evaluated at `xs` on a new reverse-mode tape: its value, and what
/// its pullback needs.
///
/// The one reverse-mode entry point: `vjp`, `grad` and `valueAndGrad` of
/// every arity are this with different packaging. A struct, not a closure:
/// `grad` pulls back once, right away, and each closure is a context
/// allocated and freed per call (a tenth of the cost of `grad` of a tiny
/// function).
struct ReverseMode {
    /// The value of `f`, untraced at this level.
    let value: Tensor
    let tape: Tape
    /// The record of the value on the tape; nil if it does not depend on
    /// the inputs.
    let output: Int?
    /// The records of the inputs.
    let inputs: [Int]

    init(_ f: ([Tensor]) -> Tensor, at xs: [Tensor]) {
        (value, tape, output, inputs) = TransformLevels.withNewLevel { level in
            let tape = Tape(level: level)
            let inputs = xs.map { tape.watch($0) }
            let output = f(inputs)
            tape.isActive = false
            return (output.lowered(at: level), tape, tape.node(of: output), inputs.map { $0.tracer!.node })
        }
    }

    /// The cotangents of the inputs `xs` for the value's cotangent `g`
    /// (shaped and typed like the value): zeros for an input the value does
    /// not depend on. May be called any number of times.
    func pullback(_ g: Tensor, at xs: [Tensor]) -> [Tensor] {
        guard let output else { return xs.map { Tensor.zeros(like: $0) } }
        let gx = tape.backward(from: output, cotangent: g, inputs: inputs)
        return zip(gx, xs).map { $0 ?? Tensor.zeros(like: $1) }
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
public func vjp(
    _ f: (Tensor) -> Tensor, at x: Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (value: Tensor, pullback: (Tensor) -> Tensor) {
    let (value, pullback) = vjp({ xs in f(xs[0]) }, at: [x], file: file, line: line)
    return (value, { g in pullback(g)[0] })
}

/// `vjp` of a function of several tensors.
public func vjp(
    _ f: ([Tensor]) -> Tensor, at xs: [Tensor], file: StaticString = #fileID, line: UInt = #line
) -> (value: Tensor, pullback: (Tensor) -> [Tensor]) {
    let site = CallSite(file, line)
    let reverse = ReverseMode(f, at: xs)
    let value = reverse.value
    return (value, { g in
        if g.shape != value.shape {
            fail("vjp pullback: the cotangent has shape \(g.shape) but the function's value has shape \(value.shape); pass a cotangent shaped like the value", at: site)
        }
        return reverse.pullback(g.dtype == value.dtype ? g : g.cast(to: value.dtype), at: xs)
    })
}
