/// The reverse-mode record of one transform: a Wengert list, one record per
/// primitive applied, in execution order, swept backwards by one loop.
final class Tape: Trace, @unchecked Sendable {
    struct Record {
        /// nil for an input of the transform.
        let primitive: Primitive?
        /// For each operand, its record on this tape, or -1 if it is a
        /// constant at this level.
        let operandNodes: [Int]
        /// The operands one level down, as the rules need them.
        let operands: [Tensor]
        let output: Tensor
    }

    private(set) var records: [Record] = []

    /// Starts recording `x` as an input of the transform.
    func watch(_ x: Tensor) -> Tensor {
        records.append(Record(primitive: nil, operandNodes: [], operands: [], output: x))
        let tracer = Tracer(trace: self, primal: x, node: records.count - 1)
        return Tensor(shape: x.shape, buffer: x.buffer, tracer: tracer)
    }

    /// Records that `primitive` turned `operands` into `output`.
    func record(_ primitive: Primitive, operandNodes: [Int], operands: [Tensor], output: Tensor) -> Tensor {
        records.append(Record(primitive: primitive, operandNodes: operandNodes, operands: operands, output: output))
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
            let gx = primitive.rule.vjp(record.operands, record.output, gi, Wants(nodes: record.operandNodes))
            for (k, node) in record.operandNodes.enumerated() where node >= 0 {
                guard let contribution = gx[k] else { continue }
                if let sum = cotangents[node] {
                    cotangents[node] = sum + contribution
                } else {
                    cotangents[node] = contribution
                }
            }
        }
        return inputs.map { $0 <= output ? cotangents[$0] : nil }
    }
}

/// The forward-mode trace of one `jvp`: nothing to record, since tangents
/// travel with the tensors.
final class ForwardTrace: Trace, @unchecked Sendable {}

/// The trace of one `vmap`: a tensor traced here stands for a whole batch,
/// one example per entry of its primal's leading axis.
final class BatchTrace: Trace, @unchecked Sendable {
    /// The number of examples.
    let size: Int

    init(level: Int, size: Int) {
        self.size = size
        super.init(level: level)
    }
}
