@testable import Autodiff
import Testing

/// Every batching rule is checked against a loop over the examples, with
/// every combination of batched and unbatched operands; then through
/// derivatives (grad of vmap, vmap of grad) and by the Jacobians built on
/// it, against central differences.
@Suite("vmap and batched Jacobians")
struct VMapTests {
    static let batch = 3

    /// Each example's inputs: operand `i` of example `e`, in float64.
    static func examples(_ c: GradientCase) -> [[Tensor]] {
        (0..<batch).map { e in c.inputs(seed: 1000 &+ UInt64(e) &* 17) }
    }

    /// Every non-empty choice of batched operands.
    static func masks(_ count: Int) -> [[Bool]] {
        (1..<(1 << count)).map { bits in (0..<count).map { bits & (1 << $0) != 0 } }
    }

    @Test("batching rule agrees with a loop", arguments: primitiveCases)
    func batchingRuleAgreesWithLoop(_ c: GradientCase) {
        let examples = Self.examples(c)
        for mask in Self.masks(c.shapes.count) {
            // Unbatched operands take example 0's value in every example.
            let perExample = examples.map { xs in xs.indices.map { mask[$0] ? xs[$0] : examples[0][$0] } }
            let inputs = c.shapes.indices.map { i in mask[i] ? stack(examples.map { $0[i] }) : examples[0][i] }
            let expected = stack(perExample.map(c.f))
            let got = mapped(c.f, over: inputs, isBatched: mask, Call("test", .here()))
            #expect(got.shape == expected.shape, "\(c.name) \(mask)")
            #expect(allClose(got, expected, rtol: 1e-12, atol: 1e-12), "\(c.name) batched \(mask)")
        }
    }

    @Test("grad through a batched function equals per-example vjps", arguments: primitiveCases)
    func gradOfVMap(_ c: GradientCase) {
        let examples = Self.examples(c)
        let inputs = c.shapes.indices.map { i in stack(examples.map { $0[i] }) }
        let y = vmap(c.f)(inputs)
        let weights = Tensor.randomNormal(y.shape, seed: 5, dtype: .float64)
        let got = grad { xs in (vmap(c.f)(xs) * weights).sum() }(inputs)
        for e in 0..<Self.batch {
            let (_, pullback) = vjp(c.f, at: examples[e])
            let expected = pullback(weights[e])
            for i in inputs.indices {
                #expect(allClose(got[i][e], expected[i], rtol: 1e-10, atol: 1e-12), "\(c.name) example \(e) operand \(i)")
            }
        }
    }

    @Test("jacfwd and jacrev match central differences", arguments: primitiveCases)
    func batchedJacobians(_ c: GradientCase) {
        let xs = c.inputs(seed: 77)
        for i in xs.indices {
            let f = { (x: Tensor) in c.f(replacing(xs, i, with: x)) }
            let numerical = centralJacobian(f, at: xs[i])
            #expect(allClose(jacrev(f)(xs[i]), numerical, rtol: 1e-6, atol: 1e-7), "\(c.name) jacrev operand \(i)")
            #expect(allClose(jacfwd(f)(xs[i]), numerical, rtol: 1e-6, atol: 1e-7), "\(c.name) jacfwd operand \(i)")
        }
    }

    /// The Jacobian by central differences, one column per input element.
    func centralJacobian(_ f: (Tensor) -> Tensor, at x: Tensor, h: Double = 1e-6) -> Tensor {
        let base = x.doubles
        let columns = base.indices.map { j in
            var plus = base, minus = base
            plus[j] += h
            minus[j] -= h
            return ((f(Tensor(shape: x.shape, scalars: plus)) - f(Tensor(shape: x.shape, scalars: minus))) / Float(2 * h))
                .reshaped([-1])
        }
        let outputShape = f(x).shape
        if columns.isEmpty { return Tensor.zeros(outputShape + x.shape, dtype: .float64) }
        return stack(columns, axis: 1).reshaped(outputShape + x.shape)
    }

    @Test func perExampleGradients() {
        // The gradient of a loss per example of a batch: vmap(grad(loss)).
        let w = Tensor.randomNormal([4, 3], seed: 1, dtype: .float64)
        let examples = Tensor.randomNormal([5, 4], seed: 2, dtype: .float64)
        let loss = { (x: Tensor) in relu(dot(x, w)).sum() + abs(x).max() }
        let got = vmap(grad(loss))(examples)
        for e in 0..<5 {
            #expect(allClose(got[e], grad(loss)(examples[e]), rtol: 1e-12))
        }
    }

    @Test func scalarExamples() {
        // Each example a single number: the tape's scalar fast paths must
        // leave batched numbers to the rules.
        let x = Tensor([1, 2, -3])
        let f = { (x: Tensor) in x * x * x + sin(x) * 2 }
        #expect(allClose(vmap(f)(x), x * x * x + sin(x) * 2, rtol: 1e-6))
        #expect(allClose(vmap(grad(f))(x), 3 * x * x + 2 * cos(x), rtol: 1e-6))
        #expect(allClose(vmap(grad(grad(f)))(x), 6 * x - 2 * sin(x), rtol: 1e-5))
    }

    @Test func nestedVMapMapsBothAxes() {
        let x = Tensor.randomNormal([2, 3, 4], seed: 3, dtype: .float64)
        let f = { (row: Tensor) in softmax(row, axis: 0) * sign(row) + maximum(row, Tensor(0.1)) }
        let got = vmap(vmap(f))(x)
        for i in 0..<2 {
            for j in 0..<3 { #expect(allClose(got[i, j], f(x[i, j]), rtol: 1e-12)) }
        }
    }

    @Test func vmapOfJVPAndJVPOfVMap() {
        let x = Tensor.randomNormal([4], seed: 4, dtype: .float64)
        let tangents = Tensor.randomNormal([3, 4], seed: 5, dtype: .float64)
        let f = { (x: Tensor) in sin(x) * x.sum() }
        let got = vmap { v in jvp(f, at: x, tangent: v).tangent }(tangents)
        for e in 0..<3 { #expect(allClose(got[e], jvp(f, at: x, tangent: tangents[e]).tangent, rtol: 1e-12)) }
        let points = Tensor.randomNormal([3, 4], seed: 6, dtype: .float64)
        let pushed = jvp(vmap(f), at: points, tangent: tangents).tangent
        for e in 0..<3 { #expect(allClose(pushed[e], jvp(f, at: points[e], tangent: tangents[e]).tangent, rtol: 1e-12)) }
    }

    @Test func outputIndependentOfTheInputIsRepeated() {
        let c = Tensor([1, 2])
        #expect(vmap { _ in c }(Tensor.zeros([3, 5])).scalars == [1, 2, 1, 2, 1, 2])
    }

    @Test func customRulesRunPerExample() {
        let softplus = customVJP { (x: Tensor) in (value: log(1 + exp(x)), pullback: { g in g * sigmoid(x) }) }
        let x = Tensor.randomNormal([3, 2], seed: 7, dtype: .float64)
        let got = vmap(softplus)(x)
        #expect(allClose(got, log(1 + exp(x)), rtol: 1e-12))
        let g = grad { x in vmap(softplus)(x).sum() }(x)
        #expect(allClose(g, sigmoid(x), rtol: 1e-12))
        #expect(allClose(jacrev(softplus)(x[0]), Tensor.eye(2, dtype: .float64) * sigmoid(x[0]), rtol: 1e-12))
    }

    @Test func largeJacobiansGoInSeveralBatches() {
        // 13 basis vectors in batches of 4 (the last one short).
        let x = Tensor.randomUniform([13], seed: 8, dtype: .float64)
        let f = { (x: Tensor) in sin(x) * x.sum() }
        let whole = jacfwd(f)(x)
        #expect(allClose(forwardJacobian(f, at: x, Call("jacfwd", .here()), batchElements: 4 * 13), whole, rtol: 1e-12))
        #expect(allClose(reverseJacobian(f, at: x, Call("jacrev", .here()), batchElements: 4 * 13), whole, rtol: 1e-12))
        #expect(allClose(whole, centralJacobian(f, at: x), rtol: 1e-6))
    }

    @Test func hessianMatchesClosedForm() {
        // f(x) = sum(tanh(W x)): H = Wᵀ diag(-2 tanh(Wx) (1 - tanh²(Wx))) W.
        let w = Tensor.randomNormal([6, 5], seed: 9, dtype: .float64) / 2
        let x = Tensor.randomNormal([5], seed: 10, dtype: .float64)
        let t = tanh(dot(w, x))
        let expected = matmul(w.transposed() * (-2 * t * (1 - t * t)), w)
        #expect(allClose(hessian { x in tanh(dot(w, x)).sum() }(x), expected, rtol: 1e-10, atol: 1e-12))
    }

    @Test func printingInsideVMapShowsEveryExample() {
        nonisolated(unsafe) var printed = ""
        _ = vmap { x in printed = "\(x)"; return x }(Tensor([[1, 2], [3, 4]]))
        #expect(printed == "vmap batch [[1.0, 2.0],\n [3.0, 4.0]]")
    }

    @Test func readingMappedValuesStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = vmap { x in x.sum().item() > 0 ? x : -x }(Tensor.zeros([3, 2]))
        }
        let message = stderrText(result)
        #expect(message.contains("item()") && message.contains("vmap") && message.contains("select"))
    }

    @Test func mismatchedLeadingAxesStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = vmap { (xs: [Tensor]) in xs[0] + xs[1] }([Tensor.zeros([3, 2]), Tensor.zeros([4, 2])])
        }
        let message = stderrText(result)
        #expect(message.contains("vmap") && message.contains("[3, 2]") && message.contains("[4, 2]"))
    }

    @Test func scalarInputStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = vmap { x in x }(Tensor(1))
        }
        #expect(stderrText(result).contains("vmap") && stderrText(result).contains("shape []"))
    }

    /// Found by the compile property test: a batch of products with an
    /// empty dimension folded its batch with a reshape to -1, which cannot
    /// be inferred with a 0 among the sizes.
    @Test func batchedMatmulsWithAnEmptyDimension() {
        for (a, b) in [([2, 2, 2, 0], [2, 2, 0, 3]), ([2, 3, 0], [0, 4]), ([0, 3], [2, 3, 0])] {
            let x = Tensor.zeros(a, dtype: .float64), y = Tensor.zeros(b, dtype: .float64)
            let mapped: Tensor
            if a.count > b.count || (a.count == b.count && a.count > 2) {
                mapped = a.count == b.count ? vmap { (xs: [Tensor]) in matmul(xs[0], xs[1]) }([x, y]) : vmap { matmul($0, y) }(x)
            } else {
                mapped = vmap { matmul(x, $0) }(y)
            }
            let perExample = a.count > b.count ? stack((0..<a[0]).map { matmul(x[$0], y) })
                : a.count < b.count ? stack((0..<b[0]).map { matmul(x, y[$0]) })
                : stack((0..<a[0]).map { matmul(x[$0], y[$0]) })
            #expect(mapped.shape == perExample.shape, "\(a) x \(b)")
        }
    }
}
