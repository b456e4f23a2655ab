/// Applies a primitive at the innermost level any of its operands are traced
/// at: the operands lose that level's tracer, the primitive is applied one
/// level down (recursively, so every active level sees it), and the result
/// is traced again at this level by recording it on the tape (reverse) or
/// by computing its tangent with the JVP rule (forward), or it is applied
/// to the whole batch by its batching rule (`vmap`).
///
/// Dispatch is driven by the operands alone: outside every transform no
/// operand has a tracer and the primitive runs its kernel directly.
func apply(_ primitive: Primitive, _ operands: [Tensor]) -> Tensor {
    if operands.count == 1 { return apply(primitive, operands[0]) }
    if operands.count == 2 { return apply(primitive, operands[0], operands[1]) }
    return applyTraced(primitive, operands)
}

/// `apply` of one operand: untraced elementwise primitives go straight to
/// their kernel, with no operand array and no rules table.
func apply(_ primitive: Primitive, _ x: Tensor) -> Tensor {
    if x.tracer == nil, let kernel = primitive.unaryKernel {
        let y = Evaluate.unary(kernel, x)
        if NaNCheck.isOn { NaNCheck.inspect(y, primitive.name, [x.shape]) }
        return y
    }
    return applyTraced(primitive, [x])
}

/// `apply` of two operands, with the same fast path.
func apply(_ primitive: Primitive, _ a: Tensor, _ b: Tensor) -> Tensor {
    if a.tracer == nil && b.tracer == nil, let kernel = primitive.binaryKernel {
        let y = Evaluate.binary(kernel, a, b)
        if NaNCheck.isOn { NaNCheck.inspect(y, primitive.name, [a.shape, b.shape]) }
        return y
    }
    return applyTraced(primitive, [a, b])
}

private func applyTraced(_ primitive: Primitive, _ operands: [Tensor]) -> Tensor {
    var top: Tracer?
    for x in operands {
        if let t = x.tracer, t.level > (top?.level ?? 0) { top = t }
    }
    guard let top else {
        let y = primitive.rule.evaluate(operands)
        if NaNCheck.isOn { NaNCheck.inspect(y, primitive.name, operands.map(\.shape)) }
        return y
    }
    let level = top.level, trace = top.trace
    for x in operands {
        if let t = x.tracer, t.level == level, !(t.trace === trace && trace.isActive) {
            fail("\(primitive.name): an operand was computed inside a transform (grad, vjp, jvp) that has already returned (a leaked tracer). Return it from that transform, or use stopGradient(x) to keep only its value")
        }
    }
    let primals = operands.map { $0.lowered(at: level) }
    if let batch = trace as? BatchTrace {
        let y = primitive.batched(primals, operands.map { $0.tracer?.level == level }, size: batch.size)
        return Tensor(batch: y, trace: batch)
    }
    let y = apply(primitive, primals)
    if let tape = trace as? Tape {
        let nodes = operands.map { $0.tracer?.level == level ? $0.tracer!.node : -1 }
        return tape.record(primitive, operandNodes: nodes, operands: primals, output: y)
    }
    let tangents = operands.map { x in x.tracer?.level == level ? x.tracer!.tangent : nil }
    let dy = primitive.rule.jvp(primals, y, tangents)
    return Tensor(shape: y.shape, buffer: y.buffer, tracer: Tracer(trace: trace, primal: y, tangent: dy))
}
