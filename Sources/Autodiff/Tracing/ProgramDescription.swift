/// Programs as text, in the spirit of JAX's jaxprs: one line an
/// instruction, `%i` the result of instruction `i`, `in` and `cap` the
/// inputs and captures, a fused group as a block with the values it writes.
extension FusedProgram: CustomStringConvertible {
    var description: String {
        let p = program
        var lines: [String] = []
        let inputs = p.inputTypes.indices.map { "in\($0): \(Program.describe(p.inputTypes[$0]))" }
        let captures = p.captureTypes.indices.map { "cap\($0): \(Program.describe(p.captureTypes[$0]))" }
        lines.append("program(\(inputs.joined(separator: ", ")))"
                     + (captures.isEmpty ? "" : " captures(\(captures.joined(separator: ", ")))") + " {")
        for step in steps {
            switch step {
            case .instruction(let i):
                lines.append("  " + p.describe(i))
            case .group(let g):
                let group = groups[g]
                let written = group.writes.map { "%\($0)" }.joined(separator: ", ")
                let type = Program.describe(p.instructions[group.members[0]].type)
                lines.append("  fused \(type) -> \(written) {")
                for m in group.members { lines.append("    " + p.describe(m, typed: false)) }
                lines.append("  }")
            case .check(let g):
                let expected = p.guards[g].expected.map { "\($0)" }.joined(separator: ", ")
                lines.append("  guard \(p.name(p.guards[g].value)) == [\(expected)]")
            }
        }
        lines.append("  return " + p.outputs.map(p.name).joined(separator: ", "))
        lines.append("}")
        return lines.joined(separator: "\n")
    }
}

extension Program {
    /// `f32[3, 4]`.
    static func describe(_ type: ValueType) -> String {
        "\(type.dtype == .float32 ? "f32" : "f64")[\(type.shape.map(String.init).joined(separator: ", "))]"
    }

    /// How an operand is written: a number for a constant single number.
    func name(_ operand: Operand) -> String {
        switch operand {
        case .input(let i): "in\(i)"
        case .capture(let i): "cap\(i)"
        case .result(let i): "%\(i)"
        case .constant(let x):
            x.shape.isEmpty ? "\(x.doubleItem())" : "const:\(Self.describe(ValueType(x)))"
        }
    }

    /// Instruction `i` as a line, with its result's type unless `typed` is false.
    func describe(_ i: Int, typed: Bool = true) -> String {
        let instruction = instructions[i]
        let operation = switch instruction.operation {
        case .primitive(.custom(let rule)): "custom(\(rule.name))"
        case .primitive(let primitive): String(describing: primitive)
        case .stopGradient: "stopGradient"
        case .withoutDerivative: "withoutDerivative"
        }
        let operands = instruction.operands.map(name).joined(separator: ", ")
        return "%\(i) = \(operation) \(operands)" + (typed ? " : \(Self.describe(instruction.type))" : "")
    }
}
