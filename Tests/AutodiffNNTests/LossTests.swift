import Autodiff
import AutodiffNN
import Foundation
import Testing

@Suite("Losses")
struct LossTests {
    @Test func crossEntropyIsTheMeanNegativeLogProbabilityOfTheLabels() {
        let logits = Tensor.randomNormal([4, 3], seed: 1, dtype: .float64)
        let labels = [2, 0, 1, 2]
        // By hand in float64: -log(e^z_label / sum e^z), averaged.
        let z = logits.doubles
        var total = 0.0
        for (row, label) in labels.enumerated() {
            let values = Array(z[(row * 3)..<(row * 3 + 3)])
            let normalizer: Double = values.map { Foundation.exp($0) }.reduce(0, +)
            total -= values[label] - Foundation.log(normalizer)
        }
        let expected = total / 4
        #expect(abs(crossEntropy(logits: logits, labels: labels).doubleItem() - expected) < 1e-12)
    }

    @Test func lossGradientsMatchCentralDifferences() {
        let logits = Tensor.randomNormal([5, 4], seed: 2, dtype: .float64)
        let labels = [3, 1, 0, 0, 2]
        expectGradientMatchesCentralDifferences({ crossEntropy(logits: $0, labels: labels) }, at: logits)

        let targets = Tensor.randomNormal([3, 2], seed: 3, dtype: .float64)
        expectGradientMatchesCentralDifferences({ meanSquaredError($0, targets) }, at: Tensor.randomNormal([3, 2], seed: 4, dtype: .float64))

        // Including a logit at exactly 0, where a max(x, 0) + log(1 + e^-|x|)
        // form would have the wrong derivative.
        let binaryLogits = concatenate([Tensor.zeros([1], dtype: .float64), 3 * Tensor.randomNormal([5], seed: 5, dtype: .float64)])
        let binaryTargets = Tensor.randomUniform([6], seed: 6, dtype: .float64)
        expectGradientMatchesCentralDifferences({ binaryCrossEntropy(logits: $0, targets: binaryTargets) }, at: binaryLogits)
        // Its gradient is (sigmoid(x) - t) / n everywhere.
        let g = grad { binaryCrossEntropy(logits: $0, targets: binaryTargets) }(binaryLogits)
        #expect(allClose(g, (sigmoid(binaryLogits) - binaryTargets) / 6, atol: 1e-12))
    }

    @Test func crossEntropyAgainstProbabilities() {
        let logits = Tensor.randomNormal([5, 4], seed: 7, dtype: .float64)
        let labels = [3, 1, 0, 0, 2]
        let targets = oneHot(labels, classCount: 4, dtype: .float64)
        #expect(targets.shape == [5, 4] && targets.doubles.reduce(0, +) == 5)
        #expect(labels.enumerated().allSatisfy { targets.doubles[$0.offset * 4 + $0.element] == 1 })
        // One-hot targets give the loss of the labels.
        #expect(abs(crossEntropy(logits: logits, targets: targets).doubleItem()
            - crossEntropy(logits: logits, labels: labels).doubleItem()) < 1e-12)
        // Soft targets, by hand in float64: -Σ t log softmax, averaged over rows.
        let soft = softmax(Tensor.randomNormal([5, 4], seed: 8, dtype: .float64), axis: 1)
        let (z, t) = (logits.doubles, soft.doubles)
        var total = 0.0
        for row in 0..<5 {
            let values = Array(z[(row * 4)..<(row * 4 + 4)])
            let logNormalizer = Foundation.log(values.map { Foundation.exp($0) }.reduce(0, +))
            for c in 0..<4 { total -= t[row * 4 + c] * (values[c] - logNormalizer) }
        }
        #expect(abs(crossEntropy(logits: logits, targets: soft).doubleItem() - total / 5) < 1e-12)
        expectGradientMatchesCentralDifferences({ crossEntropy(logits: $0, targets: soft) }, at: logits)
        expectGradientMatchesCentralDifferences({ crossEntropy(logits: logits, targets: $0) }, at: soft)
        #expect(oneHot([1], classCount: 3).dtype == .float32)
    }

    @Test func crossEntropyIsFiniteAtLargeLogits() {
        // Rows [1e4, 0, -1e4]: e^1e4 overflows any float, the loss must not.
        let logits = Tensor([[1e4, 0, -1e4], [0, 1e4, 1e4]])
        let loss = crossEntropy(logits: logits, labels: [1, 2])
        // Row 0: log-probability of class 1 is -1e4; row 1: log(1/2).
        let expected = (1e4 + Foundation.log(2.0)) / 2
        #expect(loss.item().isFinite && abs(Double(loss.item()) - expected) < 1e-3 * expected)
        let g = grad { crossEntropy(logits: $0, labels: [1, 2]) }(logits)
        #expect(g.scalars.allSatisfy { $0.isFinite })
        // softmax - one-hot, over the batch of 2.
        #expect(allClose(g, Tensor([[0.5, -0.5, 0], [0, 0.25, -0.25]]), atol: 1e-6))

        let binary = binaryCrossEntropy(logits: Tensor([1e4, -1e4, 1e4]), targets: Tensor([1, 0, 0]))
        #expect(abs(binary.item() - 1e4 / 3) < 1)
    }

    @Test func meanSquaredErrorAndAccuracy() {
        let p = Tensor([[1, 2], [3, 4]]), t = Tensor([[1, 0], [0, 4]])
        let squares: Float = 0 + 4 + 9 + 0
        #expect(meanSquaredError(p, t).item() == squares / 4)
        let logits = Tensor([[0.1, 0.9, 0], [2, 1, 0], [0, 0, 3], [1, 1, 0]])
        // Rows predict 1, 0, 2 and 0 (the first of a tie).
        #expect(accuracy(logits: logits, labels: [1, 0, 2, 0]) == 1)
        #expect(accuracy(logits: logits, labels: [1, 1, 2, 1]) == 0.5)
    }
}

@Suite("Error messages of losses and layers")
struct LossErrorMessageTests {
    @Test func labelOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(logits: Tensor.zeros([2, 3]), labels: [0, 3])
        }
        let message = stderrText(result)
        #expect(message.contains("crossEntropy") && message.contains("label 3") && message.contains("0..<3"))
    }

    @Test func labelCountMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = crossEntropy(logits: Tensor.zeros([2, 3]), labels: [0])
        }
        let message = stderrText(result)
        #expect(message.contains("1 labels") && message.contains("2 rows"))
    }

    @Test func shapeMismatchOfMeanSquaredError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = meanSquaredError(Tensor.zeros([4, 1]), Tensor.zeros([4]))
        }
        let message = stderrText(result)
        #expect(message.contains("meanSquaredError") && message.contains("[4, 1]") && message.contains("[4]"))
    }

    @Test func inputThatDoesNotFitALinearLayer() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Linear(3, 2, seed: 0)(Tensor.zeros([5, 4]))
        }
        let message = stderrText(result)
        #expect(message.contains("Linear") && message.contains("[5, 4]") && message.contains("3 inputs"))
    }
}
