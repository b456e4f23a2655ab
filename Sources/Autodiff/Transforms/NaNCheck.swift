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
    let check = NaNCheck(stopOnFirst: stopOnFirst)
    let result = Inspection.with(check, body)
    return (result, check.first)
}

/// The inspector of one `withNaNCheck`: keeps the first non-finite result.
/// Unchecked: it is installed for one task, and a task runs its body's
/// operations one at a time.
final class NaNCheck: ResultInspector, @unchecked Sendable {
    let stopOnFirst: Bool
    private(set) var first: NumericalAnomaly?

    init(stopOnFirst: Bool) { self.stopOnFirst = stopOnFirst }

    func inspect(_ y: Tensor, operation: String, operandShapes: [[Int]], inBackwardPass: Bool) {
        guard first == nil else { return }
        guard let index = y.doubles.firstIndex(where: { !$0.isFinite }) else { return }
        let anomaly = NumericalAnomaly(
            operation: operation, operandShapes: operandShapes, outputShape: y.shape,
            phase: inBackwardPass ? .backward : .forward, index: index, value: y.doubles[index])
        if stopOnFirst { fail("withNaNCheck: \(anomaly)") }
        first = anomaly
    }
}
