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
    /// What a step computes: one byte, so that a step is 16 bytes of plain
    /// data and the loop's `switch` is one jump table.
    enum Opcode: UInt8 {
        case neg, exp, log, sin, cos, tanh, sqrt, abs, sign
        case add, sub, mul, div, pow, strongZeroMul, less, lessEqual, greater, greaterEqual, equal, notEqual
        /// `a != 0 ? b : c`.
        case select
        /// A reshape, broadcast, sum or stopGradient of a single number, or a cast.
        case copy
        /// Entry `a` of `opaque`: a function without derivative.
        case withoutDerivative

        init(_ kernel: UnaryKernel) {
            switch kernel {
            case .neg: self = .neg
            case .exp: self = .exp
            case .log: self = .log
            case .sin: self = .sin
            case .cos: self = .cos
            case .tanh: self = .tanh
            case .sqrt: self = .sqrt
            case .abs: self = .abs
            case .sign: self = .sign
            }
        }

        init(_ kernel: BinaryKernel) {
            switch kernel {
            case .add: self = .add
            case .sub: self = .sub
            case .mul: self = .mul
            case .div: self = .div
            case .pow: self = .pow
            case .strongZeroMul: self = .strongZeroMul
            case .less: self = .less
            case .lessEqual: self = .lessEqual
            case .greater: self = .greater
            case .greaterEqual: self = .greaterEqual
            case .equal: self = .equal
            case .notEqual: self = .notEqual
            }
        }
    }

    /// A function without derivative, its operand registers and dtypes.
    struct Opaque {
        let evaluate: ([Tensor]) -> Tensor
        let operands: [Int]
        let isFloat32: [Bool]
    }

    /// One step: its operation, dtype and operand registers (an unused
    /// operand repeats the first, so that every step reads three).
    struct Step {
        let opcode: Opcode
        let isFloat32: Bool
        let a, b, c: Int32
    }

    /// Whether every value of the program is float32.
    private let isFloat32: Bool
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
            var x = instruction.operands.map(register)
            let opcode: Opcode
            switch instruction.operation {
            case .primitive(let primitive):
                if let kernel = primitive.unaryKernel {
                    opcode = Opcode(kernel)
                } else if let kernel = primitive.binaryKernel {
                    opcode = Opcode(kernel)
                } else {
                    switch primitive {
                    case .select: opcode = .select
                    case .reshape, .broadcast, .transpose, .sum, .max, .cast: opcode = .copy
                    default: return nil
                    }
                }
            case .stopGradient:
                opcode = .copy
            case .withoutDerivative(let evaluate):
                opaque.append(Opaque(evaluate: evaluate, operands: x,
                                     isFloat32: instruction.operands.map { program.type(of: $0).dtype == .float32 }))
                opcode = .withoutDerivative
                x = [opaque.count - 1]
            }
            let a = x.first ?? 0
            steps.append(Step(opcode: opcode, isFloat32: instruction.type.dtype == .float32, a: Int32(a),
                              b: Int32(x.count > 1 ? x[1] : a), c: Int32(x.count > 2 ? x[2] : a)))
            registers.append(resultBase + i)
        }
        let outputs: [(register: Int, isFloat32: Bool)] = program.outputs.map { (register($0), program.type(of: $0).dtype == .float32) }
        let guards: [(after: Int, register: Int, expected: UInt64)] = program.guards.map { g in
            (g.after, register(g.value), g.expected.count == 1 ? g.expected[0].bitPattern : 0)
        }
        self.constants = constantValues
        isFloat32 = values.allSatisfy { $0.dtype == .float32 }
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
        // A program all in float32 keeps its registers as `Float`: in a
        // chain, each conversion to and from `Double` would add its latency
        // to every step's.
        isFloat32 ? run(Float.self, inputs, captures) : run(Double.self, inputs, captures)
    }

    private func run<R: Register>(_: R.Type, _ inputs: [Tensor], _ captures: [Tensor]) -> [Tensor]? {
        var r = [R](repeating: 0, count: inputCount + captureCount + constants.count + steps.count)
        for (i, x) in inputs.enumerated() { r[i] = R(x.doubleItem()) }
        for (i, x) in captures.enumerated() { r[inputCount + i] = R(x.doubleItem()) }
        let base = inputCount + captureCount
        for (i, c) in constants.enumerated() { r[base + i] = R(c) }
        let passed = r.withUnsafeMutableBufferPointer { r in
            steps.withUnsafeBufferPointer { steps in
                guards.withUnsafeBufferPointer { guards in
                    runSteps(steps, guards, r.baseAddress!, resultBase: base + constants.count)
                }
            }
        }
        if !passed { return nil }
        return outputs.map { $0.isFloat32 ? Tensor(number: r[$0.register].asFloat) : Tensor(number: r[$0.register].asDouble) }
    }

    /// The loop over the steps, on raw pointers: no bounds checks and no
    /// reference counting per step. With `Double` registers a float32 step
    /// computes in `Float` and stores its result widened (exactly).
    private func runSteps<R: Register>(
        _ steps: UnsafeBufferPointer<Step>, _ guards: UnsafeBufferPointer<(after: Int, register: Int, expected: UInt64)>,
        _ r: UnsafeMutablePointer<R>, resultBase: Int
    ) -> Bool {
        var nextGuard = 0
        var nextCheck = guards.first?.after ?? -1
        for k in 0...steps.count {
            while k == nextCheck {
                if r[guards[nextGuard].register].asDouble.bitPattern != guards[nextGuard].expected { return false }
                nextGuard += 1
                nextCheck = nextGuard < guards.count ? guards[nextGuard].after : -1
            }
            if k == steps.count { break }
            let step = steps[k]
            let x = r[Int(step.a)], y = r[Int(step.b)]
            let value: R
            switch step.opcode {
            case .select: value = x != 0 ? y : r[Int(step.c)]
            case .withoutDerivative: value = R(callOpaque(Int(step.a), r))
            default:
                if R.self == Float.self || !step.isFloat32 {
                    value = Self.apply(step.opcode, x, y)
                } else {
                    value = R(Self.apply(step.opcode, x.asFloat, y.asFloat))
                }
            }
            r[resultBase + k] = value
        }
        return true
    }

    /// A numeric step: the scalar functions of the eager kernels. (A copy
    /// or a cast is its operand, rounded to the step's dtype by the caller.)
    @inline(__always)
    private static func apply<T: KernelFloat>(_ opcode: Opcode, _ x: T, _ y: T) -> T {
        switch opcode {
        case .neg: Kernels.unary(.neg, x)
        case .exp: Kernels.unary(.exp, x)
        case .log: Kernels.unary(.log, x)
        case .sin: Kernels.unary(.sin, x)
        case .cos: Kernels.unary(.cos, x)
        case .tanh: Kernels.unary(.tanh, x)
        case .sqrt: Kernels.unary(.sqrt, x)
        case .abs: Kernels.unary(.abs, x)
        case .sign: Kernels.unary(.sign, x)
        case .add: Kernels.binary(.add, x, y)
        case .sub: Kernels.binary(.sub, x, y)
        case .mul: Kernels.binary(.mul, x, y)
        case .div: Kernels.binary(.div, x, y)
        case .pow: Kernels.binary(.pow, x, y)
        case .strongZeroMul: Kernels.binary(.strongZeroMul, x, y)
        case .less: Kernels.binary(.less, x, y)
        case .lessEqual: Kernels.binary(.lessEqual, x, y)
        case .greater: Kernels.binary(.greater, x, y)
        case .greaterEqual: Kernels.binary(.greaterEqual, x, y)
        case .equal: Kernels.binary(.equal, x, y)
        case .notEqual: Kernels.binary(.notEqual, x, y)
        case .copy, .select, .withoutDerivative: x
        }
    }

    private func callOpaque<R: Register>(_ i: Int, _ r: UnsafeMutablePointer<R>) -> Double {
        let f = opaque[i]
        let operands = zip(f.operands, f.isFloat32).map { $1 ? Tensor(number: r[$0].asFloat) : Tensor(number: r[$0].asDouble) }
        return f.evaluate(operands).doubleItem()
    }
}

/// The number types a register file holds: `Float` for programs all in
/// float32, `Double` otherwise (a float32 value is exact in it).
protocol Register: KernelFloat {
    init(_ value: Double)
    init(_ value: Float)
    var asDouble: Double { get }
    var asFloat: Float { get }
}

extension Float: Register {
    var asDouble: Double { Double(self) }
    var asFloat: Float { self }
}

extension Double: Register {
    var asDouble: Double { self }
    var asFloat: Float { Float(self) }
}
