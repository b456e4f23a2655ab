import Autodiff

/// W4 mlp-step: an MLP 784-256-256-10 with ReLU on a batch of 128, mean
/// softmax cross-entropy against integer labels. Variants `forward` (loss
/// only) and `value_and_grad` (loss and the gradients of all six parameter
/// arrays), and their ratio, which shows what the tape costs.
///
/// Inputs as timing.py makes them: He-scaled normal weights
/// (`N(0, 1) · sqrt(2 / fan_in)`), zero biases, `X ~ N(0, 1)`, labels
/// uniform in 0..<10.
func runW4(_ bench: Bench) {
    let sizes = [784, 256, 256, 10]
    let batch = 128
    var params = [Tensor]()
    for (layer, (fanIn, fanOut)) in zip(sizes.dropLast(), sizes.dropFirst()).enumerated() {
        let seed = UInt64(400 + layer)
        params.append(Tensor.randomNormal([fanIn, fanOut], seed: seed) * (2 / Float(fanIn)).squareRoot())
        params.append(Tensor.zeros([fanOut]))
    }
    let x = Tensor.randomNormal([batch, sizes[0]], seed: 410)
    let labels = Tensor.randomUniform([batch], seed: 411).scalars.map { min(Int($0 * 10), 9) }

    // The label entries of log p are picked by a one-hot mask: there is no
    // per-row gather (take_along_axis) in the API, and a 128 x 10 product
    // costs next to nothing beside the matmuls.
    var mask = [Float](repeating: 0, count: batch * 10)
    for (row, label) in labels.enumerated() { mask[row * 10 + label] = 1 }
    let oneHot = Tensor(shape: [batch, 10], scalars: mask)

    func loss(_ p: [Tensor]) -> Tensor {
        let h1 = relu(matmul(x, p[0]) + p[1])
        let h2 = relu(matmul(h1, p[2]) + p[3])
        let logits = matmul(h2, p[4]) + p[5]
        return -(logSoftmax(logits, axis: 1) * oneHot).sum() / Float(batch)
    }

    let lossAndGrad = valueAndGrad(loss)
    let (forward, value) = bench.measure("W4", "forward-eager") { loss(params) }
    bench.info("W4", "forward-eager", ["checksum": Double(value.item())])
    let (both, result) = bench.measure("W4", "value_and_grad-eager") { lossAndGrad(params) }
    bench.info("W4", "value_and_grad-eager", ["loss": Double(result.value.item()),
                                              "checksum": absTotal(result.grad)])
    bench.info("W4", "ratio-eager", ["value_and_grad_over_forward": both / forward])

    // Against backpropagation by hand in float64 (our inputs are not the
    // Python peers', so their checksums do not compare with ours).
    let reference = mlpReference(params: params, x: x, labels: labels)
    let error = zip(result.grad, reference.grads).map { g, r in
        g.count == r.count ? maxRelativeError(g.scalars, r) : .infinity  // wrong shape
    }.max() ?? .infinity
    bench.info("W4", "value_and_grad-eager", ["ref_loss": reference.loss, "max_rel_err": error])

    let compiled = compile { (p: [Tensor]) -> [Tensor] in
        let (value, grad) = lossAndGrad(p)
        return [value] + grad
    }
    bench.compiling("W4", "value_and_grad-jit") { compiled(params) }
    let (_, jit) = bench.measure("W4", "value_and_grad-jit") { compiled(params) }
    let jitError = zip(jit.dropFirst(), reference.grads).map { g, r in
        g.count == r.count ? maxRelativeError(g.scalars, r) : .infinity
    }.max() ?? .infinity
    bench.info("W4", "value_and_grad-jit", ["loss": Double(jit[0].item()), "max_rel_err": jitError])
}
