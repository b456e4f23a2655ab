// The rules of the `custom` primitives that `checkpoint`, `customVJP` and
// `customJVP` apply, built from their staged programs. The operands are the
// `inputCount` arguments of the call, then the tensors it captures; rules
// are written with transforms of the program (Autodidax's way with `jit`),
// so they are differentiable, and a rule batched by `vmap` is the same kind
// of rule again, staged from the program mapped over the batch.

/// `checkpoint`: every derivative is that of the program, run again.
func checkpointRule(_ call: Call, _ staged: StagedCall, inputCount n: Int) -> CustomRule {
    let program = staged.program
    let value = { (x: [Tensor]) -> Tensor in program.run(operands: x, arguments: n)[0]! }
    return CustomRule(
        name: call.name, readsValues: staged.readsValues,
        evaluate: value,
        jvp: { (x: [Tensor], _: Tensor, dx: [Tensor?]) -> Tensor in jvp(value, at: x, tangents: dx).tangent },
        vjp: { (x: [Tensor], _: Tensor, g: Tensor, wants: Wants) -> [Tensor?] in
            cotangents(of: value, at: x, x.indices, for: g, wants)
        },
        batched: { (x: [Tensor], isBatched: [Bool], _: Int) -> Tensor in
            checkpointCall(call, { (x: [Tensor]) -> Tensor in mapped(value, over: x, isBatched: isBatched, call) }, at: x)
        })
}

/// `customVJP`: the program's outputs are the value and the user's
/// cotangents of the arguments. Captures get theirs from the value, by
/// reverse mode through the program.
func customVJPRule(_ call: Call, _ staged: StagedCall, inputCount n: Int) -> CustomRule {
    let program = staged.program
    let valueOnly: [Bool] = [true] + Array(repeating: false, count: n)
    let value = { (x: [Tensor]) -> Tensor in
        program.run(operands: x, arguments: n, wanted: valueOnly)[0]!
    }
    let pullback = { (x: [Tensor], g: Tensor, wanted: [Bool]) -> [Tensor?] in
        Array(program.run(operands: x, arguments: n, then: [g], wanted: [false] + wanted).dropFirst())
    }
    func batched(_ x: [Tensor], _ isBatched: [Bool], _ size: Int) -> Tensor {
        let every = [Bool](repeating: true, count: n)
        func batchedPullback(_ g: Tensor) -> [Tensor] {
            let gx: [Tensor] = mapped({ (a: [Tensor]) -> [Tensor] in pullback(Array(a.dropLast()), a.last!, every).map { $0! } },
                                      over: x + [g], isBatched: isBatched + [true], call)
            // An argument shared by every example gets the sum of their cotangents.
            let covered: [Tensor] = gx.indices.map { i in isBatched[i] ? gx[i] : gx[i].sum(axis: 0) }
            if x.count == n { return covered }
            let captured: [Tensor] = vjp({ (c: [Tensor]) -> Tensor in mapped(value, over: Array(x[..<n]) + c, isBatched: isBatched, call) },
                                         at: Array(x[n...])).pullback(g)
            return covered + captured
        }
        return customVJPCall(call, { (x: [Tensor]) -> (value: Tensor, pullback: (Tensor) -> [Tensor]) in
            (value: mapped(value, over: x, isBatched: isBatched, call), pullback: batchedPullback)
        }, at: x)
    }
    return CustomRule(
        name: call.name, readsValues: staged.readsValues,
        evaluate: value,
        jvp: { (x: [Tensor], _: Tensor, dx: [Tensor?]) -> Tensor in jvp(value, at: x, tangents: dx).tangent },
        vjp: { (x: [Tensor], _: Tensor, g: Tensor, wants: Wants) -> [Tensor?] in
            pullback(x, g, (0..<n).map { wants[$0] }) + cotangents(of: value, at: x, n..<x.count, for: g, wants)
        },
        batched: batched)
}

/// `customJVP`: the program's outputs are the value and the user's tangent,
/// linear in the argument tangents; reverse mode transposes it. Captures
/// are differentiated through the value.
func customJVPRule(_ call: Call, _ staged: StagedCall, inputCount n: Int) -> CustomRule {
    let program = staged.program
    let value = { (x: [Tensor]) -> Tensor in
        program.run(operands: x, arguments: n, wanted: [true, false])[0]!
    }
    let differential = { (x: [Tensor], dx: [Tensor]) -> Tensor in
        program.run(operands: x, arguments: n, then: dx, wanted: [false, true])[1]!
    }
    func tangent(_ x: [Tensor], _ y: Tensor, _ dx: [Tensor?]) -> Tensor {
        var terms: [Tensor?] = []
        if dx[..<n].contains(where: { $0 != nil }) {
            terms.append(differential(x, Primitive.zeroFilled(Array(dx[..<n]), Array(x[..<n]))))
        }
        if dx[n...].contains(where: { $0 != nil }) {
            let captured: [Tensor?] = Array(repeating: nil, count: n) + dx[n...]
            terms.append(jvp(value, at: x, tangents: captured).tangent)
        }
        return tangentSum(terms, like: y)
    }
    func cotangent(_ x: [Tensor], _ y: Tensor, _ g: Tensor, _ wants: Wants) -> [Tensor?] {
        var covered = [Tensor?](repeating: nil, count: n)
        if (0..<n).contains(where: { wants[$0] }) {
            // The transpose of a linear map: its pullback at any point, zero here.
            let zeros: [Tensor] = x[..<n].map { Tensor.zeros(like: $0) }
            let gx: [Tensor] = vjp({ (dx: [Tensor]) -> Tensor in differential(x, dx) }, at: zeros).pullback(g)
            for i in 0..<n where wants[i] { covered[i] = gx[i] }
        }
        return covered + cotangents(of: value, at: x, n..<x.count, for: g, wants)
    }
    func batched(_ x: [Tensor], _ isBatched: [Bool], _ size: Int) -> Tensor {
        let m = x.count
        func batchedDifferential(_ x: [Tensor], _ dx: [Tensor]) -> Tensor {
            let covered: Tensor = mapped({ (a: [Tensor]) -> Tensor in differential(Array(a[..<m]), Array(a[m...])) },
                                         over: x + dx[..<n], isBatched: isBatched + isBatched[..<n], call)
            if m == n { return covered }
            let captured: Tensor = jvp({ (c: [Tensor]) -> Tensor in mapped(value, over: Array(x[..<n]) + c, isBatched: isBatched, call) },
                                       at: Array(x[n...]), tangents: Array(dx[n...])).tangent
            return covered + captured
        }
        return customJVPCall(call, { (x: [Tensor]) -> Tensor in mapped(value, over: x, isBatched: isBatched, call) },
                             differential: batchedDifferential, at: x)
    }
    return CustomRule(name: call.name, readsValues: staged.readsValues, evaluate: value, jvp: tangent, vjp: cotangent, batched: batched)
}

extension Program {
    /// `run` on a custom primitive's operands: its first `arguments` are the
    /// program's first inputs, `then` its further inputs (a cotangent or
    /// tangents), and the rest of the operands its captures.
    func run(operands x: [Tensor], arguments n: Int, then more: [Tensor] = [], wanted: [Bool]? = nil) -> [Tensor?] {
        run(inputs: Array(x[..<n]) + more, captures: Array(x[n...]), wanted: wanted)
    }
}

/// Reverse mode through `f` for the operands at `indices` that `wants`
/// asks for: their cotangents for `g`, in the order of `indices`, nil for
/// the others (which stay constants, so no work is done for them).
func cotangents(of f: ([Tensor]) -> Tensor, at x: [Tensor], _ indices: Range<Int>, for g: Tensor, _ wants: Wants) -> [Tensor?] {
    var result = [Tensor?](repeating: nil, count: indices.count)
    let wanted = indices.filter { wants[$0] }
    if wanted.isEmpty { return result }
    let gx: [Tensor] = vjp({ (w: [Tensor]) -> Tensor in
        var operands = x
        for (k, i) in wanted.enumerated() { operands[i] = w[k] }
        return f(operands)
    }, at: wanted.map { x[$0] }).pullback(g)
    for (k, i) in wanted.enumerated() { result[i - indices.lowerBound] = gx[k] }
    return result
}
