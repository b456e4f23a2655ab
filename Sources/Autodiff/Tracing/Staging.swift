/// The trace that records a `Program`: a function runs once on inputs
/// traced here, each operation on them becomes an instruction, and every
/// traced tensor from outside that meets them becomes a capture.
///
/// Values are computed as the function runs, so its Swift control flow
/// sees real numbers. They are computed on the numbers alone: tapes and
/// tangents of outer transforms see none of this run (it is a recording,
/// not part of their computation), and only a `vmap` batch stays a batch,
/// since which example a number belongs to is part of its value.
// @unchecked Sendable: sound only on one thread, like Tape: `instructions`,
// `captures` and `guards` grow without a lock while the staged function runs
// on the thread that called `staging`.
final class StagingTrace: Trace, @unchecked Sendable {
    /// What is being staged, for messages.
    let name: String
    /// Whether numbers read from values traced here become guards of the
    /// program (`compile`, whose programs run at other inputs), rather
    /// than facts of the one call being staged (custom rules).
    let readsBecomeGuards: Bool
    /// Whether the function read the numbers of a value traced here.
    private(set) var didRead = false
    private var guards: [Program.Guard] = []
    private(set) var instructions: [Program.Instruction] = []
    /// Traced tensors from outside that the recorded operations read.
    private(set) var captures: [Tensor] = []
    private var captureIndex: [TracerIdentity: Int] = [:]
    private var inputTypes: [Program.ValueType] = []
    private var inputCount: Int { inputTypes.count }
    /// Inputs and results that depend on a stand-in input (see `input`).
    private var standInInputs: Set<Int> = []
    private var standInResults: [Bool] = []

    init(level: Int, name: String, readsBecomeGuards: Bool = false) {
        self.name = name
        self.readsBecomeGuards = readsBecomeGuards
        super.init(level: level)
    }

    /// A new input of the program, with `x`'s numbers. A stand-in holds the
    /// place of a value not known yet (a cotangent, a tangent): the program
    /// may compute with it but not read its numbers, which would make the
    /// program hold only for this one value.
    func input(_ x: Tensor, standIn: Bool = false) -> Tensor {
        if standIn { standInInputs.insert(inputCount) }
        inputTypes.append(Program.ValueType(x))
        return traced(x.numbersOnly, .input(inputCount - 1))
    }

    /// Records `operation` on `operands`, of which at least one is traced
    /// here, and returns its result traced here.
    func record(_ operation: Program.Operation, _ operands: [Tensor]) -> Tensor {
        let references = operands.map(reference)
        let values: [Tensor] = operands.map(value)
        let y = operation(values)
        if readsBecomeGuards, case .primitive(.custom(let rule)) = operation, rule.readsValues {
            // The rule's program holds for the numbers it was recorded at only.
            for (x, reference) in zip(values, references) where isTracedHere(reference) {
                guards.append(Program.Guard(after: instructions.count, value: reference, expected: x.doubles))
            }
        }
        standInResults.append(references.contains(where: dependsOnStandIn))
        instructions.append(Program.Instruction(operation: operation, operands: references, type: Program.ValueType(y)))
        return traced(y, .result(instructions.count - 1))
    }

    /// Where the program finds `x`: a value traced here, a capture, or a
    /// constant.
    func reference(_ x: Tensor) -> Program.Operand {
        guard let tracer = x.tracer else { return .constant(x) }
        if case .staged(let staged) = tracer, staged.trace === self { return staged.reference }
        let identity = tracer.identity
        if let index = captureIndex[identity] { return .capture(index) }
        captures.append(x)
        captureIndex[identity] = captures.count - 1
        return .capture(captures.count - 1)
    }

    /// Whether a function staged on `inputs` with results `outputs` is a
    /// plain function of numbers: nothing traces the inputs and it
    /// captures no traced tensor. Then its recorded values are its results.
    func isClosed(over outputs: [Tensor], _ inputs: [Tensor]) -> Bool {
        for y in outputs { _ = reference(y) }
        return captures.isEmpty && inputs.allSatisfy { $0.tracer == nil }
    }

    /// The program computing `outputs` from the inputs and captures.
    func program(outputs: [Tensor]) -> Program {
        Program(instructions: instructions, outputs: outputs.map(reference), guards: guards,
                inputTypes: inputTypes, captureTypes: captures.map(Program.ValueType.init))
    }

    /// The numbers of `x` as computed while recording.
    func value(_ x: Tensor) -> Tensor {
        if case .staged(let tracer)? = x.tracer, tracer.trace === self { return tracer.primal }
        return x.numbersOnly
    }

    /// Called when a value traced here is read as Swift numbers.
    func noteRead(_ tracer: StagedTracer, _ what: String) {
        if dependsOnStandIn(tracer.reference) {
            fail("\(name): \(what) reads the numbers of a value computed from the cotangent or tangent. The rule is recorded once with a stand-in for it and replayed for every real one, so it may compute with it but not read it; use select for a choice that depends on it")
        }
        didRead = true
        if readsBecomeGuards, !guards.contains(where: { $0.after == instructions.count && $0.value == tracer.reference }) {
            guards.append(Program.Guard(after: instructions.count, value: tracer.reference, expected: tracer.primal.doubles))
        }
    }

    private func isTracedHere(_ reference: Program.Operand) -> Bool {
        switch reference {
        case .input, .result: true
        case .capture, .constant: false
        }
    }

    private func dependsOnStandIn(_ reference: Program.Operand) -> Bool {
        switch reference {
        case .input(let i): standInInputs.contains(i)
        case .result(let i): standInResults[i]
        case .capture, .constant: false
        }
    }

    private func traced(_ y: Tensor, _ reference: Program.Operand) -> Tensor {
        Tensor(shape: y.shape, storage: y.storage, tracer: .staged(StagedTracer(trace: self, primal: y, reference: reference)))
    }
}

/// A tensor's place in a program being staged.
// @unchecked Sendable: its own fields are constants; what is shared is its
// StagingTrace (see there).
final class StagedTracer: @unchecked Sendable {
    let trace: StagingTrace
    /// The numbers, traced by nothing but `vmap` batches.
    let primal: Tensor
    let reference: Program.Operand

    init(trace: StagingTrace, primal: Tensor, reference: Program.Operand) {
        self.trace = trace
        self.primal = primal
        self.reference = reference
    }
}

/// Runs `body` with a new staging trace, which ends when `body` returns.
func staging<R>(_ name: String, readsBecomeGuards: Bool = false, _ body: (StagingTrace) -> R) -> R {
    TransformLevels.withNewLevel { level in
        let trace = StagingTrace(level: level, name: name, readsBecomeGuards: readsBecomeGuards)
        defer { trace.isActive = false }
        return body(trace)
    }
}

/// Which traced value a tensor is, so that a tensor captured twice is one
/// capture.
enum TracerIdentity: Hashable {
    case record(ObjectIdentifier, Int)
    case object(ObjectIdentifier)
}

extension Tracer {
    var identity: TracerIdentity {
        switch self {
        case .reverse(let tape, let node): .record(ObjectIdentifier(tape), node)
        case .forward(let tracer): .object(ObjectIdentifier(tracer))
        case .batch(let tracer): .object(ObjectIdentifier(tracer))
        case .staged(let tracer): .object(ObjectIdentifier(tracer))
        }
    }
}

extension Tensor {
    /// The same numbers with no tracer but those of `vmap` batches: how a
    /// staging trace computes, and what it records when nothing is traced.
    var numbersOnly: Tensor {
        guard let tracer else { return self }
        let value = tracer.primal.numbersOnly
        guard case .batch(let batch) = tracer else { return value }
        return Tensor(batch: value, trace: batch.trace)
    }
}
