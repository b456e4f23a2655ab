import Autodiff
import AutodiffNN
import Foundation
import Testing
@testable import autodiff

/// The training code of `autodiff train`, run in-process.
@Suite("autodiff train")
struct TrainStepTests {
    /// One epoch (23 steps) of the digits MLP, compiled and eager, from the
    /// same state on the same batches: the same parameters and optimizer
    /// state to float32 rounding.
    @Test func compiledAndEagerStepsAgree() throws {
        let data = try Digits.load()
        func trained(compiled: Bool) -> DigitsState {
            let trainer = DigitsTrainer(options: DigitsTrainingOptions(seed: 4, compiled: compiled), data: data)
            var state = trainer.initialState()
            let step = trainer.makeStep()
            // An epoch of 23 steps (22 of 64 and one of 30: two traces).
            _ = trainer.runEpoch(0, from: &state, step: step)
            return state
        }
        let (compiled, eager) = (trained(compiled: true), trained(compiled: false))
        let (a, b) = (compiled.tensors, eager.tensors)
        #expect(a.count == b.count && a.count == 4 + 1 + 8)
        for (x, y) in zip(a, b) {
            #expect(x.shape == y.shape)
            let scale = y.doubles.map(Swift.abs).max() ?? 1
            let worst = zip(x.doubles, y.doubles).map { Swift.abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-5 * max(scale, 1e-3), "max difference \(worst) at scale \(scale)")
        }
        // And it trained: the loss fell from chance (log 10 = 2.3; about 1.4
        // after this first epoch).
        let trainer = DigitsTrainer(options: DigitsTrainingOptions(seed: 4), data: data)
        let before = crossEntropy(logits: trainer.initialState().model(trainer.train.inputs), labels: trainer.train.labels)
        let after = crossEntropy(logits: compiled.model(trainer.train.inputs), labels: trainer.train.labels)
        #expect(before.item() > 2 && after.item() < 0.75 * before.item(), "\(before) -> \(after)")
    }

    @Test func linearRegressionRecoversTheWeights() {
        let regression = LinearRegression()
        for fit in [regression.fromScratch(), regression.withLinear()] {
            #expect(zip(fit.weight, LinearRegression.trueWeight).allSatisfy { Swift.abs($0 - $1) < 0.01 }, "\(fit.weight)")
            #expect(Swift.abs(fit.bias - LinearRegression.trueBias) < 0.01, "\(fit.bias)")
            // The noise's variance (σ² = 1e-4) bounds what is left.
            #expect(fit.losses.last! < 3e-4 && fit.losses.last! < fit.losses.first!)
        }
    }
}
