import Autodiff
import AutodiffNN

/// W10 mlp-train: one epoch of 22 Adam steps (learning rate 1e-3, betas
/// 0.9 / 0.999, epsilon 1e-8, bias-corrected as PyTorch and optax) of an
/// MLP 64-128-10 with ReLU, on minibatches of 64 taken in order from
/// `X ~ U(0, 1)` 1408 x 64 with labels uniform in 0..<10; each step is the
/// mean softmax cross-entropy's value and gradient and the update.
/// Parameters and optimizer state carry over from one timed epoch to the
/// next. Written with AutodiffNN as a user would: `Sequential`, `Linear`
/// (PyTorch's initialisation), `crossEntropy`, `Adam`, and `trainingStep`,
/// whose `-jit` variant is `compile` of the whole step (value, gradient
/// and update).
///
/// The minibatches are made once, before timing, as a user's data loader
/// would (the peers slice views of `X`). The labels are one-hot targets so
/// that the compiled step takes them as tensors; the eager variant runs
/// the same step. Checked: one epoch from the start against the same
/// epoch in float64 (backpropagation and Adam by hand), as the largest
/// error of the parameters' change relative to its scale.
func runW10(_ bench: Bench) {
    let model = W10Model(Linear(64, 128, seed: 1000), ReLU(), Linear(128, 10, seed: 1001))
    let x = Tensor.randomUniform([1408, 64], seed: 1002)
    let labels = Tensor.randomUniform([1408], seed: 1003).scalars.map { min(Int($0 * 10), 9) }
    let batches = (0..<22).map { k in
        (inputs: x[(64 * k)..<(64 * (k + 1))], targets: oneHot(Array(labels[(64 * k)..<(64 * (k + 1))]), classCount: 10))
    }
    let initial = W10State(model: model, optimizer: Adam().prepared(for: model))
    let reference = w10Reference(model, batches: batches)

    for compiled in [false, true] {
        let variant = compiled ? "train_epoch-jit" : "train_epoch-eager"
        let step: TrainingStep<W10Model, Adam> = trainingStep(loss: { crossEntropy(logits: $0, targets: $1) },
                                                               compiled: compiled)
        func epoch(_ state: inout W10State) -> Tensor {
            var loss = Tensor(0)
            for batch in batches { (state, loss) = step(state, batch.inputs, batch.targets) }
            return loss
        }
        if compiled {
            bench.compiling("W10", variant) { step(initial, batches[0].inputs, batches[0].targets) }
        }
        // The check: one epoch from the start.
        var checked = initial
        let firstLoss = epoch(&checked)
        let change = zip(checked.model.tensors, initial.model.tensors).map { ($0 - $1).scalars }
        let error = zip(change, reference.change).map { maxRelativeError($0, $1) }.max() ?? .infinity
        bench.info("W10", variant, ["loss": Double(firstLoss.item()), "ref_loss": reference.loss, "max_rel_err": error])
        var state = initial
        let (_, loss) = bench.measure("W10", variant) { epoch(&state) }
        bench.info("W10", variant, ["last_loss": Double(loss.item())])
    }
}

typealias W10Model = Sequential<Linear, ReLU, Linear>
typealias W10State = TrainingState<W10Model, Adam>
