import Autodiff
import Testing

@Suite("Structured parameters, custom rules, tapes and checks")
struct AdvancedTransformTests {
    struct Linear: TensorContainer {
        var weight: Tensor, bias: Tensor
        func mapTensors(_ transform: (Tensor) -> Tensor) -> Linear {
            Linear(weight: transform(weight), bias: transform(bias))
        }
        func callAsFunction(_ x: Tensor) -> Tensor { matmul(x, weight) + bias }
    }

    struct MLP: TensorContainer {
        var layers: [Linear]
        var extras: [String: Tensor]
        func mapTensors(_ transform: (Tensor) -> Tensor) -> MLP {
            MLP(layers: layers.mapTensors(transform), extras: extras.mapTensors(transform))
        }
    }

    @Test func gradientOfAModelIsAModel() {
        let model = MLP(
            layers: [Linear(weight: Tensor.randomNormal([3, 4], seed: 1), bias: Tensor.zeros([4])),
                     Linear(weight: Tensor.randomNormal([4, 2], seed: 2), bias: Tensor.zeros([2]))],
            extras: ["scale": Tensor(2), "shift": Tensor(0.5)])
        let x = Tensor.randomNormal([5, 3], seed: 3)
        let loss = { (m: MLP) -> Tensor in
            let h = relu(m.layers[0](x))
            return ((m.layers[1](h) * m.extras["scale"]! + m.extras["shift"]!) * 1).mean()
        }
        let g = grad(loss)(model)
        #expect(g.layers[0].weight.shape == [3, 4] && g.layers[1].bias.shape == [2])
        #expect(g.extras.keys.sorted() == ["scale", "shift"])
        // Each gradient equals the gradient taken with respect to that tensor alone.
        let alone = grad { (w: Tensor) -> Tensor in
            var m = model
            m.layers[1].weight = w
            return loss(m)
        }(model.layers[1].weight)
        #expect(allClose(g.layers[1].weight, alone))
        #expect(allClose(g.extras["shift"]!, Tensor(1)))
        #expect(model.tensors.count == 6)
    }

    @Test func valueAndGradWithAux() {
        let x = Tensor([1, 2, 3])
        let (value, aux, g) = valueAndGrad(withAux: { (x: Tensor) in
            (loss: (x * x).sum(), aux: (x * 10, "note"))
        })(x)
        #expect(value.item() == 14 && g.scalars == [2, 4, 6])
        #expect(aux.0.scalars == [10, 20, 30] && aux.1 == "note")
        // Tensors in a container aux come back as plain values usable afterwards.
        let (_, tensorAux, _) = valueAndGrad(withAux: { (x: Tensor) in (loss: x.sum(), aux: [x * 2]) })(x)
        #expect((tensorAux[0] + 1).scalars == [3, 5, 7])
    }

    @Test func customVJPGivesAStableSoftplus() {
        let softplus = customVJP { (x: Tensor) in
            (value: select(x .> 30, x, log(1 + exp(x))), pullback: { g in g * sigmoid(x) })
        }
        let x = Tensor([-2, 0, 3, 1000])
        let g = grad { softplus($0).sum() }(x)
        #expect(allClose(g, sigmoid(x)))
        // Its second derivative goes through the hand-written pullback: sigmoid'.
        let s = sigmoid(x)
        #expect(allClose(grad { grad { softplus($0).sum() }($0).sum() }(x), s * (1 - s), atol: 1e-6))
        // The rule really replaces differentiation: a deliberately different pullback is used.
        let fake = customVJP { (x: Tensor) in (value: x * x, pullback: { g in g * 100 }) }
        #expect(grad { fake($0).sum() }(Tensor([1, 2])).scalars == [100, 100])
        // Forward mode differentiates the value.
        #expect(jvp(fake, at: Tensor([3]), tangent: Tensor([1])).tangent.scalars == [6])
    }

    @Test func customJVPIsUsedByBothModes() {
        let f = customJVP({ log(1 + exp($0)) }, differential: { x, dx in dx * sigmoid(x) })
        let x = Tensor([-1, 0.5, 2]).cast(to: .float64)
        #expect(allClose(jvp(f, at: x, tangent: Tensor.ones(like: x)).tangent, sigmoid(x)))
        #expect(allClose(grad { f($0).sum() }(x), sigmoid(x)))
        // The rule, not the function, is differentiated: a scaled rule shows through.
        let g = customJVP({ $0 * $0 }, differential: { x, dx in 3 * x * dx })
        #expect(grad { g($0).sum() }(Tensor([2])).scalars == [6])
        #expect(allClose(hessian { g($0).sum() }(Tensor([2])), Tensor([[3]])))
    }

    @Test func checkpointRecomputesAndGivesTheSameDerivatives() {
        let block = { (x: Tensor) in tanh(sin(x) * exp(x)) + x * x }
        let x = Tensor.randomNormal([5], seed: 8, dtype: .float64)
        let plain = { (x: Tensor) in block(block(x)).sum() }
        let saved = { (x: Tensor) in checkpoint(block)(checkpoint(block)(x)).sum() }
        #expect(allClose(grad(saved)(x), grad(plain)(x), rtol: 1e-12))
        #expect(allClose(hessian(saved)(x), hessian(plain)(x), rtol: 1e-10))
        #expect(allClose(jvp(saved, at: x, tangent: x).tangent, jvp(plain, at: x, tangent: x).tangent, rtol: 1e-12))
        // Under reverse mode the checkpointed block is one record, not its operations.
        #expect(recordedOperations({ checkpoint(block)($0) }, at: x).count == 2)
        #expect(recordedOperations(block, at: x).count > 5)
    }

    @Test func gradientTapeFollowsTheBooksFourSteps() {
        let tape = GradientTape()
        let x = tape.watch(Tensor.arange(4))
        let y = tape.record { 2 * dot(x, x) }
        #expect(tape.gradient(of: y, wrt: x).scalars == [0, 4, 8, 12])
        // Asking twice gives the same answer (the book's 2.5 exercise 2).
        #expect(tape.gradient(of: y, wrt: x).scalars == [0, 4, 8, 12])
        // Several variables, and one the result does not depend on.
        let scoped = withGradientTape { tape -> [Tensor] in
            let a = tape.watch(Tensor([1, 2])), b = tape.watch(Tensor(3)), c = tape.watch(Tensor(5))
            let z = tape.record { (a * b).sum() }
            return tape.gradient(of: z, wrt: [a, b, c])
        }
        #expect(scoped[0].scalars == [3, 3] && scoped[1].item() == 3 && scoped[2].item() == 0)
    }

    @Test func gradientTapeInsideGrad() {
        // A tape recording inside grad: second derivative of x^3 at 2 is 12.
        let d2 = grad { (x: Tensor) -> Tensor in
            let tape = GradientTape()
            let u = tape.watch(x)
            let y = tape.record { u * u * u }
            return tape.gradient(of: y, wrt: u)
        }(Tensor(2))
        #expect(d2.item() == 12)
    }

    @Test func checkGradientsPassesForEveryPrimitive() {
        var worst = 0.0
        for c in primitiveCases {
            let xs = c.inputs(seed: 7)
            // One input at a time, the others held fixed.
            for i in xs.indices {
                let report = checkGradients({ c.f(replacing(xs, i, with: $0)) }, at: xs[i], tolerance: 1e-4)
                #expect(report.passed, "\(c.name) input \(i): \(report)")
                worst = Swift.max(worst, report.worstError)
            }
        }
        #expect(worst < 1e-4)
    }

    @Test func checkGradientsCatchesAWrongRule() {
        let wrong = customVJP { (x: Tensor) in (value: sin(x), pullback: { g in g * 1.01 * cos(x) }) }
        let report = checkGradients(wrong, at: Tensor([0.3, 0.6]))
        #expect(!report.passed)
        #expect(report.worst?.check == "reverse mode (vjp)" || report.worst?.check.contains("reverse") == true)
        #expect(report.description.contains("FAILED"))
    }
}
