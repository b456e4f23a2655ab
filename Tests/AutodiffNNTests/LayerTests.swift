import Autodiff
import AutodiffNN
import Testing

@Suite("Layers")
struct LayerTests {
    @Test func linearComputesXWeightTransposedPlusBias() {
        let layer = Linear(3, 2, seed: 7)
        #expect(layer.weight.shape == [2, 3] && layer.bias?.shape == [2])
        let x = Tensor.randomNormal([4, 3], seed: 1)
        let y = layer(x)
        #expect(y.shape == [4, 2])
        // Each output by hand: sum_k x[i, k] w[j, k] + b[j], in float64.
        let (xs, w, b) = (x.doubles, layer.weight.doubles, layer.bias!.doubles)
        for i in 0..<4 {
            for j in 0..<2 {
                let expected = (0..<3).reduce(b[j]) { $0 + xs[i * 3 + $1] * w[j * 3 + $1] }
                #expect(abs(Double(y[i, j].item()) - expected) < 1e-5)
            }
        }
        // One example gives the row of its batch.
        #expect(allClose(layer(x[1]), y[1]))
        // Without bias: just the product.
        let plain = Linear(3, 2, bias: false, seed: 7)
        #expect(plain.bias == nil && plain.tensors.count == 1)
        #expect(allClose(plain(x), matmul(x, plain.weight.transposed())))
    }

    @Test func linearInitialisationIsUniformInPlusMinusOneOverRootInputs() {
        let layer = Linear(64, 32, seed: 3)
        let bound = 1 / Float(64).squareRoot()
        let w = layer.weight.scalars, b = layer.bias!.scalars
        #expect(w.allSatisfy { abs($0) <= bound } && b.allSatisfy { abs($0) <= bound })
        // Spread over the interval: the mean near 0, the variance near bound²/3.
        let mean = w.reduce(0, +) / Float(w.count)
        let variance = w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(w.count)
        #expect(abs(mean) < 0.1 * bound)
        #expect(abs(variance / (bound * bound / 3) - 1) < 0.1)
        // Deterministic, and the weight and bias come from distinct streams.
        #expect(sameBits(Linear(64, 32, seed: 3), layer))
        #expect(!sameBits(Linear(64, 32, seed: 4).weight, layer.weight))
        #expect(Array(w.prefix(32)) != b)
        // Seeds next to each other give unrelated layers, not shifted streams.
        #expect(Linear(4, 4, seed: 1).bias!.scalars != Array(Linear(4, 4, seed: 2).weight.scalars.prefix(4)))
    }

    @Test func gradientOfALayerIsALayer() {
        let layer = Linear(3, 2, seed: 1)
        let x = Tensor.randomNormal([5, 3], seed: 2)
        let g = grad { (l: Linear) in l(x).sum() }(layer)
        // d/dW sum(x Wᵀ + b) = 1ᵀ x per output row; d/db = batch size.
        let columnSums = x.sum(axis: 0)
        #expect(allClose(g.weight, stack([columnSums, columnSums]), atol: 1e-6))
        #expect(allClose(g.bias!, Tensor([5, 5])))
    }

    @Test func sequentialAppliesLayersInOrderAndIsItsOwnGradient() {
        let model = Sequential(Linear(2, 8, seed: 1), Tanh(), Linear(8, 3, seed: 2), ReLU(), Linear(3, 1, seed: 3), Sigmoid())
        let x = Tensor.randomNormal([4, 2], seed: 9)
        let manual = sigmoid(model.layers.4(relu(model.layers.2(tanh(model.layers.0(x))))))
        #expect(allClose(model(x), manual))
        #expect(model.tensors.count == 6)
        let loss = { (m: Sequential<Linear, Tanh, Linear, ReLU, Linear, Sigmoid>) in m(x).sum() }
        let g = grad(loss)(model)
        #expect(g.layers.0.weight.shape == [8, 2] && g.layers.4.bias!.shape == [1])
        // The same gradient as taken with respect to that tensor alone.
        let alone = grad { (w: Tensor) -> Tensor in
            var m = model
            m.layers.2.weight = w
            return loss(m)
        }(model.layers.2.weight)
        #expect(allClose(g.layers.2.weight, alone))
        // A single layer and nested sequentials work too.
        let nested = Sequential(Sequential(Linear(2, 3, seed: 4), ReLU()), Linear(3, 2, seed: 5))
        #expect(allClose(nested(x), nested.layers.1(relu(nested.layers.0.layers.0(x)))))
        #expect(allClose(Sequential(Tanh())(x), tanh(x)))
    }

    @Test func activationLayersHoldNoTensors() {
        let x = Tensor([-2, -0.5, 0, 0.5, 2])
        #expect(ReLU().tensors.isEmpty && Tanh().tensors.isEmpty && Sigmoid().tensors.isEmpty)
        #expect(ReLU()(x).scalars == relu(x).scalars)
        #expect(Tanh()(x).scalars == tanh(x).scalars)
        #expect(Sigmoid()(x).scalars == sigmoid(x).scalars)
    }

    @Test func dropoutIsDeterministicScaledAndOffWhenNotTraining() {
        let x = Tensor.ones([100, 100])
        let dropout = Dropout(probability: 0.3, seed: 11)
        let y = dropout(x)
        #expect(sameBits(y, dropout(x)))                    // the same seed, the same mask
        #expect(!sameBits(y, Dropout(probability: 0.3, seed: 12)(x)))
        let values = y.scalars
        // Kept entries are scaled by 1/(1 - p), so the expected value is kept.
        #expect(values.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
        let keptFraction = Double(values.filter { $0 != 0 }.count) / Double(values.count)
        #expect(abs(keptFraction - 0.7) < 0.02)
        // The gradient flows through the kept entries only, with the same scale.
        let g = grad { dropout($0).sum() }(x)
        #expect(g.scalars == values)
        var evaluation = dropout
        evaluation.isTraining = false
        #expect(sameBits(evaluation(x), x))
        #expect(Dropout(probability: 1, seed: 1)(x).scalars.allSatisfy { $0 == 0 })
        #expect(sameBits(Dropout(probability: 0, seed: 1)(x), x))
    }

    @Test func layerNormNormalizesTheLastAxisAndLearnsScaleAndOffset() {
        var norm = LayerNorm(5)
        #expect(norm.scale.scalars == [1, 1, 1, 1, 1] && norm.offset.scalars == [0, 0, 0, 0, 0])
        let x = 3 * Tensor.randomNormal([4, 5], seed: 5) + 2
        let y = norm(x)
        for row in 0..<4 {
            let values = y[row].doubles
            let mean = values.reduce(0, +) / 5
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 5
            #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-3)
        }
        norm.scale = Tensor([1, 2, 3, 4, 5])
        norm.offset = Tensor([0, 0, 0, 0, 1])
        #expect(allClose(norm(x), y * norm.scale + norm.offset))
        // Gradients through the normalization, against central differences.
        let x64 = x.cast(to: .float64)
        let weights = Tensor.randomNormal([4, 5], seed: 6, dtype: .float64)
        expectGradientMatchesCentralDifferences({ (LayerNorm(5)($0) * weights).sum() }, at: x64, rtol: 1e-5, atol: 1e-7)
        let g = grad { (n: LayerNorm) in (n(x64) * weights).sum() }(LayerNorm(5))
        #expect(allClose(g.offset, weights.sum(axis: 0)))
    }

    @Test func embeddingLooksUpRowsAndAddsGradientsIntoThem() {
        let table = Embedding(10, 4, seed: 2)
        #expect(table.weight.shape == [10, 4] && table.count == 10 && table.dimension == 4)
        let y = table([3, 0, 3])
        #expect(y.shape == [3, 4])
        #expect(sameBits(y[0], table.weight[3]) && sameBits(y[1], table.weight[0]) && sameBits(y[2], table.weight[3]))
        // As a layer: indices held in a tensor of any shape.
        #expect(sameBits(table(Tensor([[3, 0], [3, 9]])), table([3, 0, 3, 9]).reshaped([2, 2, 4])))
        let g = grad { (e: Embedding) in e([3, 0, 3]).sum() }(table)
        let rows = (0..<10).map { g.weight[$0].scalars }
        #expect(rows[3] == [2, 2, 2, 2] && rows[0] == [1, 1, 1, 1] && rows[5] == [0, 0, 0, 0])
    }
}
