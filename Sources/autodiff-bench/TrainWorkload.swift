import Autodiff
import AutodiffNN

/// W10 mlp-train: one epoch of 22 Adam steps (learning rate 1e-3, betas
/// 0.9 / 0.999, epsilon 1e-8, bias-corrected as PyTorch and optax) of an
/// MLP 64-128-10 with ReLU, on minibatches of 64 taken in order from
/// `X ~ U(0, 1)` 1408 x 64 with labels uniform in 0..<10; each step is the
/// mean softmax cross-entropy's value and gradient and the update.
/// Parameters and optimizer state carry over from one timed epoch to the
/// next. Written with AutodiffNN as a user would: `Sequential`, `Linear`
/// (PyTorch's initialisation), `crossEntropy`, `Adam`; variant `-jit` is
/// `compile` of the whole step (value, gradient and update).
///
/// The minibatches are made once, before timing, as a user's data loader
/// would (the peers slice views of `X`). The labels are one-hot targets so
/// that the compiled step takes them as tensors; the eager variant runs
/// the same step. Checked: one epoch from the start against the same
/// epoch in float64 (backpropagation and Adam by hand), as the largest
/// error of the parameters' change relative to its scale.
func runW10(_ bench: Bench) {
    let start = W10State(model: W10Model(Linear(64, 128, seed: 1000), ReLU(), Linear(128, 10, seed: 1001)), optimizer: Adam())
    let x = Tensor.randomUniform([1408, 64], seed: 1002)
    let labels = Tensor.randomUniform([1408], seed: 1003).scalars.map { min(Int($0 * 10), 9) }
    let batches = (0..<22).map { k in
        W10Batch(inputs: x[(64 * k)..<(64 * (k + 1))], targets: oneHot(Array(labels[(64 * k)..<(64 * (k + 1))]), classCount: 10))
    }
    let initial = W10State(model: start.model, optimizer: Adam().prepared(for: start.model))
    let reference = w10Reference(start.model, batches: batches)

    for (variant, step) in [("train_epoch-eager", w10Step), ("train_epoch-jit", compile(w10Step))] {
        func epoch(_ state: inout W10State) -> Tensor {
            var loss = Tensor(0)
            for batch in batches {
                let output = step(W10Input(state: state, batch: batch))
                (state, loss) = (output.state, output.loss)
            }
            return loss
        }
        if variant.hasSuffix("jit") {
            bench.compiling("W10", variant) { step(W10Input(state: initial, batch: batches[0])) }
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

/// What carries over from step to step.
struct W10State: TensorContainer {
    var model: W10Model
    var optimizer: Adam

    func mapTensors(_ transform: (Tensor) -> Tensor) -> W10State {
        W10State(model: model.mapTensors(transform), optimizer: optimizer.mapTensors(transform))
    }
}

struct W10Batch: TensorContainer {
    var inputs: Tensor
    var targets: Tensor

    func mapTensors(_ transform: (Tensor) -> Tensor) -> W10Batch {
        W10Batch(inputs: transform(inputs), targets: transform(targets))
    }
}

struct W10Input: TensorContainer {
    var state: W10State
    var batch: W10Batch

    func mapTensors(_ transform: (Tensor) -> Tensor) -> W10Input {
        W10Input(state: state.mapTensors(transform), batch: batch.mapTensors(transform))
    }
}

struct W10Output: TensorContainer {
    var state: W10State
    var loss: Tensor

    func mapTensors(_ transform: (Tensor) -> Tensor) -> W10Output {
        W10Output(state: state.mapTensors(transform), loss: transform(loss))
    }
}

/// One step: the loss and its gradient, then Adam's update.
func w10Step(_ input: W10Input) -> W10Output {
    let (loss, g) = valueAndGrad { (model: W10Model) in
        crossEntropy(logits: model(input.batch.inputs), targets: input.batch.targets)
    }(input.state.model)
    var state = input.state
    state.optimizer.update(&state.model, along: g)
    return W10Output(state: state, loss: loss)
}
