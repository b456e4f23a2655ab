import Autodiff

/// Adam with decoupled weight decay, as `torch.optim.AdamW`: each step first
/// shrinks the parameters, `p = p (1 - learningRate * weightDecay)`, then
/// takes the bias-corrected Adam step of `Adam` with the plain gradient.
///
/// Unlike an L2 penalty added to the gradient, the decay is not rescaled by
/// Adam's `1/√v`, so every weight decays at the same rate (Loshchilov and
/// Hutter). Its state is that of `Adam`. MLX's `AdamW` shrinks the same way
/// but, by default, takes Adam's step without bias correction (see `Adam`).
public struct AdamW: Optimizer, AdamMoments, Codable, Sendable {
    /// The size of a step.
    public var learningRate: Float
    /// The decay of the running mean of the gradient, `m`.
    public var beta1: Float
    /// The decay of the running mean of the squared gradient, `v`.
    public var beta2: Float
    /// Added to `√v̂` so that a zero gradient does not divide by zero.
    public var epsilon: Float
    /// The fraction of each parameter removed per step, times the learning
    /// rate: `p = p (1 - learningRate * weightDecay)`.
    public var weightDecay: Float
    /// The number of steps taken, a float64 rank-0 tensor.
    public var step: Tensor
    /// `m`, one per parameter tensor once a step has been taken.
    public var firstMoments: [Tensor]
    /// `v`, one per parameter tensor once a step has been taken.
    public var secondMoments: [Tensor]

    /// AdamW with PyTorch's defaults; no state until the first step.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0.01) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.step = stepTensor(0)
        self.firstMoments = []
        self.secondMoments = []
    }

    public func mapTensors(_ transform: (Tensor) -> Tensor) -> AdamW { mappingMoments(transform) }

    public func prepared<P: TensorContainer>(for parameters: P) -> AdamW { preparingMoments(for: parameters) }

    public mutating func update<P: TensorContainer>(_ parameters: inout P, along gradients: P) {
        adamStep(&parameters, gradients, decoupledDecay: weightDecay, name: "AdamW",
                 rates: (learningRate, beta1, beta2, epsilon),
                 step: &step, m: &firstMoments, v: &secondMoments)
    }
}
