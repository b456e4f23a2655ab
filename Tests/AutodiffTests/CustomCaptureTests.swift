@testable import Autodiff
import Testing

/// Custom rules and `checkpoint` whose functions capture tensors that an
/// enclosing transform traces (issue: they were dispatched on their
/// arguments alone, so a capture gave a wrong tangent or a leaked tracer).
///
/// The matrix: every rule kind (checkpoint, and customVJP / customJVP with
/// the true derivative) times every way of capturing (a constant; the
/// variable of an outer transform; only the capture traced; a value made
/// inside an inner grad, jvp or vmap; nested two deep) times every
/// transform around it, compared with the same function with no rule. A
/// rule with a true derivative must give exactly the plain function's
/// derivatives; rules with deliberately scaled derivatives then show that
/// the rule is used for the argument and the true derivative for captures.
@Suite("custom rules that capture traced values")
struct CustomCaptureTests {
    /// The body of every rule: elementwise in `y`, with a capture `c` that
    /// broadcasts against it.
    static func body(_ y: Tensor, _ c: Tensor) -> Tensor { sin(y) * c + y * y * exp(c) }
    /// Its derivative in `y`, for the hand-written rules.
    static func slope(_ y: Tensor, _ c: Tensor) -> Tensor { cos(y) * c + 2 * y * exp(c) }

    /// A way of wrapping `body(_, c)` in a rule; `scale` multiplies the
    /// hand-written derivative (1: the true one).
    struct Kind: CustomTestStringConvertible, Sendable {
        let name: String
        let wrap: @Sendable (_ c: Tensor, _ scale: Float) -> (Tensor) -> Tensor
        var testDescription: String { name }
    }

    static let plain = Kind(name: "no rule") { c, _ in { y in body(y, c) } }
    static let kinds: [Kind] = [
        Kind(name: "checkpoint") { c, _ in checkpoint { y in body(y, c) } },
        Kind(name: "customVJP") { c, scale in
            customVJP { y in (value: body(y, c), pullback: { g in scale * g * slope(y, c) }) }
        },
        Kind(name: "customJVP") { c, scale in
            customJVP({ y in body(y, c) }, differential: { y, dy in scale * dy * slope(y, c) })
        },
    ]

    /// A function of a vector `x` of 3 that applies a rule made by `rule`
    /// in some way of capturing.
    struct Capture: CustomTestStringConvertible, Sendable {
        let name: String
        let f: @Sendable (_ rule: @escaping (Tensor) -> (Tensor) -> Tensor, _ x: Tensor) -> Tensor
        var testDescription: String { name }
    }

    static let e = Tensor(shape: [2, 3], scalars: [0.3, -0.2, 0.5, 0.1, 0.4, -0.6])
    static let captures: [Capture] = [
        Capture(name: "a constant") { rule, x in rule(Tensor(shape: [3], scalars: [0.5, -1.0, 2.0]))(x) },
        Capture(name: "the variable, and applied to it") { rule, x in rule(x * 0.5)(x) },
        Capture(name: "the variable, applied to a constant") { rule, x in rule(x)(Tensor(shape: [3], scalars: [0.7, 0.2, -0.4])) },
        Capture(name: "a value of an inner grad") { rule, x in
            grad { (z: Tensor) in rule(x * z)(z).sum() }(x * 0.7)
        },
        Capture(name: "a value of an inner jvp") { rule, x in
            jvp({ (z: Tensor) in rule(z * x)(z) }, at: x, tangent: Tensor.ones(like: x)).tangent
        },
        Capture(name: "an inner vmap's example, applied to the outer variable") { rule, x in
            vmap { (example: Tensor) in rule(example)(x) }(e + x).sum(axis: 0)
        },
        Capture(name: "nested two deep (vmap inside grad)") { rule, x in
            grad { (z: Tensor) in
                vmap { (example: Tensor) in rule(example * z)(z * x) }(e).sum()
            }(x)
        },
        Capture(name: "a rule inside a rule") { rule, x in rule(x)(rule(x * x)(x)) },
    ]

    /// Transforms applied around a function of a vector, each giving one
    /// tensor to compare.
    static let transforms: [(name: String, apply: @Sendable (@escaping (Tensor) -> Tensor) -> Tensor)] = [
        ("value", { f in f(x) }),
        ("grad", { f in grad { f($0).sum() }(x) }),
        ("jvp", { f in jvp(f, at: x, tangent: v).tangent }),
        ("vjp", { f in vjp(f, at: x).pullback(v) }),
        ("vmap", { f in vmap(f)(xs) }),
        ("jacrev", { f in jacrev(f)(x) }),
        ("jacfwd", { f in jacfwd(f)(x) }),
        ("hessian", { f in hessian { f($0).sum() }(x) }),
        ("grad of grad", { f in grad { grad { f($0).sum() }($0).sum() }(x) }),
        ("vmap of grad", { f in vmap(grad { f($0).sum() })(xs) }),
        ("grad of vmap", { f in grad { (vmap(f)($0) * xs).sum() }(xs) }),
        ("compile, replayed at another point", { f in
            let compiled = compile(f)
            _ = compiled(x * 0.5)
            return compiled(x)
        }),
        ("grad of compile", { f in grad { compile(f)($0).sum() }(x) }),
        ("compile of grad", { f in compile(grad { f($0).sum() })(x) }),
    ]
    static let x = Tensor(shape: [3], scalars: [0.4, -0.9, 1.3])
    static let v = Tensor(shape: [3], scalars: [1.0, -2.0, 0.5])
    static let xs = Tensor(shape: [2, 3], scalars: [0.4, -0.9, 1.3, -0.2, 0.6, 0.8])

    @Test("a rule with the true derivative changes no derivative", arguments: kinds, captures)
    func trueRuleMatchesThePlainFunction(_ kind: Kind, _ capture: Capture) {
        let ruled = { (x: Tensor) in capture.f({ c in kind.wrap(c, 1) }, x) }
        let reference = { (x: Tensor) in capture.f({ c in Self.plain.wrap(c, 1) }, x) }
        for transform in Self.transforms {
            let got = transform.apply(ruled), expected = transform.apply(reference)
            #expect(got.shape == expected.shape, "\(transform.name)")
            #expect(allClose(got, expected, rtol: 1e-10, atol: 1e-12), "\(transform.name): \(got) vs \(expected)")
        }
    }

    /// d/dx of rule(c(x))(y(x)) with the rule's argument derivative scaled:
    /// scale * slope * y' + ∂body/∂c * c'.
    @Test("the rule covers its argument, the capture is differentiated through the value",
          arguments: [Self.kinds[1], Self.kinds[2]])
    func scaledRuleShowsWhereItIsUsed(_ kind: Kind) {
        let x = Self.x
        let scaled = { (x: Tensor) in kind.wrap(x * 0.5, 3)(x * x) }
        let y = x * x, c = x * 0.5
        let dBodyDc = sin(y) + y * y * exp(c)
        let expected = 3 * Self.slope(y, c) * 2 * x + dBodyDc * 0.5
        #expect(allClose(grad { scaled($0).sum() }(x), expected, rtol: 1e-10))
        #expect(allClose(jacrev(scaled)(x), Self.diagonal(expected), rtol: 1e-10))
        // Forward mode uses customJVP's rule, and differentiates customVJP's value.
        let forward = kind.name == "customJVP" ? expected : Self.slope(y, c) * 2 * x + dBodyDc * 0.5
        #expect(allClose(jvp(scaled, at: x, tangent: Tensor.ones(like: x)).tangent, forward, rtol: 1e-10))
        #expect(allClose(jacfwd(scaled)(x), Self.diagonal(forward), rtol: 1e-10))
        // Per example under vmap, as a loop over the examples.
        let xs = Self.xs
        let batched = vmap(grad { scaled($0).sum() })(xs)
        for i in 0..<2 {
            #expect(allClose(batched[i], grad { scaled($0).sum() }(xs[i]), rtol: 1e-10))
        }
    }

    @Test func theIssuesThreeCases() {
        // jvp: the tangent through the capture counts (was 2.0, silently).
        let forward = jvp({ (x: Tensor) in checkpoint { (y: Tensor) in x * y }(x) }, at: Tensor(2), tangent: Tensor(1))
        #expect(forward.value.item() == 4 && forward.tangent.item() == 4)
        // grad: was a leaked-tracer trap.
        #expect(grad { (x: Tensor) in checkpoint { (y: Tensor) in x * y }(x) }(Tensor(2)).item() == 4)
        // vmap: was a 3 x 3 outer product still traced by the finished vmap.
        let mapped = vmap { (x: Tensor) in checkpoint { (y: Tensor) in x * y }(x) }(Tensor([0, 1, 2]))
        #expect(mapped.shape == [3] && mapped.scalars == [0, 1, 4])
        for wrap in [{ (x: Tensor) in customVJP { (y: Tensor) in (value: x * y, pullback: { g in g * x }) } },
                     { (x: Tensor) in customJVP({ (y: Tensor) in x * y }, differential: { _, dy in dy * x }) }] {
            #expect(jvp({ x in wrap(x)(x) }, at: Tensor(2), tangent: Tensor(1)).tangent.item() == 4)
            #expect(grad { x in wrap(x)(x) }(Tensor(2)).item() == 4)
            #expect(vmap { x in wrap(x)(x) }(Tensor([0, 1, 2])).scalars == [0, 1, 4])
        }
    }

    /// JAX's regression test for its issue 8783: a rule made inside vmap,
    /// capturing the example, applied to the variable of an outer jvp.
    @Test func ruleMadeInsideVMapAppliedToAnOuterVariable() {
        let examples = Tensor([1, 2, 3]).cast(to: .float64)
        let f = { (x: Tensor) in
            vmap { (e: Tensor) in
                customVJP { (y: Tensor) in (value: sin(y) * e, pullback: { g in g * cos(y) * e }) }(x)
            }(examples)
        }
        let x = Tensor(0.5).cast(to: .float64)
        #expect(allClose(jvp(f, at: x, tangent: Tensor(1).cast(to: .float64)).tangent, cos(x) * examples))
        #expect(allClose(grad { f($0).sum() }(x), (cos(x) * examples).sum()))
    }

    /// The common training step: the gradient of a per-example loss summed
    /// over a vmap whose layer is checkpointed and captures the parameters.
    @Test func perExampleTrainingStepWithACheckpointedLayer() {
        let inputs = Tensor.randomNormal([5, 4], seed: 1, dtype: .float64)
        let targets = Tensor.randomNormal([5, 2], seed: 2, dtype: .float64)
        let parameters = [Tensor.randomNormal([3, 4], seed: 3, dtype: .float64), Tensor.randomNormal([2, 3], seed: 4, dtype: .float64)]
        func loss(_ p: [Tensor], remat: Bool) -> Tensor {
            let hidden = { (x: Tensor) in tanh(dot(p[0], x)) }
            let layer = remat ? checkpoint(hidden) : hidden
            let perExample = vmap { (pair: [Tensor]) in
                let error = dot(p[1], layer(pair[0])) - pair[1]
                return (error * error).sum()
            }
            return perExample([inputs, targets]).mean()
        }
        let saved = grad { loss($0, remat: true) }(parameters)
        let plain = grad { loss($0, remat: false) }(parameters)
        for (s, p) in zip(saved, plain) { #expect(allClose(s, p, rtol: 1e-12, atol: 1e-14)) }
        // Per-example gradients through the checkpointed layer.
        let perExample = vmap { (pair: [Tensor]) in
            grad { (w: Tensor) in tanh(dot(w, checkpoint { x in x * 2 }(pair[0]))).sum() }(parameters[0]) + pair[1].sum()
        }([inputs, targets])
        #expect(perExample.shape == [5, 3, 4])
    }

    @Test func checkpointKeepsOneRecordAndRecordsNothingWhileStaging() {
        let w = Tensor([1, 2, 3])
        let block = { (x: Tensor) in tanh(sin(x) * exp(x)) * w }
        // The capture is a constant here, so the record has one operand.
        let records = recordedOperations({ checkpoint(block)($0) }, at: Tensor([0.1, 0.2, 0.3]))
        #expect(records.map(\.name) == ["input", "checkpoint"])
        // A traced capture is an operand of the one record.
        let tape = GradientTape()
        let p = tape.watch(w)
        let y = checkpoint { (x: Tensor) in tanh(x) * p }(tape.watch(Tensor([0.5, 0.5, 0.5])))
        #expect(allClose(tape.gradient(of: y.sum(), wrt: p), tanh(Tensor([0.5, 0.5, 0.5]))))
        tape.finish()
    }

    @Test func rulesOfSeveralArguments() {
        let a = Tensor([0.5, 1.5]).cast(to: .float64), b = Tensor([2.0, -1.0]).cast(to: .float64)
        let product = customVJP { (x: [Tensor]) in
            (value: x[0] * x[1], pullback: { g in [g * x[1], g * x[0] * 10] })
        }
        let g = grad { (x: [Tensor]) in product(x).sum() }([a, b])
        #expect(allClose(g[0], b) && allClose(g[1], a * 10))
        let linear = customJVP({ (x: [Tensor]) in x[0] * x[1] }, differential: { x, dx in dx[0] * x[1] + x[0] * dx[1] })
        let h = grad { (x: [Tensor]) in linear(x).sum() }([a, b])
        #expect(allClose(h[0], b) && allClose(h[1], a))
        let remat = checkpoint { (x: [Tensor]) in sin(x[0]) * x[1] }
        let k = grad { (x: [Tensor]) in remat(x).sum() }([a, b])
        #expect(allClose(k[0], cos(a) * b) && allClose(k[1], sin(a)))
    }

    @Test func outsideEveryTransformTheFunctionJustRuns() {
        let c = Tensor([1, 2])
        #expect(checkpoint { $0 * c }(Tensor([3, 4])).scalars == [3, 8])
        #expect(customVJP { (y: Tensor) in (value: y * c, pullback: { g in g }) }(Tensor([3, 4])).scalars == [3, 8])
        // Value-dependent control flow in the function sees real numbers.
        let branchy = checkpoint { (y: Tensor) in y.sum().item() > 0 ? y * 2 : -y }
        #expect(grad { branchy($0).sum() }(Tensor([1, 2])).scalars == [2, 2])
        #expect(grad { branchy($0).sum() }(Tensor([-1, -2])).scalars == [-1, -1])
    }

    /// stopGradient, comparisons and select inside a rule are instructions
    /// of its program, not numbers frozen when it was recorded.
    @Test func operationsWithoutDerivativeAreRecorded() {
        let c = Tensor(shape: [3], scalars: [0.1, 0.5, -0.3])
        let body = { (y: Tensor) in select(y .> c, y * c, stopGradient(y) * y) + sign(y) * relu(y - c) }
        let ruled = checkpoint(body)
        for transform in Self.transforms {
            #expect(allClose(transform.apply(ruled), transform.apply(body), rtol: 1e-12, atol: 1e-14), "\(transform.name)")
        }
        // A pullback may choose by its cotangent with select: it is replayed
        // for each real cotangent.
        let clipped = customVJP { (y: Tensor) in (value: y * 2, pullback: { g in select(g .> 1, Tensor.ones(like: g), g) * 2 }) }
        let (_, pullback) = vjp(clipped, at: Self.x)
        #expect(pullback(Self.v).doubles == [2, -4, 1])
        // It may read the numbers of the point: they are the same at every replay.
        let signed = customVJP { (y: Tensor) in (value: y, pullback: { g in y.sum().item() > 0 ? g : -g }) }
        #expect(grad { signed($0).sum() }(Self.x).doubles == [1, 1, 1])
    }

    @Test func anEmptyBatch() {
        let c = Tensor([1, 2, 3])
        let y = vmap(checkpoint { $0 * c })(Tensor.zeros([0, 3]))
        #expect(y.shape == [0, 3])
        let g = vmap(grad { (x: Tensor) in customVJP { (y: Tensor) in (value: sin(y), pullback: { $0 * cos(y) }) }(x * c).sum() })(Tensor.zeros([0, 3]))
        #expect(g.shape == [0, 3])
    }

    @Test func aPullbackMayNotReadItsCotangent() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let f = customVJP { (y: Tensor) in (value: y * y, pullback: { g in g.item() > 0 ? g : -g }) }
            _ = grad { f($0) }(Tensor(2))
        }
        let message = stderrText(result)
        #expect(message.contains("customVJP") && message.contains("item()") && message.contains("cotangent") && message.contains("select"))
    }

    @Test func aPullbackMustShapeItsCotangentLikeTheInput() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let f = customVJP(name: "softclip") { (y: Tensor) in (value: y * y, pullback: { g in g.sum() }) }
            _ = grad { f($0).sum() }(Tensor([1, 2]))
        }
        let message = stderrText(result)
        #expect(message.contains("softclip") && message.contains("shape []") && message.contains("[2]"))
    }

    @Test func aDifferentialMustShapeItsTangentLikeTheValue() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let f = customJVP({ (y: Tensor) in y * y }, differential: { _, dy in dy.sum() })
            _ = jvp(f, at: Tensor([1, 2]), tangent: Tensor([1, 1]))
        }
        let message = stderrText(result)
        #expect(message.contains("customJVP") && message.contains("shape []") && message.contains("[2]"))
    }

    static func diagonal(_ d: Tensor) -> Tensor {
        Tensor.eye(d.count, dtype: d.dtype) * d.reshaped([1, -1])
    }
}
