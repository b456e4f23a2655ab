/// Applies a primitive at the innermost level any of its operands are traced
/// at: the operands lose that level's tracer, the primitive is applied one
/// level down (recursively, so every active level sees it), and the result
/// is traced again at this level by recording it on the tape (reverse) or
/// by computing its tangent with the JVP rule (forward), or it is applied
/// to the whole batch by its batching rule (`vmap`), or it becomes an
/// instruction of the program being staged.
///
/// Dispatch is driven by the operands alone: outside every transform no
/// operand has a tracer and the primitive runs its kernel directly.
///
/// One and two operands (nearly every primitive) have their own entry
/// points below, so that neither the untraced nor the traced path builds an
/// array of operands it does not keep: an operation is the tiny unit of
/// work in scalar code, and each array is a heap allocation.
func apply(_ primitive: Primitive, _ operands: [Tensor]) -> Tensor {
    if operands.count == 1 { return apply(primitive, operands[0]) }
    if operands.count == 2 { return apply(primitive, operands[0], operands[1]) }
    return applyTraced(primitive, operands)
}

/// `apply` of one operand: untraced elementwise primitives go straight to
/// their kernel, with no operand array and no rules table.
func apply(_ primitive: Primitive, _ x: Tensor) -> Tensor {
    guard let tracer = x.tracer else {
        if let kernel = primitive.unaryKernel {
            let y = Evaluate.unary(kernel, x)
            if NaNCheck.isOn { NaNCheck.inspect(y, primitive.name, [x.shape]) }
            return y
        }
        return evaluate(primitive, [x])
    }
    checkLive(tracer, tracer.trace, primitive)
    if case .staged(let staged) = tracer { return staged.trace.record(.primitive(primitive), [x]) }
    let primal = tracer.primal
    if case .batch(let batch) = tracer {
        return Tensor(batch: primitive.batched([primal], [true], size: batch.trace.size), trace: batch.trace)
    }
    let y = apply(primitive, primal)
    if let tape = tracer.trace as? Tape {
        return tape.record(primitive, primal, node: tracer.node, output: y)
    }
    let dy = primitive.rule.jvp([primal], y, [tracer.tangent!])
    return Tensor(shape: y.shape, storage: y.storage, tracer: Tracer(trace: tracer.trace, primal: y, tangent: dy))
}

/// `apply` of two operands, with the same fast path.
func apply(_ primitive: Primitive, _ a: Tensor, _ b: Tensor) -> Tensor {
    let ta = a.tracer, tb = b.tracer
    if ta == nil && tb == nil {
        if let kernel = primitive.binaryKernel {
            let y = Evaluate.binary(kernel, a, b)
            if NaNCheck.isOn { NaNCheck.inspect(y, primitive.name, [a.shape, b.shape]) }
            return y
        }
        return evaluate(primitive, [a, b])
    }
    // The innermost level, and which operands are traced at it.
    let top = (tb == nil || (ta != nil && ta!.level >= tb!.level)) ? ta! : tb!
    let level = top.level, trace = top.trace
    let aTraced = ta?.level == level, bTraced = tb?.level == level
    if aTraced { checkLive(ta!, trace, primitive) }
    if bTraced { checkLive(tb!, trace, primitive) }
    if case .staged(let staged) = top { return staged.trace.record(.primitive(primitive), [a, b]) }
    let pa = aTraced ? ta!.primal : a, pb = bTraced ? tb!.primal : b
    if case .batch(let batch) = top {
        return Tensor(batch: primitive.batched([pa, pb], [aTraced, bTraced], size: batch.trace.size), trace: batch.trace)
    }
    let y = apply(primitive, pa, pb)
    if let tape = trace as? Tape {
        return tape.record(primitive, pa, pb, nodes: (aTraced ? ta!.node : -1, bTraced ? tb!.node : -1), output: y)
    }
    let dy = primitive.rule.jvp([pa, pb], y, [aTraced ? ta!.tangent! : nil, bTraced ? tb!.tangent! : nil])
    return Tensor(shape: y.shape, storage: y.storage, tracer: Tracer(trace: trace, primal: y, tangent: dy))
}

/// `apply` of any number of operands (`select`, `concatenate`, custom rules).
private func applyTraced(_ primitive: Primitive, _ operands: [Tensor]) -> Tensor {
    var top: Tracer?
    for x in operands {
        if let t = x.tracer, t.level > (top?.level ?? 0) { top = t }
    }
    guard let top else { return evaluate(primitive, operands) }
    let level = top.level, trace = top.trace
    for x in operands {
        if let t = x.tracer, t.level == level { checkLive(t, trace, primitive) }
    }
    if case .staged(let staged) = top { return staged.trace.record(.primitive(primitive), operands) }
    let primals = operands.map { $0.lowered(at: level) }
    if case .batch(let batch) = top {
        let y = primitive.batched(primals, operands.map { $0.tracer?.level == level }, size: batch.trace.size)
        return Tensor(batch: y, trace: batch.trace)
    }
    let y = apply(primitive, primals)
    if let tape = trace as? Tape {
        let nodes = operands.map { $0.tracer?.level == level ? $0.tracer!.node : -1 }
        return tape.record(primitive, operands: primals, nodes: nodes, output: y)
    }
    let tangents = operands.map { x in x.tracer?.level == level ? x.tracer!.tangent : nil }
    let dy = primitive.rule.jvp(primals, y, tangents)
    return Tensor(shape: y.shape, storage: y.storage, tracer: Tracer(trace: trace, primal: y, tangent: dy))
}

/// The primitive's kernel on operands that no transform traces.
private func evaluate(_ primitive: Primitive, _ operands: [Tensor]) -> Tensor {
    let y = primitive.rule.evaluate(operands)
    if NaNCheck.isOn { NaNCheck.inspect(y, primitive.name, operands.map(\.shape)) }
    return y
}

/// Stops if an operand's tracer, at the level of `trace`, belongs to another
/// trace or to one that has ended: its transform has already returned.
private func checkLive(_ tracer: Tracer, _ trace: Trace, _ primitive: Primitive) {
    if !(tracer.trace === trace && trace.isActive) {
        fail("\(primitive.name): an operand was computed inside a transform (grad, vjp, jvp) that has already returned (a leaked tracer). Return it from that transform, or use stopGradient(x) to keep only its value")
    }
}
