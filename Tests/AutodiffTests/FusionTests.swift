@testable import Autodiff
import AutodiffKernels
import Dispatch
import Testing

/// Elementwise fusion: which instructions the pass groups, what ends a
/// group, what a group writes, and that a fused program gives eager's
/// numbers bit for bit (same kernels, same order per element).
@Suite("fusion")
struct FusionTests {
    /// `f` recorded as a program of inputs shaped like `xs`, optimised.
    static func record(_ f: ([Tensor]) -> Tensor, at xs: [Tensor]) -> Program {
        staging("test") { trace in trace.program(outputs: [f(xs.map { trace.input($0) })]) }.optimized()
    }

    /// The names of each group's members.
    static func groups(_ fused: FusedProgram) -> [[String]] {
        fused.groups.map { group in
            group.members.map { m in
                if case .primitive(let primitive) = fused.program.instructions[m].operation { primitive.name } else { "?" }
            }
        }
    }

    /// Bit-for-bit equality of the fused program and eager `f` at `xs`.
    static func expectEager(_ fused: FusedProgram, _ f: ([Tensor]) -> Tensor, _ xs: [Tensor], _ comment: Comment) {
        let got = fused.runCheckingGuards(inputs: xs, captures: [])![0], eager = f(xs)
        #expect(got.shape == eager.shape && got.dtype == eager.dtype, comment)
        #expect(got.doubles.elementsEqual(eager.doubles, by: { $0.bitPattern == $1.bitPattern }), comment)
    }

    static func w6(_ x: Tensor) -> Tensor { (sin(x) * exp(-x * x)).sum() }

    @Test func theW6GradientIsOneGroupThatReadsXOnceAndWritesOneArray() {
        let x = Tensor.randomUniform([5000], seed: 1) * 2 - 1
        let fused = Self.record({ grad(Self.w6)($0[0]) }, at: [x]).fused()
        #expect(fused.groups.count == 1)
        let group = fused.groups[0]
        // x, and the gradient's seed of ones as one number.
        let arrays = group.reads.filter { fused.program.type(of: $0).shape != [] }
        #expect(arrays == [.input(0)] && group.writes.count == 1, "\(fused)")
        #expect(fused.program.instructions.count == group.members.count)
        Self.expectEager(fused, { grad(Self.w6)($0[0]) }, [Tensor.randomNormal([5000], seed: 2)], "W6 gradient")
    }

    @Test func reductionsAndMatrixProductsEndAGroup() {
        let x = Tensor.randomNormal([300, 4], seed: 3, dtype: .float64)
        let w = Tensor.randomNormal([4, 4], seed: 4, dtype: .float64)
        let f = { (xs: [Tensor]) in exp(matmul(tanh(xs[0] * 2 + 1), w) * 3 - 1).sum(axes: [1]) * 2 + 1 }
        let fused = Self.record(f, at: [x]).fused(minimumCount: 1)
        #expect(Self.groups(fused) == [["mul", "add", "tanh"], ["mul", "sub", "exp"], ["mul", "add"]])
        // Each group writes only what the next one reads.
        #expect(fused.groups.map(\.writes.count) == [1, 1, 1])
        Self.expectEager(fused, f, [Tensor.randomNormal([300, 4], seed: 5, dtype: .float64)], "matmul and sum between")
    }

    @Test func broadcastOperandsAreReadInPlace() {
        let x = Tensor.randomNormal([40, 30], seed: 6)
        let row = Tensor.randomNormal([30], seed: 7), column = Tensor.randomNormal([40, 1], seed: 8)
        let f = { (xs: [Tensor]) in sin(xs[0] * xs[1] + xs[2]) / (2 + xs[1] * xs[1]) }
        let program = Self.record(f, at: [x, row, column])
        let fused = program.fused(minimumCount: 1)
        // The [30] products are a group of their own shape; the broadcasts
        // to [40, 30] are read by the big group, never written.
        #expect(fused.groups.count == 2)
        let big = fused.groups.first { $0.shape == [40, 30] }!
        #expect(big.writes.count == 1)
        #expect(big.reads.contains(.input(2)) && big.reads.allSatisfy { program.type(of: $0).shape != [40, 30] || $0 == .input(0) })
        for seed in [UInt64(10), 11] {
            let xs = [Tensor.randomNormal([40, 30], seed: seed), Tensor.randomNormal([30], seed: seed + 1),
                      Tensor.randomNormal([40, 1], seed: seed + 2)]
            Self.expectEager(fused, f, xs, "broadcasting")
        }
    }

    @Test func selectAndCastsAreFused() {
        let x = Tensor.randomNormal([1000], seed: 12)
        let f = { (xs: [Tensor]) in
            let x = xs[0]
            let y = select(x .> 0, sqrt(x * 2), exp(x) - 1)
            return (y.cast(to: .float64) * 3 + 1).cast(to: .float32) * x
        }
        let fused = Self.record(f, at: [x]).fused()
        #expect(Self.groups(fused) == [["mul", "sqrt", "exp", "sub", "select", "cast", "mul", "add", "cast", "mul"]])
        Self.expectEager(fused, f, [Tensor.randomNormal([1000], seed: 13)], "select and casts")
    }

    @Test func valuesUsedOutsideAreWrittenAndGroupsMayWriteSeveral() {
        let x = Tensor.randomNormal([500], seed: 14, dtype: .float64)
        // s is read by the sum, t by the output: one group writes both.
        let f = { (xs: [Tensor]) -> [Tensor] in
            let s = sin(xs[0]) * 2
            let t = exp(s) + xs[0]
            return [t, s.sum()]
        }
        let program = staging("test") { trace in trace.program(outputs: f([trace.input(x)])) }.optimized()
        let fused = program.fused()
        #expect(fused.groups.count == 1 && fused.groups[0].writes.count == 2)
        let y = Tensor.randomNormal([500], seed: 15, dtype: .float64)
        let got = fused.runCheckingGuards(inputs: [y], captures: [])!, eager = f([y])
        for (a, b) in zip(got, eager) {
            #expect(a.doubles.elementsEqual(b.doubles, by: { $0.bitPattern == $1.bitPattern }))
        }
    }

    @Test func aValueThatLeavesAGroupDoesNotComeBackIntoIt() {
        // softmax: exp(x - max) / sum(exp(x - max)) would be a cycle as one group.
        let x = Tensor.randomNormal([300], seed: 16)
        let f = { (xs: [Tensor]) in
            let e = exp(xs[0] - xs[0].max())
            return e / e.sum() * 2
        }
        let fused = Self.record(f, at: [x]).fused()
        #expect(Self.groups(fused) == [["sub", "exp"], ["div", "mul"]])
        Self.expectEager(fused, f, [Tensor.randomNormal([300], seed: 17)], "softmax")
    }

    @Test func guardsSplitGroups() {
        let x = Tensor.randomNormal([400], seed: 18)
        let program = staging("test", readsBecomeGuards: true) { trace -> Program in
            let x = trace.input(x)
            let y = sin(x) * 2
            let z = (y.sum() .> 0).item() == 1 ? exp(y) * 3 : cos(y) * 3
            return trace.program(outputs: [z])
        }.optimized()
        let fused = program.fused()
        #expect(fused.groups.count == 2 && program.guards.count == 1)
        #expect(fused.runCheckingGuards(inputs: [x], captures: []) != nil)
        #expect(fused.runCheckingGuards(inputs: [-x], captures: []) == nil)
    }

    @Test func aValueIsDroppedAfterTheLastStepThatReadsIt() {
        // The group's result is read by the sum only; the sum is an output.
        let fused = Self.record({ (sin($0[0]) * 2).sum(axes: [1]) * 3 }, at: [Tensor.zeros([300, 2])]).fused()
        guard let sum = fused.steps.firstIndex(where: { if case .instruction = $0 { true } else { false } }),
              case .group(let g) = fused.steps[0] else {
            Issue.record("expected a group, then the sum: \(fused)")
            return
        }
        #expect(fused.releases[sum] == fused.groups[g].writes)
        #expect(fused.releases.joined().allSatisfy { !fused.program.outputs.contains(.result($0)) })
    }

    @Test func repeatedNumbersAreFoundBitForBit() {
        #expect(Kernels.isRepeated([Float](repeating: 1, count: 5000)) && Kernels.isRepeated([2.5] as [Double]))
        #expect(!Kernels.isRepeated([0, -0.0] as [Float]) && !Kernels.isRepeated([] as [Double]))
        #expect(!Kernels.isRepeated([Float](repeating: 1, count: 4999) + [1.0000001]))
    }

    @Test func smallTensorsAreLeftAlone() {
        let fused = Self.record({ sin($0[0]) * 2 + 1 }, at: [Tensor.zeros([10])]).fused()
        #expect(fused.groups.isEmpty)
    }

    /// Random shapes, broadcasting, empty tensors and both dtypes, with
    /// tiles that straddle rows and chains split across cores.
    @Test("fused equals eager bit for bit", arguments: [DType.float32, .float64])
    func fusedEqualsEager(_ dtype: DType) {
        let shapes: [[Int]] = [[7], [3, 5], [0, 4], [2, 0, 3], [4097], [3, 2500], [130_000]]
        let functions: [(String, ([Tensor]) -> Tensor)] = [
            ("chain", { xs in tanh(sin(xs[0]) * exp(-xs[0] * xs[1]) + abs(xs[1]) / (1 + xs[0] * xs[0])) }),
            ("select", { xs in select(xs[0] .> xs[1], sqrt(abs(xs[0])), -xs[1] * log(1 + xs[1] * xs[1])) }),
            ("pow and cast", { xs in pow(abs(xs[0]) + 1, xs[1]).cast(to: .float64).cast(to: dtype) * cos(xs[1]) }),
            ("gradient", { xs in grad { (x: Tensor) in (sin(x) * exp(-x * x) * xs[1]).sum() }(xs[0]) }),
        ]
        for (k, shape) in shapes.enumerated() {
            // The second operand: the same shape, a row, a column (the last
            // dimension 1) or one number.
            let others: [[Int]] = [shape, Array(shape.suffix(1)), shape.count > 1 ? shape.dropLast() + [1] : [], []]
            for other in others {
                for (name, f) in functions {
                    let seed = UInt64(100 * k)
                    let xs = [Tensor.randomNormal(shape, seed: seed, dtype: dtype),
                              Tensor.randomNormal(other, seed: seed + 1, dtype: dtype)]
                    let fused = Self.record(f, at: xs).fused(minimumCount: 1)
                    let ys = [Tensor.randomNormal(shape, seed: seed + 2, dtype: dtype),
                              Tensor.randomNormal(other, seed: seed + 3, dtype: dtype)]
                    Self.expectEager(fused, f, ys, "\(name) \(shape) with \(other) \(dtype)")
                }
            }
        }
    }

    @Test func aChainOnItsOwnMatchesTheArrayKernels() {
        // Inputs of every read mode: in place, one number, broadcast.
        let x = (0..<5000).map { Float($0) / 500 - 5 }, row: [Float] = (0..<50).map { Float($0) / 10 }
        let chain = ElementwiseChain(
            shape: [100, 50], inputShapes: [[100, 50], [], [50]], inputIsFloat32: [true, true, true],
            steps: [ElementwiseChain.Step(.unary(.exp), [.input(0)], isFloat32: true),
                    ElementwiseChain.Step(.binary(.mul), [.step(0), .input(1)], isFloat32: true),
                    ElementwiseChain.Step(.binary(.sub), [.step(1), .input(2)], isFloat32: true)],
            outputs: [2, 0])
        let ys = chain.run([.float32(x), .float32([2]), .float32(row)])
        let e = Kernels.unary(.exp, x)
        let expected = Kernels.binary(.sub, Kernels.binary(.mul, e, [100, 50], [2], [], shape: [100, 50]), [100, 50],
                                      row, [50], shape: [100, 50])
        guard case .float32(let got)? = ys.first, case .float32(let exp)? = ys.last else {
            Issue.record("float32 outputs expected")
            return
        }
        #expect(got == expected && exp == e)
    }
}

/// Compiled functions on tensors large enough to be fused keep the
/// conventions and the NaN check.
@Suite("fused conventions")
struct FusedConventionTests {
    @Test func strongZerosAndSafeSelect() {
        let x = concatenate([Tensor.zeros([300]), Tensor.full([300], 4)], axis: 0)
        let safe = compile(grad { (x: Tensor) in select(x .< 1, x, sqrt(x)).sum() })
        #expect(compiledProgram(grad { (x: Tensor) in select(x .< 1, x, sqrt(x)).sum() }, at: x).fusedGroupSizes.count >= 1)
        #expect(safe(x).scalars == grad { (x: Tensor) in select(x .< 1, x, sqrt(x)).sum() }(x).scalars)
        #expect(safe(x).scalars.allSatisfy { !$0.isNaN })
        let normGradient = compile(grad { (x: Tensor) in (norm(x) * x).sum() })
        #expect(normGradient(Tensor.zeros([500])).scalars.allSatisfy { !$0.isNaN })
    }

    @Test func theNaNCheckNamesThePrimitiveInsideAFusedGroup() {
        let f = compile { (x: Tensor) in (log(x) * 2 + 1).sum() }
        _ = f(Tensor.ones([1000]))
        let bad = concatenate([Tensor.ones([999]), Tensor([-1])], axis: 0)
        let (value, anomaly) = withNaNCheck { f(bad) }
        #expect(value.item().isNaN && anomaly?.operation == "log")
    }

    @Test func manyThreadsShareOneFusedProgram() {
        let g = compile(grad(FusionTests.w6))
        let failures = LockedCounter(0)
        nonisolated(unsafe) let shared = g
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<20 {
                let x = Tensor.randomNormal([20_000], seed: UInt64(100 * t + i))
                if shared(x).scalars != grad(FusionTests.w6)(x).scalars { failures.withLock { $0 += 1 } }
            }
        }
        #expect(failures.withLock { $0 } == 0)
    }

    @Test func compiledProgramShowsTheFusedGroups() {
        let program = compiledProgram(grad(FusionTests.w6), at: Tensor.zeros([4096]))
        #expect(program.fusedGroupSizes == [program.instructionCount])
        #expect(program.description.contains("fused f32[4096]") && program.description.contains("sin in0"))
        let scalar = compiledProgram({ x in sin(x) * 2 }, at: Tensor(1))
        #expect(scalar.runsOnRegisters && scalar.fusedGroupSizes.isEmpty)
    }
}
