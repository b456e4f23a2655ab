import Autodiff
import AutodiffNN
import Foundation
import Testing

/// A small problem with a gradient known in closed form:
/// `L(w) = Σ a w²/2 + w⁴/4 - b w`, so `∂L/∂w = a w + w³ - b`, elementwise
/// over two parameter tensors.
private enum Problem {
    static let a: [Double] = [0.5, 1, 2, 3, 0.25, 1.5, 1, 2, 0.75, 1.25]
    static let b: [Double] = [1, -1, 0.5, 2, -0.5, 0, 1.5, -2, 0.25, 1]
    static let shapes = [[2, 3], [4]]

    static var start: [Tensor] {
        [Tensor(shape: [2, 3], scalars: [0.3, -0.2, 0.8, -1.1, 0.05, 0.6] as [Float]),
         Tensor(shape: [4], scalars: [-0.4, 1.2, 0.1, -0.7] as [Float])]
    }

    static func loss(_ w: [Tensor]) -> Tensor {
        let flat = concatenate(w.map { $0.reshaped([-1]) })
        let (a, b) = (Tensor(a.map(Float.init)), Tensor(b.map(Float.init)))
        return (a * flat * flat / 2 + flat * flat * flat * flat / 4 - b * flat).sum()
    }

    static func gradient(_ w: [Double]) -> [Double] {
        w.indices.map { a[$0] * w[$0] + w[$0] * w[$0] * w[$0] - b[$0] }
    }

    /// Takes `count` steps of `optimizer` on the problem.
    static func run<O: Optimizer>(_ optimizer: inout O, _ parameters: inout [Tensor], steps count: Int) {
        for _ in 0..<count {
            let g = grad(loss)(parameters)
            optimizer.update(&parameters, along: g)
        }
    }
}

/// The update rules written out in float64, one number at a time, from the
/// PyTorch documentation of torch.optim.SGD, Adam and AdamW.
private enum Reference {
    static func sgd(_ w0: [Double], steps: Int, lr: Double, momentum: Double, decay: Double, nesterov: Bool) -> [[Double]] {
        var w = w0, buffer = [Double](repeating: 0, count: w0.count), trajectory = [[Double]]()
        for t in 1...steps {
            let g = Problem.gradient(w)
            for i in w.indices {
                var d = g[i] + decay * w[i]
                if momentum != 0 {
                    buffer[i] = t == 1 ? d : momentum * buffer[i] + d
                    d = nesterov ? d + momentum * buffer[i] : buffer[i]
                }
                w[i] -= lr * d
            }
            trajectory.append(w)
        }
        return trajectory
    }

    static func adam(_ w0: [Double], steps: Int, lr: Double, beta1: Double, beta2: Double, epsilon: Double, decoupledDecay: Double) -> [[Double]] {
        var w = w0, m = [Double](repeating: 0, count: w0.count), v = m, trajectory = [[Double]]()
        for t in 1...steps {
            let g = Problem.gradient(w)
            for i in w.indices {
                w[i] *= 1 - lr * decoupledDecay
                m[i] = beta1 * m[i] + (1 - beta1) * g[i]
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
                let mHat = m[i] / (1 - pow(beta1, Double(t)))
                let vHat = v[i] / (1 - pow(beta2, Double(t)))
                w[i] -= lr * mHat / (vHat.squareRoot() + epsilon)
            }
            trajectory.append(w)
        }
        return trajectory
    }
}

@Suite("Optimizers")
struct OptimizerTests {
    /// Three steps of `optimizer` against the float64 reference trajectory.
    private func expectSteps<O: Optimizer>(_ optimizer: O, match reference: [[Double]], _ name: String) {
        var optimizer = optimizer
        var parameters = Problem.start
        for (t, expected) in reference.enumerated() {
            Problem.run(&optimizer, &parameters, steps: 1)
            let got = parameters.flatMap(\.doubles)
            for (x, y) in zip(got, expected) {
                #expect(abs(x - y) <= 2e-6 * max(1, abs(y)), "\(name) step \(t + 1): \(got) vs \(expected)")
            }
            #expect(parameters.map(\.shape) == Problem.shapes)
        }
        #expect(optimizer.tensors.first!.doubleItem() == Double(reference.count), "\(name) counts its steps")
    }

    private var start: [Double] { Problem.start.flatMap(\.doubles) }

    @Test func sgdFollowsPyTorchsRule() {
        for (momentum, decay, nesterov) in [(0.0, 0.0, false), (0.9, 0.0, false), (0.9, 0.1, false), (0.8, 0.05, true)] {
            let optimizer = SGD(learningRate: 0.1, momentum: Float(momentum), weightDecay: Float(decay), nesterov: nesterov)
            let reference = Reference.sgd(start, steps: 3, lr: Double(Float(0.1)), momentum: Double(Float(momentum)),
                                          decay: Double(Float(decay)), nesterov: nesterov)
            expectSteps(optimizer, match: reference, "SGD(momentum: \(momentum), weightDecay: \(decay), nesterov: \(nesterov))")
        }
    }

    @Test func adamIsBiasCorrected() {
        let reference = Reference.adam(start, steps: 3, lr: Double(Float(0.05)), beta1: Double(Float(0.8)),
                                       beta2: Double(Float(0.99)), epsilon: Double(Float(1e-6)), decoupledDecay: 0)
        expectSteps(Adam(learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6), match: reference, "Adam")
        // Bias correction makes the first step about learningRate in size,
        // whatever the gradient's scale.
        var parameters = Problem.start
        var adam = Adam(learningRate: 0.01)
        Problem.run(&adam, &parameters, steps: 1)
        let moved = zip(parameters.flatMap(\.doubles), start).map { abs($0 - $1) }
        #expect(moved.allSatisfy { abs($0 - 0.01) < 1e-4 })
    }

    @Test func adamWDecaysDecoupled() {
        let reference = Reference.adam(start, steps: 3, lr: Double(Float(0.05)), beta1: 0.9, beta2: Double(Float(0.999)),
                                       epsilon: Double(Float(1e-8)), decoupledDecay: Double(Float(0.2)))
        expectSteps(AdamW(learningRate: 0.05, weightDecay: 0.2), match: reference, "AdamW")
        // Decay 0 is Adam exactly.
        var (p, q) = (Problem.start, Problem.start)
        var (adam, adamW) = (Adam(learningRate: 0.05), AdamW(learningRate: 0.05, weightDecay: 0))
        Problem.run(&adam, &p, steps: 3)
        Problem.run(&adamW, &q, steps: 3)
        #expect(sameBits(p, q))
    }

    /// Five steps straight, against three steps, a save and load of the
    /// parameters and the optimizer, and two more steps: the same bits.
    private func expectResumesExactly<O: Optimizer>(_ make: () -> O, _ name: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var straight = make(), straightParameters = Problem.start
        Problem.run(&straight, &straightParameters, steps: 5)

        var first = make(), parameters = Problem.start
        Problem.run(&first, &parameters, steps: 3)
        try first.save(to: directory.file("optimizer.safetensors"))
        try parameters.save(to: directory.file("parameters.safetensors"))

        var resumed = try make().prepared(for: Problem.start).loaded(from: directory.file("optimizer.safetensors"))
        var resumedParameters = try Problem.start.loaded(from: directory.file("parameters.safetensors"))
        #expect(sameBits(resumed, first) && sameBits(resumedParameters, parameters), "\(name): the loaded state")
        Problem.run(&resumed, &resumedParameters, steps: 2)
        #expect(sameBits(resumedParameters, straightParameters), "\(name): parameters after 3 + 2 steps")
        #expect(sameBits(resumed, straight), "\(name): state after 3 + 2 steps")
        // The step count is part of what was saved (bias correction depends on it).
        #expect(resumed.tensors.first!.doubleItem() == 5)
    }

    @Test func savedAndLoadedOptimizersContinueExactly() throws {
        try expectResumesExactly({ SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 0.01, nesterov: true) }, "SGD")
        try expectResumesExactly({ SGD(learningRate: 0.05) }, "SGD without momentum")
        try expectResumesExactly({ Adam(learningRate: 0.05) }, "Adam")
        try expectResumesExactly({ AdamW(learningRate: 0.05, weightDecay: 0.1) }, "AdamW")
    }

    @Test func optimizerStateIsItsTensors() throws {
        var adam = Adam()
        #expect(adam.tensors.count == 1)   // only the step count before the first step
        var parameters = Problem.start
        Problem.run(&adam, &parameters, steps: 1)
        #expect(adam.tensors.count == 5 && adam.firstMoments.map(\.shape) == Problem.shapes)
        #expect(try adam.namedTensors().map(\.name) == ["step", "firstMoments.0", "firstMoments.1", "secondMoments.0", "secondMoments.1"])
        // A new optimizer cannot take the saved state; a prepared one can.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.file("adam.safetensors")
        try adam.save(to: url)
        let error = #expect(throws: SafetensorsError.self) { try Adam().loaded(from: url) }
        #expect(error?.path == url.path && error?.problem.contains("prepared(for: parameters)") == true)
        #expect(sameBits(try Adam().prepared(for: parameters).loaded(from: url), adam))
        #expect(SGD(learningRate: 0.1).prepared(for: parameters).tensors.count == 1)
        #expect(SGD(learningRate: 0.1, momentum: 0.5).prepared(for: parameters).tensors.count == 3)
    }
}

@Suite("Error messages of optimizers")
struct OptimizerErrorMessageTests {
    @Test func gradientOfOtherParameters() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var parameters = [Tensor.zeros([2])]
            var optimizer = Adam()
            optimizer.update(&parameters, along: [Tensor.zeros([3])])
        }
        let message = stderrText(result)
        #expect(message.contains("Adam.update") && message.contains("[3]") && message.contains("[2]"))
    }

    @Test func nesterovWithoutMomentum() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SGD(learningRate: 0.1, nesterov: true)
        }
        #expect(stderrText(result).contains("Nesterov momentum needs a nonzero momentum"))
    }
}
