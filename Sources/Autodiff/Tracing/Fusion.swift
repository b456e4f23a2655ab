import AutodiffKernels

// Elementwise fusion: maximal groups of elementwise instructions of one
// shape (with the broadcasts of their operands, `select` and casts) become
// one `ElementwiseChain`, which reads each input once and writes only the
// values needed outside the group, a tile at a time. Reductions, matrix
// products and every other primitive end a group (MLX's compile fuses the
// same way; XLA calls it loop fusion).

/// A group of elementwise instructions run as one pass over memory.
struct FusedGroup {
    /// The instructions, in program order.
    let members: [Int]
    let shape: [Int]
    /// The values it reads from outside: the chain's inputs, in order.
    let reads: [Program.Operand]
    /// The members whose results are needed outside: the chain's outputs.
    let writes: [Int]
    let chain: ElementwiseChain
}

extension Program {
    /// The program with its elementwise chains fused into groups of at
    /// least two instructions (one of them computing) over at least
    /// `minimumCount` elements.
    func fused(minimumCount: Int = FusedProgram.minimumCount) -> FusedProgram {
        let membership = fusionGroups(minimumCount: minimumCount)
        var groups: [FusedGroup] = []
        var groupOf = [Int?](repeating: nil, count: instructions.count)
        for members in membership {
            for m in members { groupOf[m] = groups.count }
            groups.append(fusedGroup(members, usedOutside: usedOutside(members)))
        }
        let steps = schedule(groups, groupOf)
        return FusedProgram(program: self, groups: groups, steps: steps, releases: releases(steps, groups))
    }

    /// What a fusible instruction does in a chain; nil if it is not fusible.
    enum FusionKind {
        case compute(ElementwiseChain.Operation)
        /// A broadcast of a value from outside the group: read as the chain's input.
        case broadcast
    }

    func fusionKind(_ i: Int, minimumCount: Int) -> FusionKind? {
        let instruction = instructions[i]
        guard case .primitive(let primitive) = instruction.operation,
              Shape.count(instruction.type.shape) >= Swift.max(1, minimumCount) else { return nil }
        let dtype = instruction.type.dtype
        // Operands of another dtype are cast by eager kernels first; such
        // instructions stay out.
        let sameDType = instruction.operands.allSatisfy { type(of: $0).dtype == dtype }
        if let kernel = primitive.unaryKernel { return sameDType ? .compute(.unary(kernel)) : nil }
        if let kernel = primitive.binaryKernel { return sameDType ? .compute(.binary(kernel)) : nil }
        switch primitive {
        case .select: return sameDType ? .compute(.select) : nil
        case .cast: return sameDType ? nil : .compute(.convert)
        case .broadcast: return sameDType ? .broadcast : nil
        default: return nil
        }
    }

    /// The members of each group, greedily in program order: an instruction
    /// joins the groups of its operands of its own shape unless that would
    /// make a cycle, a value leaving a group and coming back into it
    /// through other instructions (softmax's `exp(x) / sum(exp(x))`).
    /// Guards split the program: no group spans one.
    func fusionGroups(minimumCount: Int) -> [[Int]] {
        var parent: [Int] = []  // union-find over group ids
        func find(_ g: Int) -> Int {
            var g = g
            while parent[g] != g { parent[g] = parent[parent[g]]; g = parent[g] }
            return g
        }
        var groupOf = [Int?](repeating: nil, count: instructions.count)
        // Groups an instruction depends on through an instruction outside
        // them, and the same for all members of a group (at its root).
        var escaped = [Set<Int>](repeating: [], count: instructions.count)
        var groupEscaped: [Set<Int>] = []
        var groupShape: [[Int]] = [], groupSegment: [Int] = []
        let guardPositions = Set(guards.map(\.after))
        var segment = 0
        for (i, instruction) in instructions.enumerated() {
            if guardPositions.contains(i) { segment += 1 }
            var through = Set<Int>()
            var candidates = Set<Int>()
            let kind = fusionKind(i, minimumCount: minimumCount)
            for case .result(let k) in instruction.operands {
                through.formUnion(escaped[k].map(find))
                if let g = groupOf[k].map(find) {
                    if kind != nil, groupShape[g] == instruction.type.shape, groupSegment[g] == segment {
                        candidates.insert(g)
                    } else {
                        through.insert(g)
                    }
                }
            }
            guard kind != nil else {
                escaped[i] = through
                continue
            }
            // A candidate may join unless it is reached through the outside
            // (by this instruction or by another candidate's members).
            var joined = candidates.filter { !through.contains($0) }
            joined = joined.filter { g in !joined.contains { h in h != g && groupEscaped[h].map(find).contains(g) } }
            through.formUnion(candidates.subtracting(joined))
            let group = parent.count
            parent.append(group)
            groupShape.append(instruction.type.shape)
            groupSegment.append(segment)
            groupEscaped.append(through)
            for g in joined {
                parent[g] = group
                groupEscaped[group].formUnion(groupEscaped[g])
            }
            groupOf[i] = group
            escaped[i] = through
        }
        var members: [Int: [Int]] = [:]
        for i in instructions.indices {
            if let g = groupOf[i] { members[find(g), default: []].append(i) }
        }
        return members.values
            .filter { m in
                m.count >= 2 && m.contains { if case .compute = fusionKind($0, minimumCount: minimumCount) { true } else { false } }
            }
            .sorted { $0[0] < $1[0] }
    }

    /// Which of `members` are read by instructions outside them, by an
    /// output or by a guard.
    private func usedOutside(_ members: [Int]) -> Set<Int> {
        let inside = Set(members)
        var used = Set<Int>()
        for (i, instruction) in instructions.enumerated() where !inside.contains(i) {
            for case .result(let k) in instruction.operands where inside.contains(k) { used.insert(k) }
        }
        for case .result(let k) in outputs + guards.map(\.value) where inside.contains(k) { used.insert(k) }
        return used
    }

    /// The chain that computes `members`.
    private func fusedGroup(_ members: [Int], usedOutside: Set<Int>) -> FusedGroup {
        let shape = instructions[members[0]].type.shape
        var reads: [Operand] = []
        var value: [Int: ElementwiseChain.Value] = [:]  // member -> where the chain has it
        var steps: [ElementwiseChain.Step] = []
        var writes: [Int] = []
        var outputs: [Int] = []
        func input(_ operand: Operand) -> ElementwiseChain.Value {
            if case .result(let k) = operand, let v = value[k] { return v }
            // A constant of one number repeated (the ones that seed a
            // gradient) is read as that number, not from memory.
            if case .constant(let x) = operand, x.count > 1, let number = x.repeatedNumber {
                reads.append(.constant(number))
                return .input(reads.count - 1)
            }
            if let i = reads.firstIndex(of: operand) { return .input(i) }
            reads.append(operand)
            return .input(reads.count - 1)
        }
        for m in members {
            let instruction = instructions[m]
            let isFloat32 = instruction.type.dtype == .float32
            let operands = instruction.operands.map(input)
            switch fusionKind(m, minimumCount: 0)! {
            case .broadcast:
                value[m] = operands[0]
                if !usedOutside.contains(m) { continue }
                steps.append(ElementwiseChain.Step(.copy, operands, isFloat32: isFloat32))
            case .compute(let operation):
                steps.append(ElementwiseChain.Step(operation, operands, isFloat32: isFloat32))
            }
            value[m] = .step(steps.count - 1)
            if usedOutside.contains(m) {
                writes.append(m)
                outputs.append(steps.count - 1)
            }
        }
        let chain = ElementwiseChain(shape: shape, inputShapes: reads.map { type(of: $0).shape },
                                     inputIsFloat32: reads.map { type(of: $0).dtype == .float32 },
                                     steps: steps, outputs: outputs)
        return FusedGroup(members: members, shape: shape, reads: reads, writes: writes, chain: chain)
    }

    /// The steps in an order that computes every value before it is read:
    /// in program order, each group where its first member was, after what
    /// it reads. Guards are checked where the program checks them, which
    /// no group spans.
    private func schedule(_ groups: [FusedGroup], _ groupOf: [Int?]) -> [FusedProgram.Step] {
        var steps: [FusedProgram.Step] = []
        var doneInstruction = [Bool](repeating: false, count: instructions.count)
        var doneGroup = [Bool](repeating: false, count: groups.count)
        func emit(_ i: Int) {
            if doneInstruction[i] { return }
            if let g = groupOf[i] {
                if doneGroup[g] { return }
                doneGroup[g] = true
                for case .result(let k) in groups[g].reads { emit(k) }
                for m in groups[g].members { doneInstruction[m] = true }
                steps.append(.group(g))
            } else {
                doneInstruction[i] = true
                for case .result(let k) in instructions[i].operands { emit(k) }
                steps.append(.instruction(i))
            }
        }
        for i in 0...instructions.count {
            for g in guards.indices where guards[g].after == i { steps.append(.check(g)) }
            if i < instructions.count { emit(i) }
        }
        return steps
    }

    /// After each step, the results that no later step reads (outputs are kept).
    private func releases(_ steps: [FusedProgram.Step], _ groups: [FusedGroup]) -> [[Int]] {
        var lastRead: [Int: Int] = [:]
        for (s, step) in steps.enumerated() {
            let reads: [Operand] = switch step {
            case .instruction(let i): instructions[i].operands
            case .group(let g): groups[g].reads
            case .check(let g): [guards[g].value]
            }
            for case .result(let k) in reads { lastRead[k] = s }
        }
        for case .result(let k) in outputs { lastRead[k] = nil }
        var releases = [[Int]](repeating: [], count: steps.count)
        for (k, s) in lastRead { releases[s].append(k) }
        return releases
    }
}

extension Tensor {
    /// The one number of a tensor whose elements all have the same bits, as
    /// a rank-0 tensor; nil otherwise.
    var repeatedNumber: Tensor? {
        switch buffer {
        case .float32(let x): Kernels.isRepeated(x) ? Tensor(number: x[0]) : nil
        case .float64(let x): Kernels.isRepeated(x) ? Tensor(number: x[0]) : nil
        }
    }
}
