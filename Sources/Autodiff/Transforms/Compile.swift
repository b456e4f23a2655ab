import AutodiffKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `f` traced once per input signature and replayed after: the first call
/// with new shapes and dtypes runs `f`'s Swift code on a staging trace,
/// which records the primitives it applies as a program; later calls with
/// the same signature run the program, not `f` (JAX's `jit`).
///
/// ```swift
/// let step = compile { (x: Tensor) in (x * x).sum() }
/// step(Tensor([1, 2, 3]))    // 14.0, traced
/// step(Tensor([4, 5, 6]))    // 77.0, replayed: the closure does not run
/// ```
///
/// - Results equal eager `f`'s, conventions included: the program is the
///   primitives `f` applied, run through the same rules.
/// - Numbers that `f` reads while tracing (`item()`, `scalars`, `doubles`,
///   a comparison of `Float`s in an `if` or `while`) are guards: a call
///   whose numbers read differently is traced again, so value-dependent
///   control flow gives eager's answer (JAX refuses it). A guard compares
///   the numbers themselves: read a comparison, `(x.sum() .> 0).item() == 1`,
///   rather than `x.sum().item() > 0`, so that inputs on the same side of
///   the branch share one trace. A function keeps
///   at most ``compileTraceLimit`` traces; past that it runs eagerly, with
///   one warning on standard error.
/// - Tensors `f` captures from outside are constants of the trace; a
///   captured tensor that an enclosing transform traces is an operand of
///   the program, so `grad` sees through it while that transform runs.
/// - It composes with every transform in both orders (`grad(compile(f))`,
///   `compile(grad(f))`, `vmap`, `jvp`, Jacobians, `compile(compile(f))`),
///   and the compiled function may be called from many threads at once.
/// - Printing inside `f` prints while tracing only.
///
/// The recorded program is simplified (constants folded, identities such
/// as `x * 1` removed, common subexpressions merged, dead code dropped);
/// a program of single numbers runs on plain registers; in others, chains
/// of elementwise operations run fused, one pass over memory a tile at a
/// time. `compiledProgram(_:at:)` prints what was compiled.
public func compile(_ f: @escaping (Tensor) -> Tensor) -> (Tensor) -> Tensor {
    let compiled = CompiledFunction()
    return { x in compiled([x], CompileSignature([x])) { xs in ([f(xs[0])], nil) }.tensors[0] }
}

/// `compile` of a function of two tensors.
public func compile(_ f: @escaping (Tensor, Tensor) -> Tensor) -> (Tensor, Tensor) -> Tensor {
    let compiled = CompiledFunction()
    return { a, b in compiled([a, b], CompileSignature([a, b])) { xs in ([f(xs[0], xs[1])], nil) }.tensors[0] }
}

/// `compile` of a function between containers of tensors (a model, an
/// array, a dictionary). The signature also holds the input's structure:
/// its type, and everything but its tensors' numbers (array lengths,
/// dictionary keys, other stored values), so a different structure is
/// traced anew. For an `Encodable` input that is what its encoding writes
/// (fast: a few words a field); for any other, what `String(describing:)`
/// shows, which costs tens of microseconds a call on a model through
/// `Mirror`. The output's parts other than tensors are those of the trace.
public func compile<Input: TensorContainer, Output: TensorContainer>(
    _ f: @escaping (Input) -> Output
) -> (Input) -> Output {
    let compiled = CompiledFunction()
    return { input in
        let xs = input.tensors
        var signature = CompileSignature(xs)
        signature.appendStructure(of: input)
        let (tensors, template) = compiled(xs, signature) { xs in
            let output = f(input.replacingTensors(with: xs))
            return (output.tensors, output)
        }
        return (template as! Output).replacingTensors(with: tensors)
    }
}

/// What `compile(f)` runs for inputs shaped like `x`, the optimised program
/// with its fused groups, to print (as JAX's `make_jaxpr`). `f` is traced
/// at `x` as the first call of `compile(f)` would trace it.
///
/// ```swift
/// print(compiledProgram({ x in (sin(x) * exp(-x * x)).sum() }, at: Tensor.zeros([1000])))
/// // program(in0: f32[1000]) {
/// //   fused f32[1000] -> %4 {
/// //     %0 = sin in0
/// //     %1 = neg in0
/// //     %2 = mul %1, in0
/// //     %3 = exp %2
/// //     %4 = mul %0, %3
/// //   }
/// //   %5 = sum(axes: [0]) %4 : f32[]
/// //   return %5
/// // }
/// ```
public func compiledProgram(_ f: (Tensor) -> Tensor, at x: Tensor) -> CompiledProgram {
    CompiledProgram([x]) { xs in ([f(xs[0])], nil) }
}

/// `compiledProgram` of a function of two tensors.
public func compiledProgram(_ f: (Tensor, Tensor) -> Tensor, at a: Tensor, _ b: Tensor) -> CompiledProgram {
    CompiledProgram([a, b]) { xs in ([f(xs[0], xs[1])], nil) }
}

/// `compiledProgram` of a function between containers of tensors.
public func compiledProgram<Input: TensorContainer, Output: TensorContainer>(
    _ f: (Input) -> Output, at input: Input
) -> CompiledProgram {
    CompiledProgram(input.tensors) { xs in (f(input.replacingTensors(with: xs)).tensors, nil) }
}

/// A compiled program as text (its `description`), with counts for tests
/// and tools: one line an instruction, `in0` the first input, `cap0` the
/// first captured tensor, `%7` the result of instruction 7, and each fused
/// group a block headed by its shape and the values it writes to memory.
public struct CompiledProgram: CustomStringConvertible, Sendable {
    public let description: String
    /// The instructions of the optimised program, fused or not.
    public let instructionCount: Int
    /// How many instructions each fused group holds, in the order they run.
    public let fusedGroupSizes: [Int]
    /// Whether it runs on plain registers (every value a single number).
    public let runsOnRegisters: Bool

    init(_ xs: [Tensor], _ body: ([Tensor]) -> (tensors: [Tensor], template: Any?)) {
        let trace = CompiledFunction.trace(xs, body).0
        let fused = trace.fused ?? trace.program.fused()
        runsOnRegisters = trace.scalar != nil
        description = (runsOnRegisters ? "// single numbers: runs on registers\n" : "") + fused.description
        instructionCount = trace.program.instructions.count
        fusedGroupSizes = fused.steps.compactMap { step in
            if case .group(let g) = step { fused.groups[g].members.count } else { nil }
        }
    }
}

/// How many traces one compiled function keeps, over all its signatures
/// and guard outcomes. Past it, the function runs eagerly.
public let compileTraceLimit = 64

/// A compiled function of a list of tensors: its cache of traces.
final class CompiledFunction: Sendable {
    /// One recording of the function: valid for its signature where its
    /// guards read the same numbers. `template` is the output it was
    /// recorded with, for its structure.
    // @unchecked Sendable: sound. All constants: a Program (see there), the
    // captured tensors (Sendable), and `template`, an output value kept only
    // for its structure and never written.
    struct Trace: @unchecked Sendable {
        let program: Program
        let captures: [Tensor]
        let template: Any?
        /// The program on plain numbers, when it is all single numbers.
        let scalar: ScalarProgram?
        /// The program with its elementwise chains fused, otherwise.
        let fused: FusedProgram?

        init(program: Program, captures: [Tensor], template: Any?) {
            self.program = program.optimized()
            self.captures = captures
            self.template = template
            scalar = ScalarProgram(self.program)
            fused = scalar == nil ? self.program.fused() : nil
        }

        /// The outputs at `xs`, or nil where a guard reads other numbers.
        func run(_ xs: [Tensor]) -> [Tensor]? {
            if let fused { return fused.runCheckingGuards(inputs: xs, captures: captures) }
            if let scalar, !Inspection.isOn, xs.allSatisfy({ $0.tracer == nil }), captures.allSatisfy({ $0.tracer == nil }) {
                return scalar.run(inputs: xs, captures: captures)
            }
            return program.runCheckingGuards(inputs: xs, captures: captures)
        }
    }

    private struct Cache {
        var traces: [CompileSignature: [Trace]] = [:]
        var count = 0
        var warned = false
    }

    private let cache = Locked(Cache())

    /// The outputs at `xs`, from a trace that holds there or from a new
    /// trace of `body`; `key` is the signature of `xs` and of the value
    /// they came from.
    func callAsFunction(
        _ xs: [Tensor], _ key: CompileSignature, _ body: ([Tensor]) -> (tensors: [Tensor], template: Any?)
    ) -> (tensors: [Tensor], template: Any?) {
        let traces = cache.withLock { $0.traces[key] ?? [] }
        for trace in traces {
            if let ys = trace.run(xs) { return (ys, trace.template) }
        }
        let full = cache.withLock { cache -> Bool in
            if cache.count < compileTraceLimit { return false }
            if !cache.warned {
                cache.warned = true
                printWarning("compile: the function was traced \(compileTraceLimit) times (new shapes, or numbers it reads that differ from call to call); it runs eagerly from now on")
            }
            return true
        }
        if full { return body(xs) }
        let (trace, values) = Self.trace(xs, body)
        cache.withLock { cache in
            cache.traces[key, default: []].append(trace)
            cache.count += 1
        }
        // Nothing traces the inputs or the captures: the recorded numbers are
        // the results. Otherwise the program runs on the traced inputs, so
        // that the transforms around see its primitives.
        if let values { return (values, trace.template) }
        return trace.run(xs).map { ($0, trace.template) } ?? body(xs)
    }
}

extension CompiledFunction {
    /// `body` traced at `xs`, and its results there when nothing traces
    /// the inputs or the captures (then they are the recorded numbers).
    static func trace(
        _ xs: [Tensor], _ body: ([Tensor]) -> (tensors: [Tensor], template: Any?)
    ) -> (Trace, [Tensor]?) {
        staging("compile", readsBecomeGuards: true) { staging -> (Trace, [Tensor]?) in
            let (ys, template) = body(xs.map { staging.input($0) })
            let isClosed = staging.isClosed(over: ys, xs)
            var structure: Any?
            if let container = template as? any TensorContainer { structure = untraced(container) }
            let trace = Trace(program: staging.program(outputs: ys), captures: staging.captures, template: structure)
            return (trace, isClosed ? ys.map(staging.value) : nil)
        }
    }
}

/// A container's structure without the staged tensors (which would keep
/// the recording's numbers alive): a number in place of each.
private func untraced(_ container: some TensorContainer) -> Any {
    container.mapTensors { _ in Tensor(number: Float(0)) }
}

/// Writes one line to standard error.
func printWarning(_ message: String) {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
