import Autodiff
import AutodiffNN
import Testing

/// A whole training step (loss, gradient, optimizer update) under
/// `compile`: traced once, then replayed with eager's numbers.
@Suite("Compiled training steps")
struct CompiledStepTests {
    typealias Model = Sequential<Linear, Tanh, Linear>

    struct State<O: Optimizer>: TensorContainer {
        var model: Model
        var optimizer: O
        var x: Tensor
        var targets: Tensor

        func mapTensors(_ transform: (Tensor) -> Tensor) -> State {
            State(model: model.mapTensors(transform), optimizer: optimizer.mapTensors(transform),
                  x: transform(x), targets: transform(targets))
        }
    }

    static func step<O: Optimizer>(_ state: State<O>) -> State<O> {
        var next = state
        let g = grad { (m: Model) in crossEntropy(logits: m(state.x), targets: state.targets) }(state.model)
        next.optimizer.update(&next.model, along: g)
        return next
    }

    /// Six steps on new batches each time: the Swift body runs once (the
    /// step count is a tensor of the program, not a number read from it,
    /// so it is no guard), and the result is eager's.
    func check<O: Optimizer>(_ optimizer: O, _ name: String) {
        let model = Model(Linear(3, 8, seed: 1), Tanh(), Linear(8, 4, seed: 2))
        let start = State(model: model, optimizer: optimizer.prepared(for: model), x: Tensor.zeros([5, 3]), targets: Tensor.zeros([5, 4]))
        var traces = 0
        let compiled = compile { (state: State<O>) -> State<O> in
            traces += 1
            return CompiledStepTests.step(state)
        }
        var (a, b) = (start, start)
        for i in 0..<6 {
            let x = Tensor.randomNormal([5, 3], seed: UInt64(10 + i))
            let targets = oneHot((0..<5).map { ($0 + i) % 4 }, classCount: 4)
            (a.x, a.targets, b.x, b.targets) = (x, targets, x, targets)
            a = compiled(a)
            b = CompiledStepTests.step(b)
        }
        #expect(traces == 1, "\(name): traced \(traces) times")
        for (p, q) in zip(a.tensors, b.tensors) {
            #expect(allClose(p, q, rtol: 1e-5, atol: 1e-6), "\(name): \(p) vs \(q)")
        }
        #expect(a.optimizer.tensors.first?.doubles == [6], "\(name): the step count")
    }

    @Test func sgdCompiles() { check(SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true), "SGD") }
    @Test func adamCompiles() { check(Adam(learningRate: 0.01), "Adam") }
    @Test func adamWCompiles() { check(AdamW(learningRate: 0.01, weightDecay: 0.1), "AdamW") }
}

/// `trainingStep`, the library's step, compiled and eager.
@Suite("trainingStep")
struct TrainingStepTests {
    typealias Model = Sequential<Linear, ReLU, Linear>

    @Test func compiledStepTracesOncePerShapeAndMatchesEager() {
        let model = Model(Linear(4, 6, seed: 3), ReLU(), Linear(6, 3, seed: 4))
        let start = TrainingState(model: model, optimizer: Adam(learningRate: 0.01).prepared(for: model))
        var lossCalls = 0
        let compiled: TrainingStep<Model, Adam> = trainingStep(loss: { lossCalls += 1; return crossEntropy(logits: $0, targets: $1) })
        let eager: TrainingStep<Model, Adam> = trainingStep(loss: { crossEntropy(logits: $0, targets: $1) }, compiled: false)
        var (a, b) = (start, start)
        for i in 0..<5 {
            let rows = i == 4 ? 3 : 8  // a smaller last batch: a second trace
            let x = Tensor.randomNormal([rows, 4], seed: UInt64(20 + i))
            let t = oneHot((0..<rows).map { ($0 * 2 + i) % 3 }, classCount: 3)
            let (next, loss) = compiled(a, x, t)
            let (expected, expectedLoss) = eager(b, x, t)
            #expect(Swift.abs(loss.item() - expectedLoss.item()) <= 1e-5 * Swift.abs(expectedLoss.item()))
            (a, b) = (next, expected)
        }
        #expect(lossCalls == 2, "the loss ran \(lossCalls) times: once per trace")
        for (p, q) in zip(a.tensors, b.tensors) { #expect(allClose(p, q, rtol: 1e-5, atol: 1e-6)) }
        #expect(a.optimizer.step.doubles == [5])
    }

    @Test func theStateSavesUnderDottedNames() throws {
        let model = Model(Linear(2, 3, seed: 1), ReLU(), Linear(3, 2, seed: 2))
        let state = TrainingState(model: model, optimizer: Adam().prepared(for: model))
        let names = try state.namedTensors().map(\.name)
        #expect(names.contains("model.0.weight") && names.contains("model.2.bias") && names.contains("optimizer.step"))
    }
}
