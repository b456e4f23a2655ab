import Foundation

/// A learning rate as a function of the step count, set on an optimizer
/// before each step: `optimizer.learningRate = schedule(step)`.
public protocol LearningRateSchedule: Sendable {
    /// The learning rate for step `step` (0 for the first step).
    func callAsFunction(_ step: Int) -> Float
}

/// Cosine decay from `initial` to `final` over `steps` steps, then `final`
/// (optax's `cosine_decay_schedule`, PyTorch's `CosineAnnealingLR` without
/// restarts): `final + (initial - final) (1 + cos(π t / steps)) / 2`.
public struct CosineDecay: LearningRateSchedule {
    /// The rate at step 0.
    public let initial: Float
    /// The rate from step `steps` on.
    public let final: Float
    /// How many steps the decay takes.
    public let steps: Int

    /// Decay from `initial` to `final` over `steps` steps (at least one).
    public init(initial: Float, steps: Int, final: Float = 0) {
        if steps < 1 { fail("CosineDecay: steps is \(steps); decay over at least one step") }
        self.initial = initial
        self.steps = steps
        self.final = final
    }

    public func callAsFunction(_ step: Int) -> Float {
        let t = Double(min(max(step, 0), steps)) / Double(steps)
        return final + (initial - final) * Float((1 + cos(Double.pi * t)) / 2)
    }
}

/// The rate multiplied by `factor` every `interval` steps (PyTorch's
/// `StepLR`): `initial · factor^⌊step / interval⌋`.
public struct StepDecay: LearningRateSchedule {
    /// The rate of the first `interval` steps.
    public let initial: Float
    /// How many steps each rate lasts.
    public let interval: Int
    /// What the rate is multiplied by after each interval.
    public let factor: Float

    /// `initial`, multiplied by `factor` every `interval` steps (at least one).
    public init(initial: Float, interval: Int, factor: Float = 0.1) {
        if interval < 1 { fail("StepDecay: interval is \(interval); decay every one step or more") }
        self.initial = initial
        self.interval = interval
        self.factor = factor
    }

    public func callAsFunction(_ step: Int) -> Float {
        initial * Float(pow(Double(factor), Double(max(step, 0) / interval)))
    }
}
