import Autodiff
import Foundation

/// Adam with bias correction, as `torch.optim.Adam`:
///
/// ```
/// m = beta1 * m + (1 - beta1) * g
/// v = beta2 * v + (1 - beta2) * g²
/// p = p - learningRate / (1 - beta1^t) * m / (√v / √(1 - beta2^t) + epsilon)
/// ```
///
/// with `t` the step number from 1 (the same rule as the paper's
/// `m̂ / (√v̂ + ε)`, arranged as PyTorch computes it).
///
/// MLX's default differs: its `Adam` (and `AdamW`) has
/// `bias_correction=False` unless asked, and steps by
/// `learningRate * m / (√v + epsilon)`, which is this step times
/// `(1 - beta1^t) / √(1 - beta2^t)`: about 3.2 times larger at the first step
/// with the default betas, the same in the long run. With
/// `bias_correction=True` MLX computes this rule.
///
/// Its state is the step count and the two moments of every parameter.
public struct Adam: Optimizer, AdamMoments, Codable, Sendable {
    /// The size of a step (about the size of the first steps, whatever the
    /// gradient's scale).
    public var learningRate: Float
    /// The decay of the running mean of the gradient, `m`.
    public var beta1: Float
    /// The decay of the running mean of the squared gradient, `v`.
    public var beta2: Float
    /// Added to `√v̂` so that a zero gradient does not divide by zero.
    public var epsilon: Float
    /// The number of steps taken, a float64 rank-0 tensor.
    public var step: Tensor
    /// `m`, one per parameter tensor once a step has been taken.
    public var firstMoments: [Tensor]
    /// `v`, one per parameter tensor once a step has been taken.
    public var secondMoments: [Tensor]

    /// Adam with PyTorch's defaults; no state until the first step.
    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.step = stepTensor(0)
        self.firstMoments = []
        self.secondMoments = []
    }

    public func mapTensors(_ transform: (Tensor) -> Tensor) -> Adam { mappingMoments(transform) }

    public func prepared<P: TensorContainer>(for parameters: P) -> Adam { preparingMoments(for: parameters) }

    public mutating func update<P: TensorContainer>(_ parameters: inout P, along gradients: P) {
        adamStep(&parameters, gradients, decoupledDecay: 0, name: "Adam",
                 rates: (learningRate, beta1, beta2, epsilon),
                 step: &step, m: &firstMoments, v: &secondMoments)
    }
}

/// One step of Adam, after AdamW's decoupled decay `p = p (1 - lr decay)`
/// when `decoupledDecay` is nonzero. Shared by `Adam` and `AdamW`.
func adamStep<P: TensorContainer>(
    _ parameters: inout P, _ gradients: P, decoupledDecay: Float, name: String,
    rates: (learningRate: Float, beta1: Float, beta2: Float, epsilon: Float),
    step: inout Tensor, m moments: inout [Tensor], v squares: inout [Tensor]
) {
    let (p, g) = pairedTensors(parameters, gradients, name)
    var m = stateBuffers(moments, like: p, name, "first moments")
    var v = stateBuffers(squares, like: p, name, "second moments")
    let (lr, beta1, beta2, epsilon) = rates
    // The corrections in float64, then rounded once to float32, as PyTorch
    // computes them in Python floats. Tensor operations on the step count
    // rather than a Swift number read from it: a number read inside
    // `compile` would be a guard that changes every step (a new trace each
    // time), while these stay in the compiled program.
    let t = step.cast(to: .float64) + 1
    let correction1 = 1 - pow(Tensor(Double(beta1)), t)
    let correction2 = 1 - pow(Tensor(Double(beta2)), t)
    let stepSize = (Double(lr) / correction1).cast(to: .float32)
    let root2 = sqrt(correction2).cast(to: .float32)
    var updated = [Tensor]()
    updated.reserveCapacity(p.count)
    for i in p.indices {
        let decayed = decoupledDecay == 0 ? p[i] : p[i] * (1 - lr * decoupledDecay)
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v[i] = beta2 * v[i] + (1 - beta2) * (g[i] * g[i])
        updated.append(decayed - stepSize * m[i] / (sqrt(v[i]) / root2 + epsilon))
    }
    parameters = parameters.replacingTensors(with: updated)
    moments = m
    squares = v
    step = t
}

/// The state that Adam and AdamW share: the step count and the two moments
/// of every parameter tensor, visited in that order.
protocol AdamMoments {
    var step: Tensor { get set }
    var firstMoments: [Tensor] { get set }
    var secondMoments: [Tensor] { get set }
}

extension AdamMoments {
    func mappingMoments(_ transform: (Tensor) -> Tensor) -> Self {
        var copy = self
        copy.step = transform(step)
        copy.firstMoments = firstMoments.mapTensors(transform)
        copy.secondMoments = secondMoments.mapTensors(transform)
        return copy
    }

    /// Zero moments shaped like `parameters`, at step 0.
    func preparingMoments<P: TensorContainer>(for parameters: P) -> Self {
        var copy = self
        copy.step = stepTensor(0)
        copy.firstMoments = parameters.tensors.map { Tensor.zeros(like: $0) }
        copy.secondMoments = copy.firstMoments
        return copy
    }
}
