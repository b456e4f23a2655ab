/// One primitive operation recorded while differentiating a function: the
/// text behind the book's dependency-graph exercise.
public struct RecordedOperation: Sendable, Hashable, CustomStringConvertible {
    /// Position in execution order; 0 is the input.
    public let index: Int
    /// The primitive's name (`"input"` for the input).
    public let name: String
    /// For each operand, the index of the operation that produced it, or nil
    /// for a constant.
    public let operands: [Int?]
    /// The shape of each operand.
    public let operandShapes: [[Int]]
    /// The shape of the result.
    public let outputShape: [Int]

    public var description: String {
        let args = zip(operands, operandShapes).map { node, shape in
            (node.map { "%\($0)" } ?? "const") + ": \(shape)"
        }
        return "%\(index) = \(name)(\(args.joined(separator: ", "))) -> \(outputShape)"
    }
}

/// The primitives that evaluating `f` at `x` runs, in order, with the
/// shapes that flow between them: what reverse mode records on its tape.
///
/// Composite operations show as their primitives (`sigmoid` as `mul`,
/// `tanh`, `add`...), and values read for control flow leave no trace.
public func recordedOperations(_ f: (Tensor) -> Tensor, at x: Tensor) -> [RecordedOperation] {
    TransformLevels.withNewLevel { level in
        let tape = Tape(level: level)
        _ = f(tape.watch(x))
        tape.isActive = false
        return tape.records.indices.map { index in
            let record = tape.records[index]
            return RecordedOperation(
                index: index,
                name: record.primitive?.name ?? "input",
                operands: tape.operandNodes(of: index).map { $0 >= 0 ? $0 : nil },
                operandShapes: tape.operands(of: index).map(\.shape),
                outputShape: record.output.shape)
        }
    }
}
