/// The reverse-mode record of one transform: a Wengert list, one record per
/// primitive applied, in execution order, swept backwards by one loop.
final class Tape: Trace, @unchecked Sendable {
    struct Record {
        /// nil for an input of the transform.
        let primitive: Primitive?
        /// The operands one level down, as the rules need them.
        let operands: [Tensor]
        /// Where the operands' records start in `operandNodes`: one entry
        /// per operand, kept in one array for the whole tape rather than
        /// an array per record (an allocation per operation).
        let firstOperandNode: Int
        let output: Tensor
    }

    private(set) var records: [Record] = []
    /// For each operand of each record, its record on this tape, or -1 if
    /// it is a constant at this level.
    private var operandNodes: [Int] = []

    /// The records of the operands of record `i` (-1 for a constant).
    func operandNodes(of i: Int) -> ArraySlice<Int> { operandNodes(of: records[i]) }

    private func operandNodes(of record: Record) -> ArraySlice<Int> {
        operandNodes[record.firstOperandNode..<(record.firstOperandNode + record.operands.count)]
    }

    /// Starts recording `x` as an input of the transform.
    func watch(_ x: Tensor) -> Tensor {
        append(Record(primitive: nil, operands: [], firstOperandNode: operandNodes.count, output: x))
    }

    /// Records that `primitive` turned one or two `operands` into `output`;
    /// `first` and `second` are their records (-1 for a constant, and
    /// `second` is ignored for one operand).
    func record(_ primitive: Primitive, operands: [Tensor], nodes first: Int, _ second: Int, output: Tensor) -> Tensor {
        let start = operandNodes.count
        operandNodes.append(first)
        if operands.count > 1 { operandNodes.append(second) }
        return append(Record(primitive: primitive, operands: operands, firstOperandNode: start, output: output))
    }

    /// Records that `primitive` turned `operands` into `output`; `nodes`
    /// are the operands' records (-1 for a constant).
    func record(_ primitive: Primitive, operands: [Tensor], nodes: [Int], output: Tensor) -> Tensor {
        let start = operandNodes.count
        operandNodes.append(contentsOf: nodes)
        return append(Record(primitive: primitive, operands: operands, firstOperandNode: start, output: output))
    }

    /// Appends `record` and returns its output traced at this tape's level.
    private func append(_ record: Record) -> Tensor {
        records.append(record)
        let output = record.output
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
            let record = records[i]
            let nodes = operandNodes(of: record)
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
            if let (first, second) = ScalarPullback.cotangents(primitive, record.operands, record.output, gi, wants) {
                accumulate(first, nodes[nodes.startIndex])
                if nodes.count > 1 { accumulate(second, nodes[nodes.startIndex + 1]) }
                continue
            }
            let gx = primitive.rule.vjp(record.operands, record.output, gi, wants)
            for (k, node) in zip(gx.indices, nodes) { accumulate(gx[k], node) }
        }
        return inputs.map { $0 <= output ? cotangents[$0] : nil }
    }
}

/// The forward-mode trace of one `jvp`: nothing to record, since tangents
/// travel with the tensors.
final class ForwardTrace: Trace, @unchecked Sendable {}
