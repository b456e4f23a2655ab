import Autodiff
import AutodiffNN
import Foundation
import Testing

/// A user's model struct with no `mapTensors` of its own: it is derived
/// from `Codable`, and everything a hand-written one gives still works
/// (gradients, names in files, optimizers, compiled steps).
@Suite("Derived models")
struct DerivedModelTests {
    struct MLP: Layer, Codable {
        var l1 = Linear(4, 8, seed: 1)
        var dropout = Dropout(probability: 0.25, seed: 3, isTraining: false)
        var blocks = Sequential(Linear(8, 8, seed: 4), Tanh())
        var l2 = Linear(8, 3, seed: 2)

        func callAsFunction(_ x: Tensor) -> Tensor { l2(blocks(dropout(relu(l1(x))))) }
    }

    /// The same layers in a `Sequential`, whose `mapTensors` is written by hand.
    static func reference(_ m: MLP) -> Sequential<Linear, ReLU, Dropout, Linear, Tanh, Linear> {
        Sequential(m.l1, ReLU(), m.dropout, m.blocks.layers.0, Tanh(), m.l2)
    }

    static let x = Tensor.randomNormal([5, 4], seed: 7)
    static let labels = [0, 2, 1, 1, 0]

    @Test func tensorsAndNamesFollowTheProperties() throws {
        let names = try MLP().namedTensors().map(\.name)
        #expect(names == ["l1.weight", "l1.bias", "blocks.0.weight", "blocks.0.bias", "l2.weight", "l2.bias"])
        #expect(MLP().tensors.count == Self.reference(MLP()).tensors.count)
    }

    @Test func gradientEqualsTheHandWrittenContainers() {
        let model = MLP()
        let g = grad { (m: MLP) in crossEntropy(logits: m(Self.x), labels: Self.labels) }(model)
        let h = grad { (m: Sequential<Linear, ReLU, Dropout, Linear, Tanh, Linear>) in
            crossEntropy(logits: m(Self.x), labels: Self.labels)
        }(Self.reference(model))
        #expect(g.tensors.count == h.tensors.count)
        for (a, b) in zip(g.tensors, h.tensors) { #expect(a.doubles == b.doubles) }
        // Settings come through the derived map unchanged.
        #expect(g.dropout.probability == 0.25 && !g.dropout.isTraining)
    }

    @Test func savesAndLoadsBackByName() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("derived-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        var trained = MLP()
        trained.l2.weight = trained.l2.weight + 1
        try trained.save(to: url)
        let loaded = try MLP().loaded(from: url)
        for (a, b) in zip(loaded.tensors, trained.tensors) { #expect(a.doubles == b.doubles) }
    }

    @Test func compiledTrainingMatchesEagerAndRetracesOnANewLearningRate() {
        var traces = 0
        let loss = { (logits: Tensor, targets: Tensor) -> Tensor in
            traces += 1
            return crossEntropy(logits: logits, targets: targets)
        }
        let compiled: TrainingStep<MLP, Adam> = trainingStep(loss: loss)
        let eager: TrainingStep<MLP, Adam> = trainingStep(loss: { crossEntropy(logits: $0, targets: $1) }, compiled: false)
        let model = MLP()
        let start = TrainingState(model: model, optimizer: Adam(learningRate: 0.01).prepared(for: model))
        let targets = oneHot(Self.labels, classCount: 3)
        var (a, b) = (start, start)
        for i in 0..<6 {
            if i == 3 {
                // A stored number of the state, not a tensor: a new trace.
                a.optimizer.learningRate = 0.001
                b.optimizer.learningRate = 0.001
            }
            let x = Tensor.randomNormal([5, 4], seed: UInt64(20 + i))
            a = compiled(a, x, targets).state
            b = eager(b, x, targets).state
        }
        #expect(traces == 2)
        for (p, q) in zip(a.tensors, b.tensors) { #expect(allClose(p, q, rtol: 1e-5, atol: 1e-6), "\(p) vs \(q)") }
    }

    @Test func layersAndOptimizersRoundTripThroughJSON() throws {
        let model = MLP()
        let decoded = try JSONDecoder().decode(MLP.self, from: JSONEncoder().encode(model))
        for (a, b) in zip(decoded.tensors, model.tensors) { #expect(a.doubles == b.doubles) }
        let adam = Adam(learningRate: 0.02).prepared(for: model)
        let back = try JSONDecoder().decode(Adam.self, from: JSONEncoder().encode(adam))
        #expect(back.learningRate == 0.02 && back.tensors.count == adam.tensors.count)
    }
}
