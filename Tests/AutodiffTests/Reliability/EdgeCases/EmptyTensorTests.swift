import Autodiff
import Testing

/// Tensors with a 0 in their shape go through every operation: the result
/// has the shape NumPy gives, reductions of nothing give their identity
/// (`sum` 0, `norm` 0, `logSumExp` `-inf`) or NaN (`mean`, 0/0), and
/// gradients and tangents have the input's shape, zero elements and all.
/// A function of an empty input has tangent exactly 0 (a linear map from a
/// zero-dimensional space), even where its value is NaN.
@Suite("Reliability: empty tensors")
struct ReliabilityEmptyTensorTests {
    /// Operations whose generator never draws an empty input, and why.
    static let neverEmpty: [String: String] = [
        "max()": "the maximum of nothing traps (exit test maxOfEmpty)",
        "min()": "the minimum of nothing traps, as max()",
    ]

    /// Each operation of the property catalog, on up to four drawn uses
    /// with an empty input: the forward, VJP, JVP, adjoint and second-order
    /// properties all hold there.
    @Test(arguments: allPropertyOperations.filter { !creationOperations.map(\.name).contains($0.name) })
    func everyOperation(_ op: PropertyOperation) {
        var found = 0
        for attempt in 0..<3_000 as Range<UInt64> where found < 4 {
            var choices = Choices(seed: stableHash("empty " + op.name) &+ attempt)
            guard let c = op.hasDerivatives ? op.derivativeCase(&choices)
                    : op.generate(&choices).map({ DerivativeCase(instance: $0, cotangent: ReferenceArray(0), tangents: []) }),
                  c.instance.inputs.contains(where: { $0.count == 0 }) else { continue }
            found += 1
            var failures = [PropertyChecks.forward64(c.instance), PropertyChecks.forward32(c.instance)]
            if op.hasDerivatives {
                failures += [PropertyChecks.vjp(c), PropertyChecks.jvp(c), PropertyChecks.adjoint(c)]
                if op.hasSecondOrder { failures.append(PropertyChecks.secondOrder(c)) }
            }
            let messages = failures.compactMap { $0 }
            #expect(messages.isEmpty, "\(op.name) with an empty input:\n\(c.description)\n\(messages.joined(separator: "\n"))")
        }
        print("empty tensors through \(op.name): \(found) cases")
        #expect(found > 0 || ReliabilityEmptyTensorTests.neverEmpty[op.name] != nil, "no empty input drawn for \(op.name)")
    }

    /// Reductions of nothing: `sum` 0, `norm` 0, `mean` NaN (0/0),
    /// `logSumExp` `-inf`; their gradients are empty.
    @Test func reductionsOfNothing() {
        let e = Tensor.zeros([2, 0])
        #expect(e.sum().item() == 0 && norm(e).item() == 0)
        #expect(e.mean().item().isNaN && allNaN(e.mean(axis: 1)))
        #expect(logSumExp(e, axis: 1).scalars == [-.infinity, -.infinity])
        #expect(softmax(e, axis: 1).shape == [2, 0] && e.sum(axis: 0).scalars == [])
        #expect(grad { $0.sum() }(e).shape == [2, 0] && grad(norm)(e).shape == [2, 0] && grad { $0.mean() }(e).shape == [2, 0])
        #expect(jvp({ $0.mean() }, at: e, tangent: e).tangent.item() == 0)
    }

    /// A product over an empty inner dimension is zeros; its gradients are empty.
    @Test func matmulWithEmptyInnerDimension() {
        let (a, b) = (Tensor.zeros([2, 0]), Tensor.zeros([0, 3]))
        #expect(matmul(a, b).shape == [2, 3] && matmul(a, b).scalars.allSatisfy { $0 == 0 })
        let (ga, gb) = grad { (a: Tensor, b: Tensor) in matmul(a, b).sum() }(a, b)
        #expect(ga.shape == [2, 0] && gb.shape == [0, 3])
        #expect(dot(Tensor.zeros([0]), Tensor.zeros([0])).item() == 0)
    }

    /// Jacobians and Hessians of functions of empty inputs have shape
    /// `output.shape + input.shape`.
    @Test func transformsOfEmptyInputs() {
        let e = Tensor.zeros([0])
        #expect(jacrev { $0 * 2 }(e).shape == [0, 0] && jacfwd { $0 * 2 }(e).shape == [0, 0])
        #expect(jacobian { $0.sum() }(e).shape == [0] && hessian { $0.sum() }(e).shape == [0, 0])
        #expect(jacrev { $0.sum() + 1 }(e).shape == [0])
    }

    /// A dimension of 1 broadcasts against 0, and its gradient is 0.
    @Test func broadcastingOneAgainstZero() {
        let (ga, gb) = grad { (a: Tensor, b: Tensor) in (a * b).sum() }(Tensor.ones([1]), Tensor.zeros([0]))
        #expect((Tensor.ones([1]) + Tensor.zeros([0])).shape == [0])
        #expect(ga.scalars == [0] && gb.shape == [0])
        #expect(concatenate([Tensor.zeros([0, 2]), Tensor.ones([1, 2])]).shape == [1, 2])
        #expect(stack([Tensor.zeros([0]), Tensor.zeros([0])], axis: 1).shape == [0, 2])
    }

    /// `matmul` of a batch `[b, m, k]` with a matrix `[k, n]` (or a vector,
    /// or a batch of 1) when `b * m == 0` should give zeros of shape
    /// `[b, m, n]`, as NumPy. It traps inside the library: the batch is
    /// folded into rows with `reshaped([b * m, -1])`, and `reshaped` cannot
    /// infer a -1 next to a 0.
    @Test func matmulWithEmptyBatchOfRows() async {
        await #expect(processExitsWith: .success) {
            _ = matmul(Tensor.zeros([0, 3, 4]), Tensor.zeros([4, 2]))
            _ = matmul(Tensor.zeros([2, 0, 4]), Tensor.zeros([4]))
        }
    }

    /// `max(axis:)` over an empty axis should trap as `max()` does for an
    /// empty tensor (and as NumPy does: a maximum of nothing has no value).
    /// It returns `-inf` instead (`min(axis:)` returns `inf`): the fill value
    /// of the reduction kernel leaks out as a result.
    @Test func maxOverAnEmptyAxis() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([0, 2]).max(axis: 0)
        }
    }
}
