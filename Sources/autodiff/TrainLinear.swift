import Autodiff
import AutodiffNN

/// Linear regression as "Dive into Deep Learning" does it (3.2 to 3.5):
/// noisy samples of `y = x w + b` with `w = [2, -3.4]`, `b = 4.2`, fitted
/// by minibatch SGD twice: once from scratch (parameters as tensors, `grad`
/// and a hand-written step) and once with `Linear` and `SGD`.
struct LinearRegression {
    static let trueWeight: [Float] = [2, -3.4]
    static let trueBias: Float = 4.2

    var epochs = 3
    var seed: UInt64 = 0
    var sampleCount = 1000
    var batchSize = 10
    var learningRate: Float = 0.03
    /// The standard deviation of the noise added to `y` (the book's 0.01).
    var noise: Float = 0.01

    /// `x ~ N(0, 1)` of shape `[sampleCount, 2]` and `y = x w + b + noise`,
    /// `[sampleCount, 1]` (the book's `synthetic_data`).
    func data() -> (x: Tensor, y: Tensor) {
        let x = Tensor.randomNormal([sampleCount, 2], seed: seed)
        let w = Tensor(shape: [2, 1], scalars: Self.trueWeight)
        let y = matmul(x, w) + Self.trueBias + noise * Tensor.randomNormal([sampleCount, 1], seed: seed &+ 1)
        return (x, y)
    }

    /// A fitted model: its weight, bias and the loss over all samples after
    /// each epoch.
    struct Fit {
        var weight: [Float]
        var bias: Float
        var losses: [Float]
    }

    /// From scratch: `w ~ N(0, 0.01²)`, `b = 0`, the squared loss `(ŷ - y)² / 2`
    /// averaged over the minibatch, and `p = p - lr ∂loss/∂p`.
    func fromScratch() -> Fit {
        let (x, y) = data()
        var parameters = [0.01 * Tensor.randomNormal([2, 1], seed: seed &+ 2), Tensor.zeros([1])]
        func loss(_ p: [Tensor], _ x: Tensor, _ y: Tensor) -> Tensor {
            let difference = matmul(x, p[0]) + p[1] - y
            return (difference * difference / 2).mean()
        }
        var losses = [Float]()
        for epoch in 0..<epochs {
            for indices in minibatchIndices(count: sampleCount, size: batchSize, seed: seed, epoch: epoch) {
                let (xb, yb) = (x.gathered(indices), y.gathered(indices))
                let g = grad { loss($0, xb, yb) }(parameters)
                parameters = zip(parameters, g).map { p, g in p - learningRate * g }
            }
            losses.append(loss(parameters, x, y).item())
        }
        return Fit(weight: parameters[0].scalars, bias: parameters[1].item(), losses: losses)
    }

    /// With AutodiffNN: a `Linear(2, 1)`, `meanSquaredError` (which has no
    /// factor 1/2, so its gradient is twice the one above) and `SGD`.
    func withLinear() -> Fit {
        let (x, y) = data()
        var model = Linear(2, 1, seed: seed &+ 3)
        var optimizer = SGD(learningRate: learningRate)
        var losses = [Float]()
        for epoch in 0..<epochs {
            for indices in minibatchIndices(count: sampleCount, size: batchSize, seed: seed, epoch: epoch) {
                let (xb, yb) = (x.gathered(indices), y.gathered(indices))
                let g = grad { (m: Linear) in meanSquaredError(m(xb), yb) }(model)
                optimizer.update(&model, along: g)
            }
            losses.append(meanSquaredError(model(x), y).item())
        }
        return Fit(weight: model.weight.scalars, bias: model.bias!.item(), losses: losses)
    }

    /// The report of both fits, as `autodiff train linear` prints it.
    func report() -> String {
        var text = "Linear regression on \(sampleCount) noisy samples of y = x·[2, -3.4] + 4.2 "
            + "(noise σ = \(noise)), minibatches of \(batchSize), learning rate \(learningRate)\n"
        for (title, fit, lossName) in [("From scratch (grad and a hand-written SGD step)", fromScratch(), "squared loss / 2"),
                                       ("With Linear and SGD", withLinear(), "mean squared error")] {
            text += "\n\(title):\n"
            for (epoch, loss) in fit.losses.enumerated() {
                text += "  epoch \(epoch + 1): \(lossName) \(String(format: "%.6f", loss))\n"
            }
            let w = fit.weight.map { String(format: "%.4f", $0) }.joined(separator: ", ")
            let errors = zip(Self.trueWeight, fit.weight).map { String(format: "%.4f", $0 - $1) }.joined(separator: ", ")
            text += "  w = [\(w)], b = \(String(format: "%.4f", fit.bias))\n"
            text += "  error in w: [\(errors)], in b: \(String(format: "%.4f", Self.trueBias - fit.bias))\n"
        }
        return text
    }
}
