import Autodiff

/// A rule that moves parameters along their gradients, step by step.
///
/// An optimizer is a `TensorContainer` whose tensors are its state (step
/// count, momentum buffers, moments), so `save(to:)` and `loaded(from:)`
/// work on it as on a model: an optimizer saved after some steps and loaded
/// again continues exactly as the original would. Hyperparameters (learning
/// rate, betas, ...) are plain Swift numbers, not saved: make the optimizer
/// to load into with the same ones.
///
/// ```swift
/// var optimizer = Adam(learningRate: 1e-3)
/// let (loss, g) = valueAndGrad(lossOf)(model)
/// optimizer.update(&model, along: g)
/// ```
public protocol Optimizer: TensorContainer {
    /// One step: `parameters` moved along `gradients` (a value of the same
    /// type, as `grad` returns), and the state advanced.
    mutating func update<P: TensorContainer>(_ parameters: inout P, along gradients: P)

    /// This optimizer with zero state shaped for `parameters`, as before its
    /// first step: the structure that `loaded(from:)` needs, since a new
    /// optimizer holds no per-parameter state until its first `update`.
    ///
    /// The default returns `self`, right for an optimizer whose state does
    /// not depend on the parameters.
    func prepared<P: TensorContainer>(for parameters: P) -> Self
}

extension Optimizer {
    /// `self`: for an optimizer whose state does not depend on the parameters.
    public func prepared<P: TensorContainer>(for parameters: P) -> Self { self }
}

/// The tensors of `parameters` and `gradients`, paired and checked: the same
/// count and shapes (a gradient of another model is a programmer error).
func pairedTensors<P: TensorContainer>(_ parameters: P, _ gradients: P, _ name: String) -> (parameters: [Tensor], gradients: [Tensor]) {
    let (p, g) = (parameters.tensors, gradients.tensors)
    if p.count != g.count {
        fail("\(name).update: \(g.count) gradients for \(p.count) parameter tensors of \(P.self); pass the gradient of these parameters (grad(loss)(parameters))")
    }
    for i in p.indices where p[i].shape != g[i].shape {
        fail("\(name).update: gradient \(i) has shape \(g[i].shape) but its parameter has shape \(p[i].shape); pass the gradient of these parameters")
    }
    return (p, g)
}

/// `buffers`, or zeros shaped like `parameters` if there are none yet (the
/// first step); stops if they belong to parameters of another structure.
func stateBuffers(_ buffers: [Tensor], like parameters: [Tensor], _ name: String, _ what: String) -> [Tensor] {
    if buffers.isEmpty { return parameters.map { Tensor.zeros(like: $0) } }
    if buffers.count != parameters.count || zip(buffers, parameters).contains(where: { $0.shape != $1.shape }) {
        fail("\(name).update: the \(what) hold \(buffers.count) tensors of shapes \(buffers.map(\.shape)) but the parameters are \(parameters.count) of shapes \(parameters.map(\.shape)); use one optimizer per set of parameters")
    }
    return buffers
}

/// A step count as a float64 rank-0 tensor: exact to 2⁵³ steps (float32
/// would stop counting at 2²⁴), and saved along with the rest of the state.
func stepTensor(_ step: Double) -> Tensor { Tensor(shape: [], scalars: [step]) }
