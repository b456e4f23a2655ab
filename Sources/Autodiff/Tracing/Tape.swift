/// The reverse-mode record of one transform: a Wengert list, one record per
/// primitive applied, in execution order, swept backwards by one loop.
// @unchecked Sendable: not sound by itself: `records` and `operandNodes`
// are appended to without a lock. Sound because every operation on its
// tracers runs on the thread of its transform: `apply` stops on any other
// (`Trace.isOnItsThread`).
final class Tape: Trace, @unchecked Sendable {
    struct Record {
        /// nil for an input of the transform.
        let primitive: Primitive?
        /// The operands one level down that are constants at this level;
        /// an operand on the tape is the output of its record (see
        /// `operands(of:)`).
        let operands: ConstantOperands
        /// Where the operands' records are in `operandNodes`: one entry per
        /// operand, kept in one array for the whole tape rather than an
        /// array per record (an allocation per operation).
        let operandNodeRange: Range<Int>
        let output: Tensor
        /// The operands and output as plain numbers, when they are single
        /// numbers no transform traces and the primitive is elementwise:
        /// the sweep then pulls back in plain arithmetic.
        let numbers: ScalarPullback.Numbers?
    }

    /// The constant operands of a record: one or two (nearly every
    /// primitive) held inline, nil for an operand on the tape, which is
    /// already held as the output of its record; so recording an operation
    /// copies no tensor it need not and allocates no array. More operands
    /// are kept in an array, all of them.
    enum ConstantOperands {
        case none
        case one(Tensor?)
        case two(Tensor?, Tensor?)
        case many([Tensor])
    }

    // Unchecked exclusivity: every traced operation appends here, and a
    // class's `var` costs a dynamic exclusivity check per access (about 100
    // instructions each, several per operation). No access can overlap
    // another: the tape's methods call nothing that could reach the tape
    // while they modify it, and a tape is used by one thread.
    // In chunks: appending never copies the records already recorded.
    @exclusivity(unchecked) private(set) var records = ChunkedArray<Record>()
    /// For each operand of each record, its record on this tape, or -1 if
    /// it is a constant at this level.
    @exclusivity(unchecked) private var operandNodes: [Int] = []

    /// The records of the operands of record `i` (-1 for a constant).
    func operandNodes(of i: Int) -> ArraySlice<Int> { operandNodes[records[i, { $0.operandNodeRange }]] }

    /// The operands of record `i` one level down, as the rules take them.
    func operands(of i: Int) -> [Tensor] {
        let nodes = operandNodes[records[i, { $0.operandNodeRange }]]
        let first = nodes.startIndex
        switch records[i, { $0.operands }] {
        case .none: return []
        case .one(let a): return [a ?? records[nodes[first], { $0.output }]]
        case .two(let a, let b): return [a ?? records[nodes[first], { $0.output }], b ?? records[nodes[first + 1], { $0.output }]]
        case .many(let x): return x
        }
    }

    /// Starts recording `x` as an input of the transform.
    func watch(_ x: Tensor) -> Tensor {
        let start = operandNodes.count
        records.append(Record(primitive: nil, operands: .none, operandNodeRange: start..<start, output: x, numbers: nil))
        return tracedOutput(x)
    }

    /// Records that `primitive` turned `x` into `output`; `node` is the
    /// record of `x` (-1 for a constant).
    func record(_ primitive: Primitive, _ x: Tensor, node: Int, output: Tensor) -> Tensor {
        let start = operandNodes.count
        operandNodes.append(node)
        records.append(Record(primitive: primitive, operands: .one(node >= 0 ? nil : x), operandNodeRange: start..<(start + 1), output: output,
                              numbers: ScalarPullback.numbers(primitive, x, nil, output)))
        return tracedOutput(output)
    }

    /// Records that `primitive` turned `a` and `b` into `output`; `nodes`
    /// are their records (-1 for a constant).
    func record(_ primitive: Primitive, _ a: Tensor, _ b: Tensor, nodes: (Int, Int), output: Tensor) -> Tensor {
        let start = operandNodes.count
        operandNodes.append(nodes.0)
        operandNodes.append(nodes.1)
        records.append(Record(primitive: primitive, operands: .two(nodes.0 >= 0 ? nil : a, nodes.1 >= 0 ? nil : b), operandNodeRange: start..<(start + 2), output: output,
                              numbers: ScalarPullback.numbers(primitive, a, b, output)))
        return tracedOutput(output)
    }

    /// Records that `primitive` turned `operands` into `output`; `nodes`
    /// are the operands' records (-1 for a constant).
    func record(_ primitive: Primitive, operands: [Tensor], nodes: [Int], output: Tensor) -> Tensor {
        let start = operandNodes.count
        operandNodes.append(contentsOf: nodes)
        records.append(Record(primitive: primitive, operands: .many(operands),
                              operandNodeRange: start..<operandNodes.count, output: output, numbers: nil))
        return tracedOutput(output)
    }

    /// Records that `primitive` turned `operands` (with their tracers at
    /// this tape's level) into `output`.
    @inline(__always)
    func record(_ primitive: Primitive, _ operands: Operands, output: Tensor) -> Tensor {
        switch operands {
        case .one(let x, let t):
            return record(primitive, x, node: t?.node ?? -1, output: output)
        case .two(let a, let ta, let b, let tb):
            return record(primitive, a, b, nodes: (ta?.node ?? -1, tb?.node ?? -1), output: output)
        case .many:
            return record(primitive, operands: operands.loweredArray, nodes: operands.tracers.map { $0?.node ?? -1 }, output: output)
        }
    }

    /// `output`, the value of the last record, traced at this tape's level.
    private func tracedOutput(_ output: Tensor) -> Tensor {
        Tensor(shape: output.shape, storage: output.storage, tracer: .reverse(self, node: records.count - 1))
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
        Inspection.backward { sweep(from: output, cotangent: g, inputs: inputs) }
    }

    /// The cotangent of a record during the sweep: a number while it flows
    /// between records that are pulled back in plain arithmetic.
    private enum Cotangent {
        case none
        case number(Double)
        case tensor(Tensor)
    }

    /// The cotangents of the records during one sweep. A struct with
    /// mutating methods rather than local functions capturing a local array:
    /// a captured `var` is boxed and each access checked for exclusivity at
    /// run time (about 100 instructions, several per record).
    private struct Cotangents {
        var values: [Cotangent]
        let tape: Tape

        /// Record `node`'s cotangent as a tensor. A number is the cotangent
        /// of a single number, so it has the record's dtype and shape `[]`.
        func tensor(_ node: Int) -> Tensor? {
            switch values[node] {
            case .none: nil
            case .tensor(let t): t
            case .number(let v): ScalarPullback.tensor(v, isFloat32: tape.records[node, { $0.output }].dtype == .float32)
            }
        }

        /// Record `node`'s cotangent as a number of the dtype, if it is one.
        func number(_ node: Int, isFloat32: Bool) -> Double? {
            switch values[node] {
            case .none: nil
            case .number(let v): v
            case .tensor(let t): ScalarPullback.value(t, isFloat32: isFloat32)
            }
        }

        /// Adds `contribution` to the cotangent of record `node`.
        mutating func accumulate(_ contribution: Tensor, _ node: Int) {
            if let sum = tensor(node) {
                values[node] = .tensor(ScalarPullback.sum(sum, contribution) ?? sum + contribution)
            } else {
                values[node] = .tensor(contribution)
            }
        }

        mutating func accumulate(_ contribution: Double, _ node: Int, isFloat32: Bool) {
            switch values[node] {
            case .none: values[node] = .number(contribution)
            case .number(let sum): values[node] = .number(ScalarPullback.sum(sum, contribution, isFloat32: isFloat32))
            case .tensor: accumulate(ScalarPullback.tensor(contribution, isFloat32: isFloat32), node)
            }
        }
    }

    private func sweep(from output: Int, cotangent g: Tensor, inputs: [Int]) -> [Tensor?] {
        // Operations in the backward pass are inspected when NaN checking is
        // on, so then every record takes the rules.
        let numeric = !Inspection.isOn
        // Filled in place: `Array(repeating:count:)` copies its element
        // through the enum's value witness once per record.
        let values = [Cotangent](unsafeUninitializedCapacity: output + 1) { buffer, initialized in
            for k in buffer.indices { (buffer.baseAddress! + k).initialize(to: .none) }
            initialized = buffer.count
        }
        var cotangents = Cotangents(values: values, tape: self)
        cotangents.values[output] = .tensor(g)
        for i in stride(from: output, through: 0, by: -1) {
            if case .none = cotangents.values[i] { continue }
            guard let primitive = records[i, { $0.primitive }] else { continue }
            let nodes = operandNodes[records[i, { $0.operandNodeRange }]]
            let wants = Wants(nodes: nodes)
            let first = nodes.startIndex
            if numeric, let numbers = records[i, { $0.numbers }], let gi = cotangents.number(i, isFloat32: numbers.isFloat32) {
                cotangents.values[i] = .none  // free intermediates as soon as they are used
                let (da, db) = ScalarPullback.pullback(primitive, numbers, gi, wants)
                if let da, nodes[first] >= 0 { cotangents.accumulate(da, nodes[first], isFloat32: numbers.isFloat32) }
                if let db, nodes.count > 1, nodes[first + 1] >= 0 {
                    cotangents.accumulate(db, nodes[first + 1], isFloat32: numbers.isFloat32)
                }
                continue
            }
            var gi = cotangents.tensor(i)!
            cotangents.values[i] = .none
            // The output is copied out first: the rule's operations may
            // record on this very tape (a cotangent traced by it, from a
            // `GradientTape` still recording), and an argument read in place
            // from `records` would be borrowed across that append.
            let output = records[i, { $0.output }]
            let x = operands(of: i)
            // A cotangent smaller than its value stands for its broadcast
            // (`sum`'s rule leaves it so). An elementwise rule is linear in
            // it, elementwise, and broadcasts it as it computes, as long as
            // every operand it differentiates has the value's shape (a
            // constant such as the 2 of `2 * x` may be smaller: it gets no
            // cotangent); every other rule gets it whole (one that sums
            // over broadcast axes would miss their count).
            if gi.shape != output.shape,
               !(primitive.isElementwise && x.indices.allSatisfy({ x[$0].shape == output.shape || nodes[first + $0] < 0 })) {
                gi = gi.broadcast(to: output.shape)
            }
            if numeric, nodes.count == 2, nodes[first] >= 0, nodes[first] == nodes[first + 1], primitive.isProduct,
               let square = FusedDerivative.square(gi, x[0], addingTo: cotangents.tensor(nodes[first])) {
                cotangents.values[nodes[first]] = .tensor(square)
                continue
            }
            if numeric, nodes.count == 1, nodes[first] >= 0, let sum = cotangents.tensor(nodes[first]),
               let total = FusedDerivative.accumulating(primitive, gi, x[0], output, into: sum) {
                cotangents.values[nodes[first]] = .tensor(total)
                continue
            }
            let gx = primitive.rule.vjp(x, output, gi, wants)
            for (k, node) in zip(gx.indices, nodes) where node >= 0 {
                if let contribution = gx[k] { cotangents.accumulate(contribution, node) }
            }
        }
        return inputs.map { node in
            guard node <= output, let g = cotangents.tensor(node) else { return nil }
            let shape = records[node, { $0.output.shape }]
            return g.shape == shape ? g : g.broadcast(to: shape)
        }
    }
}

/// The forward-mode trace of one `jvp`: nothing to record, since tangents
/// travel with the tensors.
// @unchecked Sendable: sound, no state beyond Trace's.
final class ForwardTrace: Trace, @unchecked Sendable {}

/// The trace of one `vmap`: a tensor traced here stands for a whole batch,
/// one example per entry of its primal's leading axis.
// @unchecked Sendable: sound, only the constant `size` beyond Trace's state.
final class BatchTrace: Trace, @unchecked Sendable {
    /// The number of examples.
    let size: Int

    init(level: Int, size: Int) {
        self.size = size
        super.init(level: level)
    }
}
