import Synchronization

/// The first operation that produced NaN or infinity inside `withNaNCheck`.
public struct NumericalAnomaly: Sendable, CustomStringConvertible {
    /// Whether the operation ran while computing values or inside a backward
    /// pass (a VJP rule).
    public enum Phase: String, Sendable { case forward, backward }

    /// The primitive's name (`mul`, `log`, ...).
    public let operation: String
    /// The shape of each operand.
    public let operandShapes: [[Int]]
    /// The shape of the result that holds the non-finite value.
    public let outputShape: [Int]
    /// Forward or backward pass.
    public let phase: Phase
    /// The row-major index of the first non-finite element and its value.
    public let index: Int
    public let value: Double

    public var description: String {
        "\(operation) produced \(value) at element \(index) of its \(outputShape) result (operands \(operandShapes.map { "\($0)" }.joined(separator: ", "))), during the \(phase) pass"
    }
}

/// Runs `body` while checking the result of every primitive operation on
/// this thread, forward and backward, for NaN and infinity, and returns
/// the first operation that produced one (like PyTorch's anomaly
/// detection). With `stopOnFirst`, the program stops there with that
/// message instead, so that a debugger shows the stack.
///
/// Costs one relaxed atomic load per operation while no check runs
/// anywhere. Infinities are reported too: `log(0)` in a branch that `select`
/// then discards is still reported, since it is the first place to look.
///
/// ```swift
/// let (_, anomaly) = withNaNCheck { grad { x in sqrt(x).sum() }(Tensor([0, 1])) }
/// print(anomaly!)   // div produced inf ... during the backward pass
/// ```
public func withNaNCheck<R>(stopOnFirst: Bool = false, _ body: () -> R) -> (result: R, anomaly: NumericalAnomaly?) {
    let session = NaNCheck.Session(stopOnFirst: stopOnFirst)
    NaNCheck.activeSessions.add(1, ordering: .relaxed)
    defer { NaNCheck.activeSessions.subtract(1, ordering: .relaxed) }
    let result = NaNCheck.$session.withValue(session) { body() }
    return (result, session.first)
}

enum NaNCheck {
    final class Session: @unchecked Sendable {
        let stopOnFirst: Bool
        var first: NumericalAnomaly?
        init(stopOnFirst: Bool) { self.stopOnFirst = stopOnFirst }
    }

    /// How many checks run on any thread: the cheap test every operation makes.
    static let activeSessions = Atomic<Int>(0)
    @TaskLocal static var session: Session?
    @TaskLocal static var phase = NumericalAnomaly.Phase.forward

    /// Whether operations must be inspected now.
    @inline(__always) static var isOn: Bool { activeSessions.load(ordering: .relaxed) > 0 }

    /// Reports `y` if it holds NaN or infinity and this thread checks.
    static func inspect(_ y: Tensor, _ name: String, _ operandShapes: [[Int]]) {
        guard let session, session.first == nil else { return }
        guard let index = y.doubles.firstIndex(where: { !$0.isFinite }) else { return }
        let anomaly = NumericalAnomaly(
            operation: name, operandShapes: operandShapes, outputShape: y.shape,
            phase: phase, index: index, value: y.doubles[index])
        if session.stopOnFirst { fail("withNaNCheck: \(anomaly)") }
        session.first = anomaly
    }

    /// Runs a backward pass, marking what it computes as backward.
    static func backward<R>(_ body: () -> R) -> R {
        isOn ? $phase.withValue(.backward, operation: body) : body()
    }
}
