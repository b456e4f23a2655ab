import AutodiffKernels

// Optimisation passes over a recorded program, each a function from
// program to program that keeps every output and guard, and every result
// exactly as the unoptimised program computes it (MLX's compile: simplify,
// remove no-ops, dead code). Rewrites that would change a number, even the
// sign of a zero (`x + 0` at x = -0), are left out.

extension Program {
    /// The passes in order: folding and identities make common
    /// subexpressions and dead code that the last two remove.
    func optimized() -> Program {
        foldingConstants().removingIdentities().foldingTransposesIntoMatmuls()
            .mergingCommonSubexpressions().removingDeadCode()
    }

    /// A matrix product of a transposed matrix reads the matrix itself with
    /// its transpose flag flipped (`x.matmul(w.transposed())`, as a linear
    /// layer writes it), so the transposed copy is not made; dead-code
    /// elimination then drops the transpose if nothing else reads it. Only
    /// products of matrices by matrices: the GEMM gives the same numbers
    /// either way round, while a matrix-vector product may sum in another
    /// order when transposed.
    func foldingTransposesIntoMatmuls() -> Program {
        var transposed: [Int: Operand] = [:]  // new index of a last-two-axes transpose -> its operand
        return rewritten { instruction, type in
            guard case .primitive(.matmul(var tA, var tB)) = instruction.operation else { return .keep(instruction) }
            var x = instruction.operands
            let (a, b) = (type(x[0]).shape, type(x[1]).shape)
            guard a.count >= 2, b.count >= 2, instruction.type.shape.suffix(2).allSatisfy({ $0 > 1 }) else {
                return .keep(instruction)
            }
            if case .result(let i) = x[0], let source = transposed[i] { (x[0], tA) = (source, !tA) }
            if case .result(let i) = x[1], let source = transposed[i] { (x[1], tB) = (source, !tB) }
            return .keep(Instruction(operation: .primitive(.matmul(transposeA: tA, transposeB: tB)),
                                     operands: x, type: instruction.type))
        } noting: { instruction, index in
            guard case .primitive(.transpose(let permutation)) = instruction.operation else { return }
            let r = permutation.count
            if r >= 2, permutation == Array(0..<(r - 2)) + [r - 1, r - 2] { transposed[index] = instruction.operands[0] }
        }
    }

    /// Instructions whose operands are all constants are computed once, here:
    /// their results become constants (up to `limit` numbers, so that a
    /// broadcast of a scalar does not become a large constant).
    func foldingConstants(limit: Int = 4096) -> Program {
        rewritten { instruction, _ in
            if case .primitive(.custom) = instruction.operation { return .keep(instruction) }
            let constants = instruction.operands.compactMap { operand -> Tensor? in
                if case .constant(let x) = operand { x } else { nil }
            }
            guard constants.count == instruction.operands.count, Shape.count(instruction.type.shape) <= limit else {
                return .keep(instruction)
            }
            return .replace(.constant(instruction.operation(constants)))
        }
    }

    /// Operations that give back an operand unchanged: `x * 1`, `x / 1`,
    /// `x - 0`, `-(-x)`, and reshapes, broadcasts, transposes, sums and casts
    /// that change nothing, when the operand has the result's type.
    func removingIdentities() -> Program {
        var negated: [Int: Operand] = [:]  // new result index of -x -> x
        return rewritten { instruction, type in
            guard case .primitive(let primitive) = instruction.operation else { return .keep(instruction) }
            let x = instruction.operands
            func same(_ operand: Operand) -> Bool { type(operand) == instruction.type }
            switch primitive {
            // Not the strong-zero product: it turns -0 * 1 into +0.
            case .mul:
                if isConstant(x[1], allEqualTo: 1), same(x[0]) { return .replace(x[0]) }
                if isConstant(x[0], allEqualTo: 1), same(x[1]) { return .replace(x[1]) }
            case .div:
                if isConstant(x[1], allEqualTo: 1), same(x[0]) { return .replace(x[0]) }
            case .sub:
                if isConstant(x[1], allEqualTo: 0), same(x[0]) { return .replace(x[0]) }
            case .neg:
                if case .result(let i) = x[0], let inner = negated[i] { return .replace(inner) }
            case .reshape, .broadcast, .transpose, .sum, .cast:
                if same(x[0]) && Self.isNoOp(primitive, type(x[0])) { return .replace(x[0]) }
            default:
                break
            }
            return .keep(instruction)
        } noting: { instruction, index in
            if case .primitive(.neg) = instruction.operation { negated[index] = instruction.operands[0] }
        }
    }

    /// Two instructions of the same operation on the same operands compute
    /// the same result: the second reads the first's. (Functions without a
    /// derivative are closures, not compared; constants are compared when
    /// they are single numbers.)
    func mergingCommonSubexpressions() -> Program {
        var seen: [ExpressionKey: Int] = [:]
        var keys: [ExpressionKey?] = []
        return rewritten { instruction, _ in
            let key = ExpressionKey(instruction)
            keys.append(key)
            if let key, let earlier = seen[key] { return .replace(.result(earlier)) }
            return .keep(instruction)
        } noting: { _, index in
            if let key = keys.last!, seen[key] == nil { seen[key] = index }
        }
    }

    /// Instructions that no output or guard needs are dropped.
    func removingDeadCode() -> Program {
        let live = liveInstructions(nil, true)
        var index = 0
        return rewritten { instruction, _ in
            defer { index += 1 }
            // Nothing live reads a dead result, so any operand may stand for it.
            return live[index] ? .keep(instruction) : .replace(.constant(Tensor(number: Float(0))))
        }
    }

    /// Whether `primitive` on an operand of type `x` changes nothing but
    /// possibly the type.
    private static func isNoOp(_ primitive: Primitive, _ x: ValueType) -> Bool {
        switch primitive {
        case .transpose(let permutation): permutation == Array(permutation.indices)
        case .sum(let axes): axes.isEmpty || axes.allSatisfy { x.shape[$0] == 1 }
        default: true
        }
    }

    private func isConstant(_ operand: Operand, allEqualTo value: Double) -> Bool {
        guard case .constant(let x) = operand, x.count <= 4096 else { return false }
        return x.doubles.allSatisfy { $0 == value }
    }
}

/// What a rewrite does with one instruction.
enum Rewrite {
    case keep(Program.Instruction)
    /// The instruction goes; its result is this operand from now on.
    case replace(Program.Operand)
}

extension Program {
    /// The program rebuilt instruction by instruction: `rule` sees each
    /// instruction with its operands already rewritten, and the types of
    /// operands in the new program; `noting` is told each kept instruction
    /// with its new index. Outputs and guards follow the rewrite; a guard
    /// stays just before the instruction it preceded.
    func rewritten(_ rule: (Instruction, (Operand) -> ValueType) -> Rewrite,
                   noting: (Instruction, Int) -> Void = { _, _ in }) -> Program {
        var replacement: [Operand] = []
        var kept: [Instruction] = []
        func newType(_ operand: Operand) -> ValueType {
            if case .result(let i) = operand { return kept[i].type }
            return type(of: operand)
        }
        var guardsAfter: [Int] = guards.map(\.after)
        func map(_ operand: Operand) -> Operand {
            if case .result(let i) = operand { return replacement[i] }
            return operand
        }
        for (i, instruction) in instructions.enumerated() {
            for g in guards.indices where guards[g].after == i { guardsAfter[g] = kept.count }
            let mapped = Instruction(operation: instruction.operation, operands: instruction.operands.map(map), type: instruction.type)
            switch rule(mapped, newType) {
            case .keep(let new):
                replacement.append(.result(kept.count))
                noting(new, kept.count)
                kept.append(new)
            case .replace(let operand):
                replacement.append(operand)
            }
        }
        for g in guards.indices where guards[g].after == instructions.count { guardsAfter[g] = kept.count }
        let newGuards = guards.indices.map { g in
            Guard(after: guardsAfter[g], value: map(guards[g].value), expected: guards[g].expected)
        }
        return Program(instructions: kept, outputs: outputs.map(map), guards: newGuards,
                       inputTypes: inputTypes, captureTypes: captureTypes)
    }
}

/// An instruction as a value to compare, when it can be compared.
struct ExpressionKey: Hashable {
    enum Operation: Hashable {
        case primitive(Primitive)
        case stopGradient
    }

    enum Operand: Hashable {
        case input(Int), capture(Int), result(Int)
        case number(UInt64, DType)
    }

    let operation: Operation
    let operands: [Operand]

    init?(_ instruction: Program.Instruction) {
        switch instruction.operation {
        case .primitive(let primitive): operation = .primitive(primitive)
        case .stopGradient: operation = .stopGradient
        case .withoutDerivative: return nil
        }
        var operands: [Operand] = []
        for operand in instruction.operands {
            switch operand {
            case .input(let i): operands.append(.input(i))
            case .capture(let i): operands.append(.capture(i))
            case .result(let i): operands.append(.result(i))
            case .constant(let x):
                guard x.shape.isEmpty, let number = x.number else { return nil }
                switch number {
                case .float32(let v): operands.append(.number(UInt64(v.bitPattern), .float32))
                case .float64(let v): operands.append(.number(v.bitPattern, .float64))
                }
            }
        }
        self.operands = operands
    }
}
