@testable import Autodiff
import Testing

/// Each optimisation pass on small programs: what it removes or merges, and
/// that no pass changes a result.
@Suite("program passes")
struct ProgramPassesTests {
    /// `f` recorded as a program of one input shaped like `x`.
    static func record(_ f: (Tensor) -> Tensor, at x: Tensor) -> Program {
        staging("test") { trace in trace.program(outputs: [f(trace.input(x))]) }
    }

    static func names(_ program: Program) -> [String] {
        program.instructions.map { instruction in
            switch instruction.operation {
            case .primitive(let primitive): primitive.name
            case .stopGradient: "stopGradient"
            case .withoutDerivative: "withoutDerivative"
            }
        }
    }

    static let x = Tensor([0.5, -1.5, 2]).cast(to: .float64)

    /// The pass changes no output at several points.
    static func expectSameResults(_ original: Program, _ optimized: Program, _ comment: Comment) {
        for seed in [UInt64(1), 2, 3] {
            let x = Tensor.randomNormal([3], seed: seed, dtype: .float64)
            let a = original.run(inputs: [x], captures: [])[0]!, b = optimized.run(inputs: [x], captures: [])[0]!
            #expect(a.doubles.elementsEqual(b.doubles, by: { $0.bitPattern == $1.bitPattern }), comment)
        }
    }

    @Test func foldingConstants() {
        // Recorded instructions always read a traced value; constants appear
        // when other passes replace operands, as built here by hand.
        let c = Tensor(1).cast(to: .float64), type = Program.ValueType(c)
        let program = Program(
            instructions: [Program.Instruction(operation: .primitive(.exp), operands: [.constant(c)], type: type),
                           Program.Instruction(operation: .primitive(.mul), operands: [.input(0), .result(0)], type: Program.ValueType(Self.x))],
            outputs: [.result(1)], inputTypes: [Program.ValueType(Self.x)])
        let folded = program.foldingConstants()
        #expect(Self.names(folded) == ["mul"])
        Self.expectSameResults(program, folded, "folding")
    }

    @Test func removingIdentities() {
        let program = Self.record({ x in -(-(((x * 1) / 1 - 0).transposed([0]))) }, at: Self.x)
        #expect(Self.names(program) == ["mul", "div", "sub", "neg", "neg"])
        let simplified = program.removingIdentities().removingDeadCode()
        #expect(simplified.instructions.isEmpty)
        Self.expectSameResults(program, simplified, "identities")
        // Not an identity: x + 0 turns -0 into 0; x * 1 that broadcasts.
        let kept = Self.record({ x in (x + 0) * Tensor.ones([2, 3], dtype: .float64) }, at: Self.x).removingIdentities()
        #expect(Self.names(kept) == ["add", "mul"])
        // Nor is the strong-zero product by one: it turns -0 into +0.
        let type = Program.ValueType(Self.x)
        let one = Program.Operand.constant(Tensor(1).cast(to: .float64))
        let strong = Program(
            instructions: [Program.Instruction(operation: .primitive(.strongZeroMul), operands: [.input(0), one], type: type)],
            outputs: [.result(0)], inputTypes: [type]).removingIdentities()
        #expect(Self.names(strong) == ["strongZeroMul"])
        let minusZero = Tensor(shape: [3], scalars: [-0.0, 1, 2] as [Double])
        #expect(strong.run(inputs: [minusZero], captures: [])[0]!.doubles[0].sign == .plus)
    }

    @Test func mergingCommonSubexpressions() {
        let program = Self.record({ x in sin(x) * 2 + sin(x) * 2 + cos(x) }, at: Self.x)
        #expect(Self.names(program) == ["sin", "mul", "sin", "mul", "add", "cos", "add"])
        let merged = program.mergingCommonSubexpressions().removingDeadCode()
        #expect(Self.names(merged) == ["sin", "mul", "add", "cos", "add"])
        Self.expectSameResults(program, merged, "CSE")
    }

    @Test func removingDeadCode() {
        // grad records the forward value too; only the gradient is an output.
        let program = Self.record({ x in grad { (x: Tensor) in (exp(x) * sin(x)).sum() }(x) }, at: Self.x)
        let live = program.removingDeadCode()
        #expect(live.instructions.count < program.instructions.count)
        Self.expectSameResults(program, live, "DCE")
        Self.expectSameResults(program, program.optimized(), "all passes")
    }

    /// A reshape whose operand is replaced keeps its own type: the passes
    /// compare types in the new program (a matrix-vector gradient).
    @Test func typesAreThoseOfTheRewrittenProgram() {
        let a = Tensor.randomNormal([4, 4], seed: 5, dtype: .float64)
        let program = Self.record({ x in grad { (x: Tensor) in dot(x, matmul(a, x)) }(x) },
                                  at: Tensor.randomNormal([4], seed: 6, dtype: .float64))
        let optimized = program.optimized()
        #expect(optimized.type(of: optimized.outputs[0]).shape == [4])
        let x = Tensor.randomNormal([4], seed: 7, dtype: .float64)
        let got = optimized.run(inputs: [x], captures: [])[0]!
        #expect(got.shape == [4] && allClose(got, matmul(a + a.transposed(), x.reshaped([4, 1])).reshaped([4])))
        #expect(optimized.instructions.count < program.instructions.count)
    }

    @Test func guardsSurviveThePasses() {
        let program = staging("test", readsBecomeGuards: true) { trace -> Program in
            let x = trace.input(Self.x)
            let y = (x * 1).sum().item() > 0 ? exp(x) : sin(x)
            return trace.program(outputs: [y])
        }
        #expect(program.guards.count == 1)
        let optimized = program.optimized()
        #expect(optimized.guards.count == 1)
        #expect(optimized.runCheckingGuards(inputs: [Self.x], captures: []) != nil)
        #expect(optimized.runCheckingGuards(inputs: [-Self.x], captures: []) == nil)
    }

    @Test func aProgramOfSingleNumbersRunsOnRegisters() {
        func chain(_ x: Tensor) -> Tensor {
            var y = x
            for _ in 0..<100 { y = y + 0.01 * tanh(y) }
            return select(y .> 0.7, y * y, sqrt(y))
        }
        for dtype in [DType.float32, .float64] {
            let x = Tensor(0.5).cast(to: dtype)
            let program = Self.record(grad(chain), at: x).optimized()
            let scalar = ScalarProgram(program)
            #expect(scalar != nil)
            for point in [0.5, 0.6, 0.9] {
                let p = Tensor(Float(point)).cast(to: dtype)
                let got = scalar!.run(inputs: [p], captures: [])![0], eager = grad(chain)(p)
                #expect(got.dtype == dtype && got.doubleItem().bitPattern == eager.doubleItem().bitPattern)
            }
        }
        // A tensor of several numbers is not a scalar program.
        #expect(ScalarProgram(Self.record({ $0 * 2 }, at: Self.x)) == nil)
    }
}

/// `foldingTransposesIntoMatmuls`: the product reads the untransposed
/// matrix with its flag flipped, and gives the same numbers bit for bit.
@Suite("program passes: transposes into matrix products")
struct TransposeFoldingTests {
    static func record(_ f: (Tensor) -> Tensor, at x: Tensor) -> Program {
        staging("test") { trace in trace.program(outputs: [f(trace.input(x))]) }
    }

    static func count(_ name: String, _ program: Program) -> Int {
        ProgramPassesTests.names(program).filter { $0 == name }.count
    }

    static func expectSameNumbers(_ a: Program, _ b: Program, at x: Tensor, _ comment: Comment) {
        let ya = a.run(inputs: [x], captures: [])[0]!, yb = b.run(inputs: [x], captures: [])[0]!
        #expect(ya.shape == yb.shape, comment)
        #expect(ya.doubles.elementsEqual(yb.doubles, by: { $0.bitPattern == $1.bitPattern }), comment)
    }

    @Test(arguments: [DType.float32, .float64])
    func aLinearLayersTransposeIsFoldedAndNothingChanges(dtype: DType) {
        // (rows, inputs, outputs): W10's layers, odd sizes, and sizes past one GEMM block.
        for (m, k, n) in [(64, 64, 128), (64, 128, 10), (5, 7, 3), (33, 300, 17), (2, 2, 2)] {
            let w = Tensor.randomNormal([n, k], seed: 3, dtype: dtype)
            let x = Tensor.randomNormal([m, k], seed: 4, dtype: dtype)
            let layer = { (x: Tensor) in matmul(x, w.transposed()) }
            let program = Self.record(layer, at: x)
            let folded = program.foldingTransposesIntoMatmuls().removingDeadCode()
            #expect(Self.count("transpose", folded) == 0, "\(m)x\(k) by \(k)x\(n)")
            Self.expectSameNumbers(program, folded, at: x, "\(m)x\(k) by \(k)x\(n) \(dtype)")
            // The gradient through the layer: products of transposed operands both ways.
            let loss = { (x: Tensor) in grad { (x: Tensor) in (tanh(layer(x)) * layer(x)).sum() }(x) }
            let gradient = Self.record(loss, at: x)
            Self.expectSameNumbers(gradient, gradient.optimized(), at: x, "gradient \(m)x\(k) by \(k)x\(n) \(dtype)")
        }
    }

    @Test func bothOperandsBatchesAndSharedTransposes() {
        let b = Tensor.randomNormal([4, 6], seed: 5, dtype: .float64)
        let x = Tensor.randomNormal([6, 5], seed: 6, dtype: .float64)
        // Both operands transposed: xᵀ bᵀ.
        let both = Self.record({ x in matmul(x.transposed(), b.transposed()) }, at: x)
        let foldedBoth = both.foldingTransposesIntoMatmuls().removingDeadCode()
        #expect(Self.count("transpose", foldedBoth) == 0)
        Self.expectSameNumbers(both, foldedBoth, at: x, "both")
        // A transpose that something else reads stays, for that reader.
        let shared = Self.record({ x in matmul(x.transposed(), x) + x.transposed().sum() }, at: x)
        let foldedShared = shared.foldingTransposesIntoMatmuls().removingDeadCode()
        #expect(Self.count("transpose", foldedShared) == 1)
        Self.expectSameNumbers(shared, foldedShared, at: x, "shared")
        // A batch of matrices, transposed in its last two axes.
        let batch = Tensor.randomNormal([3, 6, 5], seed: 7, dtype: .float64)
        let batched = Self.record({ x in matmul(x.transposed([0, 2, 1]), x) }, at: batch)
        let foldedBatch = batched.foldingTransposesIntoMatmuls().removingDeadCode()
        #expect(Self.count("transpose", foldedBatch) == 0)
        Self.expectSameNumbers(batched, foldedBatch, at: batch, "batch")
        // Not folded: another permutation, and a product with a vector.
        let cube = Tensor.randomNormal([4, 4, 4], seed: 9, dtype: .float64)
        let other = Self.record({ x in matmul(x.transposed([1, 0, 2]), x) }, at: cube)
        #expect(Self.count("transpose", other.foldingTransposesIntoMatmuls().removingDeadCode()) == 1)
        let v = Tensor.randomNormal([6], seed: 8, dtype: .float64)
        let vector = Self.record({ x in matmul(x.transposed(), v) }, at: x)
        #expect(Self.count("transpose", vector.foldingTransposesIntoMatmuls().removingDeadCode()) == 1)
    }
}
