/// A function whose reverse-mode derivative is given by hand: `forward`
/// returns the value and a pullback, which replaces the pullback that
/// differentiating `forward`'s operations would give. For numerically
/// stable or cheaper derivatives:
///
/// ```swift
/// let softplus = customVJP { (x: Tensor) in
///     (value: log(1 + exp(x)), pullback: { g in g * sigmoid(x) })
/// }
/// grad { softplus($0).sum() }(Tensor([1000]))   // [1.0], not NaN
/// ```
///
/// The pullback is written with tensor operations, so it can itself be
/// differentiated (second derivatives go through it). Under reverse mode,
/// `forward` runs again when the pullback is needed, so nothing it computes
/// is kept on the tape between the two passes. Forward mode (`jvp`)
/// differentiates the value that `forward` computes.
public func customVJP(
    name: String = "customVJP",
    _ forward: @escaping (Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor)
) -> (Tensor) -> Tensor {
    let rule = CustomRule(
        name: name,
        evaluate: { x in forward(x[0]).value },
        jvp: { x, _, dx in jvp({ forward($0).value }, at: x[0], tangent: dx[0]).tangent },
        vjp: { x, _, g in [forward(x[0]).pullback(g)] })
    return { x in apply(.custom(rule), [x]) }
}

/// A function whose forward-mode derivative is given by hand:
/// `differential(x, dx)` returns the tangent of `f` at `x` along `dx` and
/// must be linear in `dx`. Reverse mode transposes it (by differentiating
/// it with respect to `dx`), so `grad` uses the rule too.
///
/// ```swift
/// let safeLog1pExp = customJVP({ log(1 + exp($0)) }, differential: { x, dx in dx * sigmoid(x) })
/// ```
public func customJVP(
    name: String = "customJVP",
    _ f: @escaping (Tensor) -> Tensor,
    differential: @escaping (_ x: Tensor, _ dx: Tensor) -> Tensor
) -> (Tensor) -> Tensor {
    let rule = CustomRule(
        name: name,
        evaluate: { x in f(x[0]) },
        jvp: { x, _, dx in differential(x[0], dx[0]) },
        vjp: { x, _, g in
            // The VJP of a linear map is its transpose: the pullback of the
            // differential with respect to its tangent argument.
            [vjp({ differential(x[0], $0) }, at: Tensor.zeros(like: x[0])).pullback(g)]
        })
    return { x in apply(.custom(rule), [x]) }
}

/// `f` with rematerialisation: under reverse mode only its input and output
/// are kept, and its intermediates are computed again during the backward
/// pass. Trades one extra evaluation of `f` for the memory of its
/// intermediates (JAX's `checkpoint`, PyTorch's `checkpoint`).
public func checkpoint(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
    let rule = CustomRule(
        name: "checkpoint",
        evaluate: { x in f(x[0]) },
        jvp: { x, _, dx in jvp(f, at: x[0], tangent: dx[0]).tangent },
        vjp: { x, _, g in [vjp(f, at: x[0]).pullback(g)] })
    return { x in apply(.custom(rule), [x]) }
}
