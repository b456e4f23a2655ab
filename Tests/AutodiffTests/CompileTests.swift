@testable import Autodiff
import Dispatch
import Testing

/// `compile`: traced once per signature, replayed after, equal to eager in
/// every transform around or inside it; guards on numbers read.
@Suite("compile")
struct CompileTests {
    @Test("compiled equals eager, and so do its derivatives, in both orders", arguments: primitiveCases)
    func compiledEqualsEager(_ c: GradientCase) {
        let compiled = compile { (xs: [Tensor]) in c.f(xs) }
        for seed in [UInt64(3), 4] {
            let xs = c.inputs(seed: seed)
            #expect(matches(compiled(xs), c.f(xs), rtol: 1e-12, atol: 1e-14), "\(c.name) value")
            let eager = grad { c.f($0).sum() }(xs)
            let outside = grad { compiled($0).sum() }(xs)
            let inside = compile(grad { (xs: [Tensor]) in c.f(xs).sum() })(xs)
            for i in xs.indices {
                #expect(matches(outside[i], eager[i], rtol: 1e-12, atol: 1e-14), "\(c.name) grad(compile) operand \(i)")
                #expect(matches(inside[i], eager[i], rtol: 1e-12, atol: 1e-14), "\(c.name) compile(grad) operand \(i)")
            }
        }
    }

    @Test func theBodyRunsOncePerSignature() {
        let runs = LockedCounter(0)
        let f = compile { (x: Tensor) in
            runs.withLock { $0 += 1 }
            return sin(x) * x + 1
        }
        for k in 0..<5 {
            let x = Tensor.randomNormal([3], seed: UInt64(k))
            #expect(matches(f(x), sin(x) * x + 1))
        }
        #expect(runs.withLock { $0 } == 1)
        // A new shape and a new dtype are new signatures; earlier ones stay cached.
        _ = f(Tensor.zeros([4]))
        _ = f(Tensor.zeros([3], dtype: .float64))
        _ = f(Tensor.ones([3]))
        _ = f(Tensor.ones([4]))
        #expect(runs.withLock { $0 } == 3)
    }

    @Test func numbersReadWhileTracingAreGuards() {
        let runs = LockedCounter(0)
        let f = { (x: Tensor) -> Tensor in
            runs.withLock { $0 += 1 }
            return x.sum().item() > 0 ? x * 2 : -x * x
        }
        let compiled = compile(f)
        for k in 0..<8 {
            let x = k % 2 == 0 ? Tensor([1, 2]) : Tensor([-1, -2])
            #expect(compiled(x).scalars == f(x).scalars)
            #expect(grad { compiled($0).sum() }(x).scalars == grad { f($0).sum() }(x).scalars)
        }
        // Two traces, one per branch (the eager calls above ran f 16 times more).
        #expect(runs.withLock { $0 } == 2 + 16)
        // A guard compares the numbers read: other inputs with the same sum
        // replay, others trace again, and each gives eager's answer.
        #expect(compiled(Tensor([2, 1])).scalars == [4, 2])
        #expect(runs.withLock { $0 } == 18)
        #expect(compiled(Tensor([-3, 1])).scalars == [-9, -1])
        #expect(runs.withLock { $0 } == 19)
    }

    @Test func readingAComparisonSharesATraceAcrossInputs() {
        let runs = LockedCounter(0)
        let compiled = compile { (x: Tensor) -> Tensor in
            runs.withLock { $0 += 1 }
            return (x.sum() .> 0).item() == 1 ? x * 2 : -x * x
        }
        for k in 0..<8 {
            let x = Tensor.randomNormal([3], seed: UInt64(k))
            let expected = x.sum().item() > 0 ? x * 2 : -x * x
            #expect(compiled(x).scalars == expected.scalars)
        }
        #expect(runs.withLock { $0 } <= 2)
    }

    /// The book's 2.5.4 function: a while loop on a norm, a branch on a sum.
    @Test func theBooksControlFlowOverManyInputs() {
        func f(_ a: Tensor) -> Tensor {
            var b = a * 2
            while norm(b).item() < 1000 { b = b * 2 }
            return b.sum().item() > 0 ? b : 100 * b
        }
        let compiled = compile(f)
        let gradient = compile(grad(f))
        for seed in 0..<12 {
            let a = Tensor.randomNormal([], seed: UInt64(seed)) * Float(1 + seed * 10)
            #expect(compiled(a).item() == f(a).item())
            #expect(gradient(a).item() == grad(f)(a).item())
            #expect(matches(grad(compiled)(a), f(a) / a))
        }
    }

    @Test func capturedTensorsAreConstantsAndCapturedTracersOperands() {
        let c = Tensor([1, 2, 3])
        let scaled = compile { (x: Tensor) in x * c }
        #expect(scaled(Tensor([1, 1, 1])).scalars == [1, 2, 3])
        #expect(grad { scaled($0).sum() }(Tensor([5, 5, 5])).scalars == [1, 2, 3])
        // A compiled function made inside grad that captures its variable.
        let g = grad { (w: Tensor) in
            let f = compile { (x: Tensor) in (x * w * w).sum() }
            return f(Tensor([1, 1])) + f(Tensor([2, 2]))
        }(Tensor([3, 4]))
        #expect(g.scalars == [18, 24])
    }

    @Test func composesWithEveryTransform() {
        let f = { (x: Tensor) in tanh(x) * x.sum() + exp(-x * x) }
        let c = compile(f)
        let x = Tensor.randomNormal([3], seed: 9, dtype: .float64)
        let v = Tensor.randomNormal([3], seed: 10, dtype: .float64)
        let xs = Tensor.randomNormal([4, 3], seed: 11, dtype: .float64)
        let pairs: [(String, (@escaping (Tensor) -> Tensor) -> Tensor)] = [
            ("vjp", { g in vjp(g, at: x).pullback(v) }),
            ("jvp", { g in jvp(g, at: x, tangent: v).tangent }),
            ("vmap", { g in vmap(g)(xs) }),
            ("jacrev", { g in jacrev(g)(x) }),
            ("jacfwd", { g in jacfwd(g)(x) }),
            ("hessian", { g in hessian { g($0).sum() }(x) }),
            ("vmap of grad", { g in vmap(grad { g($0).sum() })(xs) }),
        ]
        for (name, transform) in pairs {
            let eager = transform(f)
            #expect(matches(transform(c), eager, rtol: 1e-12, atol: 1e-14), "\(name) of compile")
            #expect(matches(transform(compile(compile(f))), eager, rtol: 1e-12, atol: 1e-14), "\(name) of compile of compile")
        }
        #expect(matches(compile(jacrev(f))(x), jacrev(f)(x), rtol: 1e-12))
        #expect(matches(compile(hessian { f($0).sum() })(x), hessian { f($0).sum() }(x), rtol: 1e-12))
        #expect(matches(compile(vmap(f))(xs), vmap(f)(xs), rtol: 1e-12))
        let twoArguments = compile { (a: Tensor, b: Tensor) in (a * b).sum() }
        #expect(twoArguments(x, v).doubleItem() == (x * v).sum().doubleItem())
        #expect(matches(grad(twoArguments)(x, v).0, v))
    }

    @Test func conventionsSurvive() {
        let safe = compile { (x: Tensor) in select(x .< 1, x, sqrt(x)) }
        #expect(grad { safe($0).sum() }(Tensor([0, 4])).scalars == [1, 0.25])
        let relu0 = compile { (x: Tensor) in relu(x) }
        #expect(grad { relu0($0).sum() }(Tensor([0])).scalars == [0])
        let normed = compile { (x: Tensor) in norm(x) }
        #expect(grad(normed)(Tensor.zeros([3])).scalars == [0, 0, 0])
    }

    @Test func theNaNCheckNamesThePrimitiveInsideACompiledProgram() {
        let f = compile { (x: Tensor) in (log(x) * 2).sum() }
        _ = f(Tensor([1, 2, 3]))  // traced here, replayed below
        let (value, anomaly) = withNaNCheck { f(Tensor([1, -1, 2])) }
        #expect(value.item().isNaN && anomaly?.operation == "log")
        // A program of single numbers, which otherwise runs on registers.
        let g = compile { (x: Tensor) in log(x) * 2 }
        _ = g(Tensor(1))
        #expect(withNaNCheck { g(Tensor(-1)) }.anomaly?.operation == "log")
    }

    @Test func containers() {
        struct Layer: TensorContainer {
            var weight: Tensor
            var scale: Float
            func mapTensors(_ transform: (Tensor) -> Tensor) -> Layer { Layer(weight: transform(weight), scale: scale) }
        }
        let apply = compile { (layer: Layer) -> [Tensor] in [layer.weight * layer.scale, layer.weight.sum()] }
        let a = apply(Layer(weight: Tensor([1, 2]), scale: 2))
        #expect(a[0].scalars == [2, 4] && a[1].item() == 3)
        // Another value of a non-tensor part is another signature.
        let b = apply(Layer(weight: Tensor([1, 2]), scale: 3))
        #expect(b[0].scalars == [3, 6])
        let byName = compile { (d: [String: Tensor]) in ["sum": d["a"]! + d["b"]!] }
        #expect(byName(["a": Tensor([1]), "b": Tensor([2])])["sum"]!.scalars == [3])
    }

    @Test func aRuleThatReadsNumbersInsideCompile() {
        let f = { (x: Tensor) in checkpoint { (y: Tensor) in y.sum().item() > 0 ? y * 2 : -y }(x) }
        let compiled = compile(f)
        for k in 0..<4 {
            let x = Tensor([1, 2]) * (k % 2 == 0 ? 1 : -1)
            #expect(compiled(x).scalars == f(x).scalars)
        }
    }

    @Test func manyThreadsShareOneCompiledFunction() {
        let f = compile { (x: Tensor) in (x * x).sum() }
        let failures = LockedCounter(0)
        nonisolated(unsafe) let shared = f
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            for i in 0..<100 {
                let x = Tensor.full([1 + (t + i) % 3], Float(t))
                let expected = Float(t * t * (1 + (t + i) % 3))
                let gradient = grad { shared($0) }(x)
                if shared(x).item() != expected || gradient.scalars != (2 * x).scalars {
                    failures.withLock { $0 += 1 }
                }
            }
        }
        #expect(failures.withLock { $0 } == 0)
    }

    @Test func pastTheTraceLimitItRunsEagerly() {
        let runs = LockedCounter(0)
        let f = compile { (x: Tensor) in
            runs.withLock { $0 += 1 }
            return x * 3
        }
        for n in 1...(compileTraceLimit + 5) {
            #expect(f(Tensor.ones([n])).scalars == [Float](repeating: 3, count: n))
        }
        #expect(runs.withLock { $0 } == compileTraceLimit + 5)
        _ = f(Tensor.ones([1]))  // still cached
        #expect(runs.withLock { $0 } == compileTraceLimit + 5)
    }

    @Test func shapeErrorsWhileTracingHaveEagersMessage() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = compile { (x: Tensor) in x + Tensor.zeros([5]) }(Tensor.zeros([3, 4]))
        }
        let message = stderrText(result)
        #expect(message.contains("add") && message.contains("[3, 4]") && message.contains("[5]"))
    }

    /// Equal shapes (allClose alone broadcasts) and close numbers.
    func matches(_ a: Tensor, _ b: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8) -> Bool {
        a.shape == b.shape && a.dtype == b.dtype && allClose(a, b, rtol: rtol, atol: atol)
    }
}
