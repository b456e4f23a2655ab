import AutodiffKernels

/// A program on single numbers only (the scalar code of W2 and W3: a chain
/// of thousands of rank-0 operations), run on a file of plain `Double`
/// registers: no tensor is made per operation, only for the results.
///
/// Each step calls the same scalar functions as the eager kernels, in the
/// same dtype (a float32 value is rounded to `Float` at every step), so the
/// numbers are eager's bit for bit. Used only when nothing traces the
/// inputs or captures; under a transform the program runs through `apply`.
// @unchecked Sendable: sound, for Program's reason: immutable steps, and
// opaque closures that compute from their arguments alone.
struct ScalarProgram: @unchecked Sendable {
    enum Code {
        case unary(UnaryKernel, Int)
        case binary(BinaryKernel, Int, Int)
        case select(Int, Int, Int)
        /// A reshape, broadcast, sum or stopGradient of a single number, or a cast.
        case copy(Int)
        /// Entry `i` of `opaque`: kept out of line so that a step is plain
        /// data, copied without reference counting.
        case withoutDerivative(Int)
    }

    /// A function without derivative, its operand registers and dtypes.
    struct Opaque {
        let evaluate: ([Tensor]) -> Tensor
        let operands: [Int]
        let isFloat32: [Bool]
    }

    struct Step {
        let code: Code
        let isFloat32: Bool
    }

    private let inputCount: Int
    private let captureCount: Int
    /// Registers after the inputs and captures that hold constants.
    private let constants: [Double]
    private let steps: [Step]
    private let opaque: [Opaque]
    private let outputs: [(register: Int, isFloat32: Bool)]
    private let guards: [(after: Int, register: Int, expected: UInt64)]

    /// The program on registers, or nil if it is not all single numbers of
    /// operations with scalar functions.
    init?(_ program: Program) {
        let values = program.inputTypes + program.captureTypes + program.instructions.map(\.type)
        guard values.allSatisfy({ $0.shape.isEmpty }) else { return nil }
        let inputCount = program.inputTypes.count, captureCount = program.captureTypes.count
        var constantValues: [Double] = []
        var registers: [Int] = []  // instruction -> register, filled below
        let constantBase = inputCount + captureCount
        // Constants first: their registers come before every result's.
        for instruction in program.instructions {
            for case .constant(let x) in instruction.operands {
                guard x.shape.isEmpty else { return nil }
                constantValues.append(x.doubleItem())
            }
        }
        for case .constant(let x) in program.outputs + program.guards.map(\.value) {
            guard x.shape.isEmpty else { return nil }
            constantValues.append(x.doubleItem())
        }
        let resultBase = constantBase + constantValues.count
        var nextConstant = constantBase
        func register(_ operand: Program.Operand) -> Int {
            switch operand {
            case .input(let i): return i
            case .capture(let i): return inputCount + i
            case .result(let i): return registers[i]
            case .constant:
                nextConstant += 1
                return nextConstant - 1
            }
        }
        var steps: [Step] = []
        var opaque: [Opaque] = []
        for (i, instruction) in program.instructions.enumerated() {
            let x = instruction.operands.map(register)
            let code: Code
            switch instruction.operation {
            case .primitive(let primitive):
                if let kernel = primitive.unaryKernel {
                    code = .unary(kernel, x[0])
                } else if let kernel = primitive.binaryKernel {
                    code = .binary(kernel, x[0], x[1])
                } else {
                    switch primitive {
                    case .select: code = .select(x[0], x[1], x[2])
                    case .reshape, .broadcast, .transpose, .sum, .max, .cast: code = .copy(x[0])
                    default: return nil
                    }
                }
            case .stopGradient:
                code = .copy(x[0])
            case .withoutDerivative(let evaluate):
                opaque.append(Opaque(evaluate: evaluate, operands: x,
                                     isFloat32: instruction.operands.map { program.type(of: $0).dtype == .float32 }))
                code = .withoutDerivative(opaque.count - 1)
            }
            steps.append(Step(code: code, isFloat32: instruction.type.dtype == .float32))
            registers.append(resultBase + i)
        }
        let outputs: [(register: Int, isFloat32: Bool)] = program.outputs.map { (register($0), program.type(of: $0).dtype == .float32) }
        let guards: [(after: Int, register: Int, expected: UInt64)] = program.guards.map { g in
            (g.after, register(g.value), g.expected.count == 1 ? g.expected[0].bitPattern : 0)
        }
        self.constants = constantValues
        self.steps = steps
        self.opaque = opaque
        self.inputCount = inputCount
        self.captureCount = captureCount
        self.outputs = outputs
        self.guards = guards
    }

    /// The outputs, or nil when a guard reads another number than when the
    /// program was recorded.
    func run(inputs: [Tensor], captures: [Tensor]) -> [Tensor]? {
        var r = [Double](repeating: 0, count: inputCount + captureCount + constants.count + steps.count)
        for (i, x) in inputs.enumerated() { r[i] = x.doubleItem() }
        for (i, x) in captures.enumerated() { r[inputCount + i] = x.doubleItem() }
        let base = inputCount + captureCount
        for (i, c) in constants.enumerated() { r[base + i] = c }
        let resultBase = base + constants.count
        var nextGuard = 0
        let passed = r.withUnsafeMutableBufferPointer { r -> Bool in
            for k in 0...steps.count {
                while nextGuard < guards.count && guards[nextGuard].after == k {
                    if r[guards[nextGuard].register].bitPattern != guards[nextGuard].expected { return false }
                    nextGuard += 1
                }
                if k == steps.count { break }
                r[resultBase + k] = evaluate(steps[k], UnsafeBufferPointer(r))
            }
            return true
        }
        if !passed { return nil }
        return outputs.map { $0.isFloat32 ? Tensor(number: Float(r[$0.register])) : Tensor(number: r[$0.register]) }
    }

    @inline(__always)
    private func evaluate(_ step: Step, _ r: UnsafeBufferPointer<Double>) -> Double {
        switch step.code {
        case .unary(let kernel, let a):
            return step.isFloat32 ? Double(Kernels.unary(kernel, Float(r[a]))) : Kernels.unary(kernel, r[a])
        case .binary(let kernel, let a, let b):
            return step.isFloat32 ? Double(Kernels.binary(kernel, Float(r[a]), Float(r[b]))) : Kernels.binary(kernel, r[a], r[b])
        case .select(let c, let a, let b):
            return r[c] != 0 ? r[a] : r[b]
        case .copy(let a):
            return step.isFloat32 ? Double(Float(r[a])) : r[a]
        case .withoutDerivative(let i):
            let f = opaque[i]
            let operands = zip(f.operands, f.isFloat32).map { $1 ? Tensor(number: Float(r[$0])) : Tensor(number: r[$0]) }
            return f.evaluate(operands).doubleItem()
        }
    }
}
