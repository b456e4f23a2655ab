import AutodiffKernels

/// A program as it runs once fused: its steps in order, each an
/// instruction, a fused group or a guard's check.
struct FusedProgram: @unchecked Sendable {
    enum Step {
        case instruction(Int)
        case group(Int)
        /// Guard `g` of the program is checked here.
        case check(Int)
    }

    /// Groups over fewer elements are not fused: below this, one chain's
    /// setup (its scratch, its tables) costs more than the arrays it saves.
    static let minimumCount = 256

    let program: Program
    let groups: [FusedGroup]
    let steps: [Step]
    /// The results that no later step reads, after each step: they are
    /// dropped there, so that their memory is free for the next ones.
    let releases: [[Int]]
}


extension FusedProgram {
    /// All the outputs, or nil as soon as a guard reads other numbers than
    /// when the program was recorded (`Program.runCheckingGuards`, fused).
    func runCheckingGuards(inputs: [Tensor], captures: [Tensor]) -> [Tensor]? {
        var results = [Tensor?](repeating: nil, count: program.instructions.count)
        func value(_ operand: Program.Operand) -> Tensor {
            switch operand {
            case .input(let i): inputs[i]
            case .capture(let i): captures[i]
            case .result(let i): results[i]!
            case .constant(let x): x
            }
        }
        for (s, step) in steps.enumerated() {
            switch step {
            case .instruction(let i):
                let instruction = program.instructions[i]
                results[i] = instruction.operation(instruction.operands.map(value))
            case .group(let g):
                let group = groups[g]
                let xs = group.reads.map(value)
                if Inspection.isOn || xs.contains(where: { $0.tracer != nil }) {
                    // Under a transform, or checked primitive by primitive:
                    // the members one by one, through `apply`.
                    for m in group.members {
                        let instruction = program.instructions[m]
                        results[m] = instruction.operation(instruction.operands.map(value))
                    }
                } else {
                    let ys = group.chain.run(xs.map(\.chainArray))
                    for (m, y) in zip(group.writes, ys) { results[m] = Tensor(shape: group.shape, chainArray: y) }
                }
            case .check(let g):
                if !program.guards[g].holds(value(program.guards[g].value)) { return nil }
            }
            for i in releases[s] { results[i] = nil }
        }
        return program.outputs.map(value)
    }
}

extension Tensor {
    /// The numbers, as an elementwise chain takes them.
    var chainArray: ElementwiseChain.Array {
        switch buffer {
        case .float32(let x): .float32(x)
        case .float64(let x): .float64(x)
        }
    }

    init(shape: [Int], chainArray: ElementwiseChain.Array) {
        switch chainArray {
        case .float32(let x): self.init(shape: shape, x)
        case .float64(let x): self.init(shape: shape, x)
        }
    }
}
