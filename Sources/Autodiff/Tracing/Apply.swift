/// Applies a primitive at the innermost level any of its operands are traced
/// at: the operands lose that level's tracer, the primitive is applied one
/// level down (recursively, so every active level sees it), and that
/// level's trace interprets it (`interpret`, one switch over the four trace
/// kinds).
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
    var top: Tracer?
    for x in operands {
        if let t = x.tracer, t.level > (top?.level ?? 0) { top = t }
    }
    guard let top else { return evaluate(primitive, operands) }
    return interpret(primitive, .many(operands, level: top.level), at: top)
}

/// `apply` of one operand: untraced elementwise primitives go straight to
/// their kernel, with no operand array and no rules table.
func apply(_ primitive: Primitive, _ x: Tensor) -> Tensor {
    guard let tracer = x.tracer else {
        if let kernel = primitive.unaryKernel {
            let y = Evaluate.unary(kernel, x)
            if Inspection.isOn { Inspection.inspect(y, primitive.name, [x.shape]) }
            return y
        }
        return evaluate(primitive, [x])
    }
    return interpret(primitive, .one(tracer.primal, tracer), at: tracer)
}

/// `apply` of two operands, with the same fast path.
func apply(_ primitive: Primitive, _ a: Tensor, _ b: Tensor) -> Tensor {
    let ta = a.tracer, tb = b.tracer
    if ta == nil && tb == nil {
        if let kernel = primitive.binaryKernel {
            let y = Evaluate.binary(kernel, a, b)
            if Inspection.isOn { Inspection.inspect(y, primitive.name, [a.shape, b.shape]) }
            return y
        }
        return evaluate(primitive, [a, b])
    }
    let top = (tb == nil || (ta != nil && ta!.level >= tb!.level)) ? ta! : tb!
    let level = top.level
    let aTracer = ta?.level == level ? ta : nil, bTracer = tb?.level == level ? tb : nil
    return interpret(primitive, .two(aTracer?.primal ?? a, aTracer, bTracer?.primal ?? b, bTracer), at: top)
}

/// The operands of one application at the level that interprets it.
/// One or two (nearly every primitive) are held inline, each as its value
/// one level down and its tracer at the level (nil for an operand that is
/// constant there): so the traced path allocates no array, reads each
/// tracer once, and copies no operand it does not pass on (each copy of a
/// tensor costs three reference counts, a tenth of a scalar operation).
/// More operands are held as given.
enum Operands {
    case one(Tensor, Tracer?)
    case two(Tensor, Tracer?, Tensor, Tracer?)
    case many([Tensor], level: Int)

    /// The operands one level down, in an array.
    var loweredArray: [Tensor] {
        switch self {
        case .one(let x, _): [x]
        case .two(let a, _, let b, _): [a, b]
        case .many(let xs, let level): xs.map { $0.lowered(at: level) }
        }
    }

    /// The operands as traced at the level. A staged tracer's value has the
    /// shape of the tensor it traces, so the tensor is rebuilt from the two.
    var tracedArray: [Tensor] {
        func traced(_ x: Tensor, _ t: Tracer?) -> Tensor {
            t.map { Tensor(shape: x.shape, storage: x.storage, tracer: $0) } ?? x
        }
        switch self {
        case .one(let x, let t): return [traced(x, t)]
        case .two(let a, let ta, let b, let tb): return [traced(a, ta), traced(b, tb)]
        case .many(let xs, _): return xs
        }
    }

    /// The tracer of each operand at the level, nil for a constant there.
    var tracers: [Tracer?] {
        switch self {
        case .one(_, let t): [t]
        case .two(_, let ta, _, let tb): [ta, tb]
        case .many(let xs, let level): xs.map { $0.tracer?.level == level ? $0.tracer : nil }
        }
    }

    /// Calls `body` with the tracer of each operand traced at the level.
    @inline(__always)
    func forEachTracer(_ body: (Tracer) -> Void) {
        switch self {
        case .one(_, let t):
            if let t { body(t) }
        case .two(_, let ta, _, let tb):
            if let ta { body(ta) }
            if let tb { body(tb) }
        case .many(let xs, let level):
            for x in xs { if let t = x.tracer, t.level == level { body(t) } }
        }
    }
}

/// The primitive applied to the operands one level down.
@inline(__always)
private func applyBelow(_ primitive: Primitive, _ operands: Operands) -> Tensor {
    switch operands {
    case .one(let x, _): apply(primitive, x)
    case .two(let a, _, let b, _): apply(primitive, a, b)
    case .many(let xs, let level): apply(primitive, xs.map { $0.lowered(at: level) })
    }
}

/// How the trace of `top` (the innermost level among the operands)
/// interprets `primitive`: the one place where the trace kinds differ.
/// Inlined into the three entry points, so that the switches over the
/// operands fold away and each arity runs as tight a path as if written
/// out by hand (an outlined call copies and retains the operands).
/// - reverse: apply it below, then record it on the tape;
/// - forward: apply it below, and push the tangents through its JVP rule;
/// - batch: its batching rule applies it to every example at once;
/// - staged: it becomes an instruction of the program being recorded
///   (computed on the numbers, so no outer transform sees the recording).
@inline(__always)
private func interpret(_ primitive: Primitive, _ operands: Operands, at top: Tracer) -> Tensor {
    switch top {
    case .staged(let staged):
        check(operands, tracedBy: staged.trace, primitive)
        return staged.trace.record(.primitive(primitive), operands.tracedArray)
    case .batch(let batch):
        check(operands, tracedBy: batch.trace, primitive)
        let y = primitive.batched(operands.loweredArray, operands.tracers.map { $0 != nil }, size: batch.trace.size)
        return Tensor(batch: y, trace: batch.trace)
    case .reverse(let tape, _):
        // The tape as bound here, not `top.trace`: one retain and release
        // of the tape fewer per operation (a few percent of scalar code).
        check(operands, tracedBy: tape, primitive)
        return tape.record(primitive, operands, output: applyBelow(primitive, operands))
    case .forward(let forward):
        let trace = forward.trace
        check(operands, tracedBy: trace, primitive)
        let y = applyBelow(primitive, operands)
        let dy = primitive.rule.jvp(operands.loweredArray, y, operands.tracers.map { $0?.tangent })
        return Tensor(shape: y.shape, storage: y.storage, tracer: Tracer(trace: trace, primal: y, tangent: dy))
    }
}

/// Stops unless every operand's tracer at the level belongs to `trace`,
/// which is still running, on this thread.
@inline(__always)
private func check(_ operands: Operands, tracedBy trace: Trace, _ primitive: Primitive) {
    if !trace.isActive { stopOnLeakedTracer(primitive) }
    operands.forEachTracer { if !$0.isTraced(by: trace) { stopOnLeakedTracer(primitive) } }
    if !trace.isOnItsThread { stopOnAnotherThread(primitive) }
}

/// The primitive's kernel on operands that no transform traces.
private func evaluate(_ primitive: Primitive, _ operands: [Tensor]) -> Tensor {
    let y = primitive.rule.evaluate(operands)
    if Inspection.isOn { Inspection.inspect(y, primitive.name, operands.map(\.shape)) }
    return y
}

/// Stops: an operand's tracer, at the level of the trace that interprets the
/// operation, belongs to another trace or to one that has ended (its
/// transform has already returned). Out of line, as `stopOnAnotherThread`:
/// the checks themselves are an identity comparison and a load per operand.
@inline(never)
private func stopOnLeakedTracer(_ primitive: Primitive) -> Never {
    fail("\(primitive.name): an operand was computed inside a transform (grad, vjp, jvp) that has already returned (a leaked tracer). Return it from that transform, or use stopGradient(x) to keep only its value")
}

/// Stops: an operand's trace runs on another thread, and its tape or
/// trace objects are not synchronised. Out of line, so that the check in
/// `interpret` costs a comparison.
@inline(never)
private func stopOnAnotherThread(_ primitive: Primitive) -> Never {
    fail("\(primitive.name): an operand is traced by a transform (grad, jvp, vmap, a GradientTape, ...) running on another thread; a transform's tensors are used on the thread that runs it. Start the transform on each thread instead (a compiled or transformed function may be called from many threads at once)")
}
