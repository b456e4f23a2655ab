import Synchronization

/// One running transform: a reverse-mode tape or a forward-mode trace, at
/// its level. A tracer from a trace that has ended may not take part in new
/// operations: that would silently mix up two differentiations.
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

    init(level: Int) { self.level = level }
}

/// What a tensor carries inside a transform: its value one level down
/// (`primal`), and either its node on a tape (reverse mode) or its tangent
/// (forward mode).
final class Tracer: @unchecked Sendable {
    let level: Int
    let trace: Trace
    let primal: Tensor
    /// Reverse mode: the index of this tensor's record on the tape.
    let node: Int
    /// Forward mode: the derivative of this tensor along the input tangent.
    let tangent: Tensor?

    init(trace: Trace, primal: Tensor, node: Int = -1, tangent: Tensor? = nil) {
        self.level = trace.level
        self.trace = trace
        self.primal = primal
        self.node = node
        self.tangent = tangent
    }
}
