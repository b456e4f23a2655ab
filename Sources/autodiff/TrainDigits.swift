import Autodiff
import AutodiffNN
import Foundation

/// The network of `autodiff train digits`: 64 pixels, 128 ReLU units, 10
/// logits, one per digit.
typealias DigitsMLP = Sequential<Linear, ReLU, Linear>

/// A new network, its weights drawn from `seed` (PyTorch's initialisation).
func digitsMLP(seed: UInt64) -> DigitsMLP {
    DigitsMLP(Linear(Digits.pixelCount, 128, seed: seed), ReLU(), Linear(128, Digits.classCount, seed: seed &+ 1))
}

/// The model and Adam's state, carried from step to step.
typealias DigitsState = TrainingState<DigitsMLP, Adam>

/// The settings of a run of `autodiff train digits`.
struct DigitsTrainingOptions {
    var epochs = 30
    var seed: UInt64 = 0
    var compiled = true
    var batchSize = 64
    var learningRate: Float = 3e-3
}

/// What one epoch gave.
struct EpochResult {
    var epoch: Int
    /// The mean over the epoch's minibatches of the loss before each step,
    /// weighted by their sizes.
    var trainLoss: Double
    var trainAccuracy: Float
    var testAccuracy: Float
    /// Steps per second over the epoch's steps (the evaluation excluded).
    var stepsPerSecond: Double
}

/// Trains the MLP on the digits' fixed 80/20 split and reports each step
/// and epoch, so that the command line can draw its progress.
struct DigitsTrainer {
    let options: DigitsTrainingOptions
    let train: LabeledDataset
    let test: LabeledDataset

    init(options: DigitsTrainingOptions, data: LabeledDataset) {
        self.options = options
        // The split is fixed (seed 0) whatever --seed says, so that every
        // run is measured on the same test images.
        (train, test) = data.stratifiedSplit(testFraction: 0.2, seed: 0)
    }

    /// The minibatches of each epoch.
    var stepsPerEpoch: Int { (train.count + options.batchSize - 1) / options.batchSize }

    /// The initial state for `options.seed`: the optimizer's moments
    /// already shaped for the model, so that every step has the same
    /// structure (one trace for full batches, one for the last, smaller one).
    func initialState() -> DigitsState {
        let model = digitsMLP(seed: options.seed)
        return DigitsState(model: model, optimizer: Adam(learningRate: options.learningRate).prepared(for: model))
    }

    /// The step function, compiled or eager: the mean cross-entropy against
    /// one-hot targets (tensors, so that a compiled step takes each batch's
    /// labels as an input rather than fixing them into its trace).
    func makeStep() -> TrainingStep<DigitsMLP, Adam> {
        trainingStep(loss: { crossEntropy(logits: $0, targets: $1) }, compiled: options.compiled)
    }

    /// Runs `steps` steps of epoch `epoch` from `state`, calling `onStep`
    /// after each with its number (from 1) and its loss.
    func runEpoch(_ epoch: Int, from state: inout DigitsState, step: TrainingStep<DigitsMLP, Adam>,
                  onStep: (Int, Double) -> Void = { _, _ in }) -> (loss: Double, seconds: Double) {
        let batches = train.batches(size: options.batchSize, seed: options.seed, epoch: epoch)
        var total = 0.0
        let start = DispatchTime.now().uptimeNanoseconds
        for (number, batch) in batches.enumerated() {
            let output = step(state, batch.inputs, oneHot(batch.labels, classCount: Digits.classCount))
            state = output.state
            let loss = Double(output.loss.item())
            total += loss * Double(batch.labels.count)
            onStep(number + 1, loss)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (total / Double(train.count), seconds)
    }

    /// Every epoch, calling `onStep(epoch, step, loss, stepsPerSecond)`
    /// after each step and `onEpoch` after each epoch; the final state and
    /// the epochs' results.
    func run(onStep: (Int, Int, Double, Double) -> Void = { _, _, _, _ in },
             onEpoch: (EpochResult) -> Void = { _ in }) -> (state: DigitsState, epochs: [EpochResult]) {
        var state = initialState()
        let step = makeStep()
        var results = [EpochResult]()
        for epoch in 0..<options.epochs {
            let start = DispatchTime.now().uptimeNanoseconds
            let (loss, seconds) = runEpoch(epoch, from: &state, step: step) { number, loss in
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                onStep(epoch, number, loss, Double(number) / max(elapsed, 1e-9))
            }
            let result = EpochResult(
                epoch: epoch + 1, trainLoss: loss,
                trainAccuracy: accuracy(logits: state.model(train.inputs), labels: train.labels),
                testAccuracy: accuracy(logits: state.model(test.inputs), labels: test.labels),
                stepsPerSecond: Double(stepsPerEpoch) / max(seconds, 1e-9))
            results.append(result)
            onEpoch(result)
        }
        return (state, results)
    }
}
