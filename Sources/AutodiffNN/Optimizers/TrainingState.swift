import Autodiff

/// A model and its optimizer: what a training step carries to the next,
/// saved and loaded as one file (`state.save(to:)`: names `model.0.weight`,
/// ..., `optimizer.step`, ...).
///
/// Make the optimizer's state before the first step with
/// `optimizer.prepared(for: model)`, so that a compiled step sees the same
/// structure from the first call on.
public struct TrainingState<Model: Layer, Method: Optimizer>: TensorContainer {
    /// The parameters being trained.
    public var model: Model
    /// The optimizer and its state (step count, moments).
    public var optimizer: Method

    /// The state from a model and an optimizer, as they are.
    public init(model: Model, optimizer: Method) {
        self.model = model
        self.optimizer = optimizer
    }

    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Self {
        TrainingState(model: model.mapTensors(transform), optimizer: optimizer.mapTensors(transform))
    }

    /// One step on a minibatch: `loss(model(inputs), targets)`, its
    /// gradient with respect to the model, and the optimizer's update.
    /// Returns the new state and the loss before the update.
    public func step(inputs: Tensor, targets: Tensor, loss: (Tensor, Tensor) -> Tensor) -> (state: Self, loss: Tensor) {
        let (value, gradient) = withoutActuallyEscaping(loss) { loss in
            valueAndGrad { (model: Model) in loss(model(inputs), targets) }(model)
        }
        var next = self
        next.optimizer.update(&next.model, along: gradient)
        return (next, value)
    }
}

/// The training step as a function of the state and a minibatch, compiled
/// with `compile` (the default) or eager: `step(state, inputs, targets)`
/// gives the new state and the loss before the update.
///
/// Compiled, the whole step (loss, gradient, update) is traced once per
/// shape of minibatch and replayed after. Targets must then be tensors
/// (``oneHot(_:classCount:dtype:)`` and ``crossEntropy(logits:targets:)``
/// rather than integer labels, which a trace would fix as constants).
///
/// ```swift
/// let step: TrainingStep<MLP, Adam> = trainingStep(loss: { crossEntropy(logits: $0, targets: $1) })
/// (state, loss) = step(state, batch.inputs, oneHot(batch.labels, classCount: 10))
/// ```
public func trainingStep<Model: Layer, Method: Optimizer>(
    loss: @escaping (Tensor, Tensor) -> Tensor, compiled: Bool = true
) -> TrainingStep<Model, Method> {
    let run = { (input: StepArguments<Model, Method>) in
        let (state, value) = input.state.step(inputs: input.inputs, targets: input.targets, loss: loss)
        return StepResult(state: state, loss: value)
    }
    let step = compiled ? compile(run) : run
    return { state, inputs, targets in
        let result = step(StepArguments(state: state, inputs: inputs, targets: targets))
        return (result.state, result.loss)
    }
}

/// A training step: the state and a minibatch's inputs and targets in, the
/// new state and the loss out.
public typealias TrainingStep<Model: Layer, Method: Optimizer> =
    (TrainingState<Model, Method>, Tensor, Tensor) -> (state: TrainingState<Model, Method>, loss: Tensor)

/// The input of a step as one container, as `compile` takes it.
private struct StepArguments<Model: Layer, Method: Optimizer>: TensorContainer {
    var state: TrainingState<Model, Method>
    var inputs: Tensor
    var targets: Tensor

    func mapTensors(_ transform: (Tensor) -> Tensor) -> Self {
        StepArguments(state: state.mapTensors(transform), inputs: transform(inputs), targets: transform(targets))
    }
}

/// The output of a step as one container.
private struct StepResult<Model: Layer, Method: Optimizer>: TensorContainer {
    var state: TrainingState<Model, Method>
    var loss: Tensor

    func mapTensors(_ transform: (Tensor) -> Tensor) -> Self {
        StepResult(state: state.mapTensors(transform), loss: transform(loss))
    }
}

/// Encodable when its model and optimizer are, so that a compiled training
/// step keys its traces on the state's stored values (learning rate,
/// betas, layer settings) without reading it through `Mirror`.
extension TrainingState: Encodable where Model: Encodable, Method: Encodable {}

extension TrainingState: Decodable where Model: Decodable, Method: Decodable {}

extension StepArguments: Encodable where Model: Encodable, Method: Encodable {}
