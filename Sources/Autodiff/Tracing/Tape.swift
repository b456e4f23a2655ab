/// The reverse-mode record of one transform: a Wengert list, one record per
/// primitive applied, in execution order, swept backwards by one loop.
final class Tape: Trace, @unchecked Sendable {
    struct Record {
        /// nil for an input of the transform.
        let primitive: Primitive?
        /// The operands one level down, as the rules need them.
        let operands: Operands
        /// Where the operands' records are in `operandNodes`: one entry per
        /// operand, kept in one array for the whole tape rather than an
        /// array per record (an allocation per operation).
        let operandNodeRange: Range<Int>
        let output: Tensor
    }

    /// The operands of a record: one or two (nearly every primitive) held
    /// inline, so that recording an operation allocates no array for them;
    /// more in an array.
    enum Operands {
        case none
        case one(Tensor)
        case two(Tensor, Tensor)
        case many([Tensor])

        /// The operands as the rules take them.
        var array: [Tensor] {
            switch self {
            case .none: []
            case .one(let a): [a]
            case .two(let a, let b): [a, b]
            case .many(let x): x
            }
        }
    }

    // Unchecked exclusivity: every traced operation appends here, and a
    // class's `var` costs a dynamic exclusivity check per access (about 100
    // instructions each, several per operation). No access can overlap
    // another: the tape's methods call nothing that could reach the tape
    // while they modify it, and a tape is used by one thread.
    @exclusivity(unchecked) private(set) var records: [Record] = []
    /// For each operand of each record, its record on this tape, or -1 if
    /// it is a constant at this level.
    @exclusivity(unchecked) private var operandNodes: [Int] = []

    /// The records of the operands of record `i` (-1 for a constant).
    func operandNodes(of i: Int) -> ArraySlice<Int> { operandNodes[records[i].operandNodeRange] }

    /// Starts recording `x` as an input of the transform.
    func watch(_ x: Tensor) -> Tensor {
        let start = operandNodes.count
        records.append(Record(primitive: nil, operands: .none, operandNodeRange: start..<start, output: x))
        return tracedOutput(x)
    }

    /// Records that `primitive` turned `x` into `output`; `node` is the
    /// record of `x` (-1 for a constant).
    func record(_ primitive: Primitive, _ x: Tensor, node: Int, output: Tensor) -> Tensor {
        let start = operandNodes.count
        operandNodes.append(node)
        records.append(Record(primitive: primitive, operands: .one(x), operandNodeRange: start..<(start + 1), output: output))
        return tracedOutput(output)
    }

    /// Records that `primitive` turned `a` and `b` into `output`; `nodes`
    /// are their records (-1 for a constant).
    func record(_ primitive: Primitive, _ a: Tensor, _ b: Tensor, nodes: (Int, Int), output: Tensor) -> Tensor {
        let start = operandNodes.count
        operandNodes.append(nodes.0)
        operandNodes.append(nodes.1)
        records.append(Record(primitive: primitive, operands: .two(a, b), operandNodeRange: start..<(start + 2), output: output))
        return tracedOutput(output)
    }

    /// Records that `primitive` turned `operands` into `output`; `nodes`
    /// are the operands' records (-1 for a constant).
    func record(_ primitive: Primitive, operands: [Tensor], nodes: [Int], output: Tensor) -> Tensor {
        let start = operandNodes.count
        operandNodes.append(contentsOf: nodes)
        records.append(Record(primitive: primitive, operands: .many(operands),
                              operandNodeRange: start..<operandNodes.count, output: output))
        return tracedOutput(output)
    }

    /// `output`, the value of the last record, traced at this tape's level.
    private func tracedOutput(_ output: Tensor) -> Tensor {
        let tracer = Tracer(trace: self, primal: output, node: records.count - 1)
        return Tensor(shape: output.shape, buffer: output.buffer, tracer: tracer)
    }

    /// The record of `y` on this tape, if `y` was computed from its inputs.
    func node(of y: Tensor) -> Int? {
        guard let tracer = y.tracer, tracer.trace === self else { return nil }
        return tracer.node
    }

    /// Propagates cotangent `g` of record `output` back to the inputs
    /// (records `inputs`), accumulating where a value was used twice.
    /// Returns nil for an input that `output` does not depend on.
    ///
    /// The sweep only reads the tape, so a pullback can run any number of
    /// times; the operations it runs are recorded by whatever transforms are
    /// active around it, which is what makes higher derivatives work.
    func backward(from output: Int, cotangent g: Tensor, inputs: [Int]) -> [Tensor?] {
        NaNCheck.backward { sweep(from: output, cotangent: g, inputs: inputs) }
    }

    private func sweep(from output: Int, cotangent g: Tensor, inputs: [Int]) -> [Tensor?] {
        var cotangents = [Tensor?](repeating: nil, count: output + 1)
        cotangents[output] = g
        for i in stride(from: output, through: 0, by: -1) {
            guard let gi = cotangents[i], let primitive = records[i].primitive else { continue }
            cotangents[i] = nil  // free intermediates as soon as they are used
            let nodes = operandNodes[records[i].operandNodeRange]
            let wants = Wants(nodes: nodes)
            /// Adds `contribution` to the cotangent of record `node`.
            func accumulate(_ contribution: Tensor?, _ node: Int) {
                guard node >= 0, let contribution else { return }
                if let sum = cotangents[node] {
                    cotangents[node] = ScalarPullback.sum(sum, contribution) ?? sum + contribution
                } else {
                    cotangents[node] = contribution
                }
            }
            // The record's fields are read in place: copying a whole record
            // retains and releases every tensor in it.
            if let (first, second) = ScalarPullback.cotangents(primitive, records[i].operands, records[i].output, gi, wants) {
                accumulate(first, nodes[nodes.startIndex])
                if nodes.count > 1 { accumulate(second, nodes[nodes.startIndex + 1]) }
                continue
            }
            let gx = primitive.rule.vjp(records[i].operands.array, records[i].output, gi, wants)
            for (k, node) in zip(gx.indices, nodes) { accumulate(gx[k], node) }
        }
        return inputs.map { $0 <= output ? cotangents[$0] : nil }
    }
}

/// The forward-mode trace of one `jvp`: nothing to record, since tangents
/// travel with the tensors.
final class ForwardTrace: Trace, @unchecked Sendable {}
