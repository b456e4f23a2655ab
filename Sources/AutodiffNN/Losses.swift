import Autodiff

/// The mean over the batch of `-log softmax(logits)[label]`: PyTorch's
/// `cross_entropy` and MLX's `cross_entropy(..., reduction: "mean")`.
///
/// `logits` is `[batch, classes]`, unnormalized; `labels` holds one class
/// index per row. Computed through `logSoftmax`, which subtracts each row's
/// maximum, so logits of 1e4 give a finite loss and gradient. An empty batch
/// gives NaN (a mean of nothing), as PyTorch.
public func crossEntropy(logits: Tensor, labels: [Int]) -> Tensor {
    let classes = checkClassification(logits: logits, labels: labels, "crossEntropy")
    // One gather of the flat log-probabilities picks entry (i, labels[i]).
    let picked = logSoftmax(logits, axis: 1).reshaped([-1])
        .gathered(labels.enumerated().map { row, label in row * classes + label })
    return -picked.mean()
}

/// The mean over the batch of `-Σ targets · log softmax(logits)`: the cross
/// entropy against class probabilities, such as ``oneHot(_:classCount:)``
/// labels (PyTorch's `cross_entropy` with probability targets, optax's
/// `softmax_cross_entropy`).
///
/// `logits` and `targets` are both `[batch, classes]`. With one-hot targets
/// it equals `crossEntropy(logits:labels:)`; use this form inside
/// `compile`, where the targets are an input of the program: integer labels
/// are Swift numbers, fixed into each trace.
public func crossEntropy(logits: Tensor, targets: Tensor) -> Tensor {
    if logits.rank != 2 || targets.shape != logits.shape {
        fail("crossEntropy: logits of shape \(logits.shape) and targets of shape \(targets.shape); both must be [batch, classes] (oneHot(labels, classCount:) makes targets from labels)")
    }
    return -(targets * logSoftmax(logits, axis: 1)).sum() / Double(logits.shape[0])
}

/// `labels` as rows of zeros with a one at each label: `[labels.count,
/// classCount]` float32 (or `dtype`), the targets of
/// ``crossEntropy(logits:targets:)``.
public func oneHot(_ labels: [Int], classCount: Int, dtype: DType = .float32) -> Tensor {
    if let (row, label) = labels.enumerated().first(where: { $0.element < 0 || $0.element >= classCount }) {
        fail("oneHot: label \(label) of row \(row) is out of range for \(classCount) classes; labels must be in 0..<\(classCount)")
    }
    var scalars = [Double](repeating: 0, count: labels.count * classCount)
    for (row, label) in labels.enumerated() { scalars[row * classCount + label] = 1 }
    return Tensor(shape: [labels.count, classCount], scalars: scalars).cast(to: dtype)
}

/// The fraction of rows of `logits` `[batch, classes]` whose largest entry
/// is at the row's label (the first largest, if several tie). Not
/// differentiable: a number for reporting.
public func accuracy(logits: Tensor, labels: [Int]) -> Float {
    let classes = checkClassification(logits: logits, labels: labels, "accuracy")
    if labels.isEmpty || classes == 0 { return .nan }
    let values = logits.doubles
    var correct = 0
    for (row, label) in labels.enumerated() {
        let scores = values[(row * classes)..<((row + 1) * classes)]
        // NaN never wins a comparison, so a row of NaN predicts class 0.
        var best = scores.startIndex
        for i in scores.indices where scores[i] > scores[best] { best = i }
        if best - scores.startIndex == label { correct += 1 }
    }
    return Float(correct) / Float(labels.count)
}

/// The mean of `(predictions - targets)²` over all elements.
///
/// The shapes must be equal: broadcasting a `[batch]` target against
/// `[batch, 1]` predictions would silently average a `[batch, batch]`
/// matrix, a classic mistake (PyTorch warns about it).
public func meanSquaredError(_ predictions: Tensor, _ targets: Tensor) -> Tensor {
    if predictions.shape != targets.shape {
        fail("meanSquaredError: predictions of shape \(predictions.shape) and targets of shape \(targets.shape) differ; give them the same shape (reshape the targets, e.g. targets.reshaped(predictions.shape))")
    }
    let difference = predictions - targets
    return (difference * difference).mean()
}

/// The mean over all elements of the binary cross-entropy between
/// `sigmoid(logits)` and `targets` in `0...1`: PyTorch's
/// `binary_cross_entropy_with_logits`.
///
/// Computed as `log(1 + e^x) - x t` with `log(1 + e^x)` as a `logSumExp` of
/// `0` and `x`: finite for any logit, and with the exact derivative
/// `sigmoid(x) - t` everywhere (a form with `max(x, 0)` and `|x|` would get
/// it wrong at exactly 0, where those have derivative 0 here).
public func binaryCrossEntropy(logits: Tensor, targets: Tensor) -> Tensor {
    if logits.shape != targets.shape {
        fail("binaryCrossEntropy: logits of shape \(logits.shape) and targets of shape \(targets.shape) differ; give one target per logit")
    }
    let softplus = logSumExp(stack([Tensor.zeros(like: logits), logits], axis: -1), axis: -1)
    return (softplus - logits * targets).mean()
}

/// Stops unless `logits` is `[batch, classes]` with one label in
/// `0..<classes` per row; returns `classes`.
private func checkClassification(logits: Tensor, labels: [Int], _ name: String) -> Int {
    if logits.rank != 2 {
        fail("\(name): logits have shape \(logits.shape); they must be [batch, classes] (reshape one example with logits.reshaped([1, -1]))")
    }
    let (batch, classes) = (logits.shape[0], logits.shape[1])
    if labels.count != batch {
        fail("\(name): \(labels.count) labels for a batch of \(batch) rows of logits (shape \(logits.shape)); give one label per row")
    }
    if let (row, label) = labels.enumerated().first(where: { $0.element < 0 || $0.element >= classes }) {
        fail("\(name): label \(label) of row \(row) is out of range for \(classes) classes; labels must be in 0..<\(classes)")
    }
    return classes
}
