import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One running transform: a reverse-mode tape, a forward-mode trace, a
/// `vmap` batch or a staging trace, at its level. A tracer from a trace that has ended may not take part in new
/// operations: that would silently mix up two differentiations.
// @unchecked Sendable: sound for this base class (its state is `level` and
// `thread`, constants, and `active`, an atomic); unchecked only because a class with
// subclasses cannot be checked. Subclasses that record (Tape, StagingTrace)
// say for themselves why they may be shared.
class Trace: @unchecked Sendable {
    let level: Int
    /// False once the transform has returned.
    var isActive: Bool {
        get { active.load(ordering: .relaxed) }
        set { active.store(newValue, ordering: .relaxed) }
    }
    /// An atomic only for its price: every traced operation reads this
    /// flag, and reading a class's `var` costs a dynamic exclusivity check
    /// (`swift_beginAccess`, about 100 instructions); a relaxed load is one
    /// instruction. The trace never leaves its thread.
    private let active = Atomic<Bool>(true)

    /// The thread that runs the transform. The tape and the trace objects
    /// are not synchronised (a lock per operation would cost more than a
    /// scalar operation), so their tensors are used on that thread only;
    /// `apply` checks it.
    private let thread = pthread_self()

    /// Whether the current thread is the one that runs the transform.
    var isOnItsThread: Bool { pthread_self() == thread }

    init(level: Int) { self.level = level }
}

/// What a tensor carries inside a transform: its value one level down
/// (`primal`), and either its record on a tape (reverse mode) or its
/// tangent (forward mode).
///
/// A value rather than an object: in reverse mode the tape already holds
/// the primal (the output of the tensor's record), so the tensor needs only
/// the tape and the record's index, and a traced operation allocates no
/// tracer object (an allocation, a deallocation and four reference counts
/// per operation, a fifth of the cost of a scalar operation).
enum Tracer: Sendable {
    case reverse(Tape, node: Int)
    case forward(ForwardTracer)
    /// Inside `vmap`: the primal holds every example, the batch leading.
    case batch(BatchTracer)
    /// While a function is staged into a `Program`: its place there.
    case staged(StagedTracer)

    /// A forward-mode tracer.
    init(trace: Trace, primal: Tensor, tangent: Tensor) {
        self = .forward(ForwardTracer(trace: trace, primal: primal, tangent: tangent))
    }

    /// A tracer of a batch of `vmap`.
    init(trace: BatchTrace, primal: Tensor) {
        self = .batch(BatchTracer(trace: trace, primal: primal))
    }

    var trace: Trace {
        switch self {
        case .reverse(let tape, _): tape
        case .forward(let tracer): tracer.trace
        case .batch(let tracer): tracer.trace
        case .staged(let tracer): tracer.trace
        }
    }

    /// The level of the tracer's trace, read in place (as `isTraced(by:)`):
    /// every traced operation compares its operands' levels.
    @inline(__always)
    var level: Int {
        switch self {
        case .reverse(let tape, _): tape.level
        case .forward(let tracer): tracer.trace.level
        case .batch(let tracer): tracer.trace.level
        case .staged(let tracer): tracer.trace.level
        }
    }

    /// Whether this tracer belongs to `trace`. Compares the references in
    /// place: going through `trace` would retain and release the trace
    /// object for every operand of every traced operation (measured: a
    /// tenth of W2's scalar chain under `grad`).
    @inline(__always)
    func isTraced(by trace: Trace) -> Bool {
        switch self {
        case .reverse(let tape, _): tape === trace
        case .forward(let tracer): tracer.trace === trace
        case .batch(let tracer): tracer.trace === trace
        case .staged(let tracer): tracer.trace === trace
        }
    }

    var primal: Tensor {
        switch self {
        case .reverse(let tape, let node): tape.records[node, { $0.output }]
        case .forward(let tracer): tracer.primal
        case .batch(let tracer): tracer.primal
        case .staged(let tracer): tracer.primal
        }
    }

    /// Reverse mode: the index of this tensor's record on the tape.
    var node: Int {
        if case .reverse(_, let node) = self { node } else { -1 }
    }

    /// Forward mode: the derivative of this tensor along the input tangent.
    var tangent: Tensor? {
        if case .forward(let tracer) = self { tracer.tangent } else { nil }
    }
}

/// The forward-mode part of a tracer: tangents travel with the tensors.
// @unchecked Sendable: sound, all constants of Sendable types (it could be
// a checked Sendable).
final class ForwardTracer: @unchecked Sendable {
    let trace: Trace
    let primal: Tensor
    let tangent: Tensor

    init(trace: Trace, primal: Tensor, tangent: Tensor) {
        self.trace = trace
        self.primal = primal
        self.tangent = tangent
    }
}

/// The part of a tracer inside `vmap`: the whole batch.
// @unchecked Sendable: sound, all constants of Sendable types.
final class BatchTracer: @unchecked Sendable {
    let trace: BatchTrace
    let primal: Tensor

    init(trace: BatchTrace, primal: Tensor) {
        self.trace = trace
        self.primal = primal
    }
}
