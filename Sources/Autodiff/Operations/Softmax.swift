/// `log(sum(exp(x)))` along `axis`, without overflow for large inputs:
/// the maximum is subtracted first (and treated as a constant, which
/// changes nothing in value or derivative).
public func logSumExp(_ x: Tensor, axis: Int, keepDims: Bool = false) -> Tensor {
    let shift = x.constant.max(axis: axis, keepDims: true)
    // An all -inf (or inf) slice has no finite maximum to subtract.
    let safeShift = select(abs(shift) .< Float.infinity, shift, Tensor.scalar(0, like: x))
    let y = log(exp(x - safeShift).sum(axis: axis, keepDims: true)) + safeShift
    return keepDims ? y : y.reshaped(x.shape.enumerated().filter { $0.offset != x.normalizedAxis(axis, "logSumExp") }.map(\.element))
}

/// `log(softmax(x))` along `axis`, computed stably as `x - logSumExp(x)`.
public func logSoftmax(_ x: Tensor, axis: Int) -> Tensor {
    x - logSumExp(x, axis: axis, keepDims: true)
}

/// `exp(x) / sum(exp(x))` along `axis`; each slice sums to 1. Large logits
/// (1e4) do not overflow.
public func softmax(_ x: Tensor, axis: Int) -> Tensor {
    exp(logSoftmax(x, axis: axis))
}
