import Autodiff
import AutodiffNN
import Foundation
import Testing

/// The code of the "Training a model" article, run as printed there (three
/// epochs instead of thirty, the file in a temporary directory).
@Suite("Training a model (article)")
struct TrainingArticleTests {
    @Test func theArticlesCodeTrains() throws {
        let digits = try Digits.load()
        let (train, test) = digits.stratifiedSplit()
        #expect((train.count, test.count) == (1438, 359))

        typealias MLP = Sequential<Linear, ReLU, Linear>
        let model = MLP(Linear(64, 128, seed: 0), ReLU(), Linear(128, 10, seed: 1))
        var state = TrainingState(model: model, optimizer: Adam(learningRate: 3e-3).prepared(for: model))
        let step: TrainingStep<MLP, Adam> = trainingStep(loss: { crossEntropy(logits: $0, targets: $1) })
        for epoch in 0..<3 {
            for batch in train.batches(size: 64, seed: 0, epoch: epoch) {
                (state, _) = step(state, batch.inputs, oneHot(batch.labels, classCount: 10))
            }
        }
        #expect(accuracy(logits: state.model(test.inputs), labels: test.labels) > 0.9)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("article-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try state.model.save(to: url)
        let loaded = try model.loaded(from: url)
        #expect(zip(loaded.tensors, state.model.tensors).allSatisfy { $0.scalars == $1.scalars })
    }
}
