import Autodiff
import AutodiffNN
import Testing

/// Points in the square [-1, 1]² labelled by the quadrant's sign, `x y > 0`
/// (XOR): no linear model separates them, a small MLP does.
private let points = Tensor.randomUniform([64, 2], seed: 21) * 2 - 1
private let labels: [Int] = (0..<64).map { i in points[i, 0].item() * points[i, 1].item() > 0 ? 1 : 0 }

@Suite("Training")
struct TrainingTests {
    typealias Model = Sequential<Linear, Tanh, Linear>

    /// The loss before and after `steps` full-batch steps of `optimizer`
    /// on the XOR points, and the final accuracy.
    private func train<O: Optimizer>(_ optimizer: O, steps: Int) -> (before: Float, after: Float, accuracy: Float) {
        var optimizer = optimizer
        var model = Model(Linear(2, 16, seed: 1), Tanh(), Linear(16, 2, seed: 2))
        let loss = { (m: Model) in crossEntropy(logits: m(points), labels: labels) }
        let before = loss(model).item()
        for _ in 0..<steps {
            let g = grad(loss)(model)
            optimizer.update(&model, along: g)
        }
        return (before, loss(model).item(), accuracy(logits: model(points), labels: labels))
    }

    @Test(arguments: [
        ("SGD with Nesterov momentum", 0),
        ("Adam", 1),
        ("AdamW", 2),
    ])
    func anMLPLearnsXOR(name: String, which: Int) {
        let result = switch which {
        case 0: train(SGD(learningRate: 0.2, momentum: 0.9, nesterov: true), steps: 500)
        case 1: train(Adam(learningRate: 0.05), steps: 500)
        default: train(AdamW(learningRate: 0.05, weightDecay: 0.01), steps: 500)
        }
        // From chance (log 2 = 0.69) to a small fraction of it.
        #expect(result.before > 0.5)
        #expect(result.after < result.before / 20, "\(name): loss \(result.before) -> \(result.after)")
        #expect(result.accuracy >= 0.95, "\(name): accuracy \(result.accuracy)")
    }
}
