// Custom derivative rules and checkpointing.
//
// Each call stages the user's function into a `Program` first (one run on
// the numbers, see `StagingTrace`): every traced tensor the function
// captures from an enclosing transform becomes an explicit operand of the
// `custom` primitive, and the rules run the program, never the closure. So
// every level sees all of the primitive's inputs: a captured value under
// `grad`, `jvp` or `vmap` is differentiated or batched like an argument.
// The functions in `CustomRules.swift` build the rules from the programs.

/// A function whose reverse-mode derivative is given by hand: `forward`
/// returns the value and a pullback, which replaces the pullback that
/// differentiating `forward`'s operations would give. For numerically
/// stable or cheaper derivatives:
///
/// ```swift
/// let softplus = customVJP { (x: Tensor) in
///     (value: log(1 + exp(x)), pullback: { g in g * sigmoid(x) })
/// }
/// grad { softplus($0).sum() }(Tensor([1000]))   // [1.0]; through exp, which overflows: [0.0]
/// ```
///
/// The pullback is written with tensor operations, so it can itself be
/// differentiated (second derivatives go through it). Both are recorded
/// once per call, the pullback with a stand-in cotangent, and replayed
/// when needed: nothing `forward` computes is kept on the tape between the
/// two passes, and the pullback may compute with its cotangent but not
/// read its numbers. Forward mode (`jvp`) differentiates the value that
/// `forward` computes. Tensors that `forward` captures from an enclosing
/// transform are differentiated through the value as well (the rule covers
/// the argument only); pass them as arguments of the `[Tensor]` form to
/// give their derivatives by hand too.
public func customVJP(
    name: String = "customVJP",
    _ forward: @escaping (Tensor) -> (value: Tensor, pullback: (Tensor) -> Tensor),
    file: StaticString = #fileID, line: UInt = #line
) -> (Tensor) -> Tensor {
    let call = Call(name, file: file, line: line)
    return { (x: Tensor) -> Tensor in
        customVJPCall(call, { (xs: [Tensor]) -> (value: Tensor, pullback: (Tensor) -> [Tensor]) in
            let (value, pullback) = forward(xs[0])
            return (value, { (g: Tensor) -> [Tensor] in [pullback(g)] })
        }, at: [x])
    }
}

/// `customVJP` of a function of several tensors: the pullback returns one
/// cotangent per argument, shaped like it.
public func customVJP(
    name: String = "customVJP",
    _ forward: @escaping ([Tensor]) -> (value: Tensor, pullback: (Tensor) -> [Tensor]),
    file: StaticString = #fileID, line: UInt = #line
) -> ([Tensor]) -> Tensor {
    let call = Call(name, file: file, line: line)
    return { xs in customVJPCall(call, forward, at: xs) }
}

/// A function whose forward-mode derivative is given by hand:
/// `differential(x, dx)` returns the tangent of `f` at `x` along `dx` and
/// must be linear in `dx`. Reverse mode transposes it (by differentiating
/// it with respect to `dx`), so `grad` uses the rule too.
///
/// ```swift
/// let safeLog1pExp = customJVP({ log(1 + exp($0)) }, differential: { x, dx in dx * sigmoid(x) })
/// ```
///
/// Like `customVJP`, the differential is recorded once per call with a
/// stand-in tangent, and tensors that `f` captures from an enclosing
/// transform are differentiated through `f`.
public func customJVP(
    name: String = "customJVP",
    _ f: @escaping (Tensor) -> Tensor,
    differential: @escaping (_ x: Tensor, _ dx: Tensor) -> Tensor,
    file: StaticString = #fileID, line: UInt = #line
) -> (Tensor) -> Tensor {
    let call = Call(name, file: file, line: line)
    return { (x: Tensor) -> Tensor in
        customJVPCall(call, { (xs: [Tensor]) -> Tensor in f(xs[0]) },
                      differential: { (xs: [Tensor], dxs: [Tensor]) -> Tensor in differential(xs[0], dxs[0]) }, at: [x])
    }
}

/// `customJVP` of a function of several tensors: `differential(x, dx)`
/// takes one tangent per argument.
public func customJVP(
    name: String = "customJVP",
    _ f: @escaping ([Tensor]) -> Tensor,
    differential: @escaping (_ x: [Tensor], _ dx: [Tensor]) -> Tensor,
    file: StaticString = #fileID, line: UInt = #line
) -> ([Tensor]) -> Tensor {
    let call = Call(name, file: file, line: line)
    return { xs in customJVPCall(call, f, differential: differential, at: xs) }
}

/// `f` with rematerialisation: under reverse mode only its inputs and
/// output are kept, and its intermediates are computed again during the
/// backward pass. Trades one extra evaluation of `f` for the memory of its
/// intermediates (JAX's `checkpoint`, PyTorch's `checkpoint`). The
/// derivatives are exactly those of `f`, also through tensors it captures.
public func checkpoint(_ f: @escaping (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> (Tensor) -> Tensor {
    let call = Call("checkpoint", file: file, line: line)
    return { (x: Tensor) -> Tensor in checkpointCall(call, { (xs: [Tensor]) -> Tensor in f(xs[0]) }, at: [x]) }
}

/// `checkpoint` of a function of several tensors.
public func checkpoint(_ f: @escaping ([Tensor]) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> ([Tensor]) -> Tensor {
    let call = Call("checkpoint", file: file, line: line)
    return { xs in checkpointCall(call, f, at: xs) }
}

// MARK: - Staging one call

/// `checkpoint(f)(xs)`.
func checkpointCall(_ call: Call, _ f: ([Tensor]) -> Tensor, at xs: [Tensor]) -> Tensor {
    let (value, staged) = staging(call.name) { trace -> (Tensor, StagedCall?) in
        let y = f(xs.map { trace.input($0) })
        if trace.isClosed(over: [y], xs) { return (trace.value(y), nil) }
        return (y, StagedCall(trace, outputs: [y]))
    }
    guard let staged else { return value }
    return apply(.custom(checkpointRule(call, staged, inputCount: xs.count)), xs + staged.captures)
}

/// `customVJP(forward)(xs)`: the program's inputs are `xs` and the
/// cotangent; its outputs the value and one cotangent per input.
func customVJPCall(_ call: Call, _ forward: ([Tensor]) -> (value: Tensor, pullback: (Tensor) -> [Tensor]),
                   at xs: [Tensor]) -> Tensor {
    let (value, staged) = staging(call.name) { trace -> (Tensor, StagedCall?) in
        let (y, pullback) = forward(xs.map { trace.input($0) })
        if trace.isClosed(over: [y], xs) { return (trace.value(y), nil) }
        let g = trace.input(Tensor.ones(trace.value(y).shape, dtype: y.dtype), standIn: true)
        let gx = pullback(g)
        if gx.count != xs.count {
            fail("\(call.name): the pullback returned \(gx.count) cotangents for \(xs.count) inputs; return one cotangent per input", at: call)
        }
        let cotangents: [Tensor] = zip(gx, xs).map { (g: Tensor, x: Tensor) -> Tensor in
            if g.shape != x.shape {
                fail("\(call.name): the pullback returned a cotangent of shape \(g.shape) for an input of shape \(x.shape); return each cotangent shaped like its input", at: call)
            }
            return g.dtype == x.dtype ? g : g.cast(to: x.dtype)
        }
        return (y, StagedCall(trace, outputs: [y] + cotangents))
    }
    guard let staged else { return value }
    return apply(.custom(customVJPRule(call, staged, inputCount: xs.count)), xs + staged.captures)
}

/// `customJVP(f, differential)(xs)`: the program's inputs are `xs` and one
/// tangent for each; its outputs the value and its tangent.
func customJVPCall(_ call: Call, _ f: ([Tensor]) -> Tensor, differential: ([Tensor], [Tensor]) -> Tensor,
                   at xs: [Tensor]) -> Tensor {
    let (value, staged) = staging(call.name) { trace -> (Tensor, StagedCall?) in
        let x = xs.map { trace.input($0) }
        let y = f(x)
        if trace.isClosed(over: [y], xs) { return (trace.value(y), nil) }
        let dx = xs.map { trace.input(Tensor.ones($0.shape, dtype: $0.dtype), standIn: true) }
        var dy = differential(x, dx)
        if dy.shape != y.shape {
            fail("\(call.name): the differential returned a tangent of shape \(dy.shape) for a value of shape \(y.shape); return a tangent shaped like the value", at: call)
        }
        if dy.dtype != y.dtype { dy = dy.cast(to: y.dtype) }
        return (y, StagedCall(trace, outputs: [y, dy]))
    }
    guard let staged else { return value }
    return apply(.custom(customJVPRule(call, staged, inputCount: xs.count)), xs + staged.captures)
}

/// A call's function as a program, and the traced tensors it captures.
struct StagedCall {
    let program: Program
    let captures: [Tensor]
    let readsValues: Bool

    init(_ trace: StagingTrace, outputs: [Tensor]) {
        program = trace.program(outputs: outputs)
        captures = trace.captures
        readsValues = trace.didRead
    }
}
