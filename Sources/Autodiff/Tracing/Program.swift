/// A straight-line program of operations over numbered values, recorded
/// by a staging trace (see `StagingTrace`) and run again by `run`.
///
/// Why a program rather than calling the Swift function again: a function
/// may capture tensors that outer transforms trace, and calling it again
/// at another level would see them at their own levels, not as operands.
/// In a program every tensor it reads from outside is a numbered capture,
/// so the program is a function of its inputs and captures alone, and runs
/// at any level with any values in their place (JAX's `closure_convert`,
/// Autodidax's jaxprs). Running applies each operation through `apply`, so
/// a run is differentiated, batched or staged again like any other code.
// @unchecked Sendable: sound. A program is immutable once staged; the only
// non-Sendable parts are the closures of `withoutDerivative` (comparisons,
// `sign` and the like, made by the library), which compute from their
// arguments alone and may run on several threads at once.
struct Program: @unchecked Sendable {
    /// What an instruction does to its operands.
    enum Operation {
        case primitive(Primitive)
        /// `stopGradient`: the operand with no derivative through it.
        case stopGradient
        /// A function with no derivative (a comparison, `sign`), on the
        /// operands' numbers.
        case withoutDerivative(([Tensor]) -> Tensor)

        /// The operation on `x`, at whatever levels `x` is traced.
        func callAsFunction(_ x: [Tensor]) -> Tensor {
            switch self {
            case .primitive(let primitive): apply(primitive, x)
            case .stopGradient: x[0].constant
            case .withoutDerivative(let evaluate): Autodiff.withoutDerivative(x, evaluate)
            }
        }
    }

    /// Where an operand comes from.
    enum Operand: Equatable {
        /// An input of the program, by position.
        case input(Int)
        /// A tensor captured from outside, by position.
        case capture(Int)
        /// The result of an earlier instruction.
        case result(Int)
        /// A tensor no transform traces, kept in the program.
        case constant(Tensor)

        /// Constants are equal when they are the same storage of one
        /// number; this is for finding a value again, not for arithmetic.
        static func == (a: Operand, b: Operand) -> Bool {
            switch (a, b) {
            case (.input(let i), .input(let j)), (.capture(let i), .capture(let j)), (.result(let i), .result(let j)): i == j
            default: false
            }
        }
    }

    struct Instruction {
        let operation: Operation
        let operands: [Operand]
        /// The result's shape and dtype, as recorded.
        let type: ValueType
    }

    /// The shape and dtype of a value of the program.
    struct ValueType: Equatable {
        let shape: [Int]
        let dtype: DType

        init(_ x: Tensor) { (shape, dtype) = (x.shape, x.dtype) }
    }

    /// The numbers that the function read while it was recorded, which
    /// its Swift control flow may have depended on: the program holds only
    /// where they read the same again (see `compile`).
    struct Guard {
        /// Checked once this many instructions have run.
        let after: Int
        let value: Operand
        let expected: [Double]

        /// Whether `x`, the guard's value in a run, reads as recorded: bit
        /// for bit, so that a NaN that was read matches itself.
        func holds(_ x: Tensor) -> Bool {
            x.doubles.elementsEqual(expected, by: { $0.bitPattern == $1.bitPattern })
        }
    }

    let instructions: [Instruction]
    let outputs: [Operand]
    var guards: [Guard] = []
    /// The types of the inputs and captures, as recorded.
    var inputTypes: [ValueType] = []
    var captureTypes: [ValueType] = []

    /// The type of `operand` in this program.
    func type(of operand: Operand) -> ValueType {
        switch operand {
        case .input(let i): inputTypes[i]
        case .capture(let i): captureTypes[i]
        case .result(let i): instructions[i].type
        case .constant(let x): ValueType(x)
        }
    }

    /// The outputs at `inputs` and `captures`; only the outputs where
    /// `wanted` is true (nil: all) are computed, the others are nil, and
    /// only the instructions they need run. Inputs that no wanted output
    /// reads may be left off the end of `inputs`. Guards are not checked.
    func run(inputs: [Tensor], captures: [Tensor], wanted: [Bool]? = nil) -> [Tensor?] {
        run(inputs, captures, wanted, checkingGuards: false)!
    }

    /// All the outputs, or nil as soon as a guard reads other numbers than
    /// when the program was recorded.
    func runCheckingGuards(inputs: [Tensor], captures: [Tensor]) -> [Tensor]? {
        run(inputs, captures, nil, checkingGuards: true)?.map { $0! }
    }

    private func run(_ inputs: [Tensor], _ captures: [Tensor], _ wanted: [Bool]?, checkingGuards: Bool) -> [Tensor?]? {
        let live = liveInstructions(wanted, checkingGuards)
        var results = [Tensor?](repeating: nil, count: instructions.count)
        func value(_ operand: Operand) -> Tensor {
            switch operand {
            case .input(let i): inputs[i]
            case .capture(let i): captures[i]
            case .result(let i): results[i]!
            case .constant(let x): x
            }
        }
        var nextGuard = checkingGuards ? guards.startIndex : guards.endIndex
        for i in 0...instructions.count {
            while nextGuard < guards.endIndex && guards[nextGuard].after == i {
                if !guards[nextGuard].holds(value(guards[nextGuard].value)) { return nil }
                nextGuard += 1
            }
            if i < instructions.count && live[i] {
                results[i] = instructions[i].operation(instructions[i].operands.map(value))
            }
        }
        var values: [Tensor?] = []
        for k in outputs.indices {
            values.append(isWanted(k, wanted) ? value(outputs[k]) : nil)
        }
        return values
    }

    private func isWanted(_ k: Int, _ wanted: [Bool]?) -> Bool {
        guard let wanted else { return true }
        return wanted[k]
    }

    /// Which instructions the wanted outputs depend on (dead-code
    /// elimination, one backward pass over the program).
    func liveInstructions(_ wanted: [Bool]?, _ checkingGuards: Bool) -> [Bool] {
        var live = [Bool](repeating: false, count: instructions.count)
        for (k, output) in outputs.enumerated() where isWanted(k, wanted) {
            if case .result(let i) = output { live[i] = true }
        }
        for case .result(let i) in guards.map(\.value) where checkingGuards { live[i] = true }
        for i in instructions.indices.reversed() where live[i] {
            for case .result(let j) in instructions[i].operands { live[j] = true }
        }
        return live
    }
}
