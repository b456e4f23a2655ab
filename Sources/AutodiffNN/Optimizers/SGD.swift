import Autodiff

/// Stochastic gradient descent with optional momentum, Nesterov momentum and
/// weight decay, exactly as `torch.optim.SGD` documents it (dampening 0):
///
/// ```
/// g = gradient + weightDecay * p
/// b = momentum * b + g             (b starts at 0, so the first b is g)
/// g = nesterov ? g + momentum * b : b      (when momentum ≠ 0)
/// p = p - learningRate * g
/// ```
///
/// PyTorch's `dampening` is always 0 here (its default, and what Nesterov
/// momentum requires). Its state is the step count and, with momentum, one
/// buffer per parameter.
public struct SGD: Optimizer, Codable, Sendable {
    /// The size of a step along the (momentum-averaged) gradient.
    public var learningRate: Float
    /// The decay of the momentum buffer; 0 for plain gradient descent.
    public var momentum: Float
    /// L2 penalty added to the gradient (coupled decay, as PyTorch's SGD).
    public var weightDecay: Float
    /// Whether to step along `g + momentum * b` (Nesterov) instead of `b`.
    public var nesterov: Bool
    /// The number of steps taken, a float64 rank-0 tensor.
    public var step: Tensor
    /// One per parameter tensor once a step with momentum has been taken;
    /// empty without momentum.
    public var momentumBuffers: [Tensor]

    /// SGD; Nesterov momentum needs a nonzero `momentum`.
    public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0, nesterov: Bool = false) {
        if nesterov && momentum == 0 {
            fail("SGD: Nesterov momentum needs a nonzero momentum (as in PyTorch)")
        }
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.step = stepTensor(0)
        self.momentumBuffers = []
    }

    public func mapTensors(_ transform: (Tensor) -> Tensor) -> SGD {
        var copy = self
        copy.step = transform(step)
        copy.momentumBuffers = momentumBuffers.mapTensors(transform)
        return copy
    }

    public func prepared<P: TensorContainer>(for parameters: P) -> SGD {
        var copy = self
        copy.step = stepTensor(0)
        copy.momentumBuffers = momentum == 0 ? [] : parameters.tensors.map { Tensor.zeros(like: $0) }
        return copy
    }

    public mutating func update<P: TensorContainer>(_ parameters: inout P, along gradients: P) {
        let (p, g) = pairedTensors(parameters, gradients, "SGD")
        var buffers = momentum == 0 ? [] : stateBuffers(momentumBuffers, like: p, "SGD", "momentum buffers")
        var updated = [Tensor]()
        updated.reserveCapacity(p.count)
        for i in p.indices {
            var d = weightDecay == 0 ? g[i] : g[i] + weightDecay * p[i]
            if momentum != 0 {
                buffers[i] = momentum * buffers[i] + d
                d = nesterov ? d + momentum * buffers[i] : buffers[i]
            }
            updated.append(p[i] - learningRate * d)
        }
        parameters = parameters.replacingTensors(with: updated)
        momentumBuffers = buffers
        // A tensor operation, not a number read and written back: inside
        // `compile` a number read would be a guard that changes every step.
        step = step + 1
    }
}
