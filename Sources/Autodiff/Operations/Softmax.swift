/// `log(sum(exp(x)))` along `axis`, without overflow for large inputs:
/// the maximum is subtracted first (and treated as a constant, which
/// changes nothing in value or derivative).
public func logSumExp(_ x: Tensor, axis: Int, keepDims: Bool = false, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let a = x.normalizedAxis(axis, Call("logSumExp", file: file, line: line))
    let (shifted, shift) = shiftedByMaximum(x, axis: a)
    let y = log(exp(shifted).sum(axis: a, keepDims: true)) + shift
    return keepDims ? y : y.reshaped(x.shape.enumerated().filter { $0.offset != a }.map(\.element))
}

/// `log(softmax(x))` along `axis`, computed stably as
/// `(x - m) - log(sum(exp(x - m)))` with `m` the maximum: the shift is never
/// added back, so logits of 1e4 keep float32's precision.
public func logSoftmax(_ x: Tensor, axis: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    let a = x.normalizedAxis(axis, Call("logSoftmax", file: file, line: line))
    let (shifted, _) = shiftedByMaximum(x, axis: a)
    return shifted - log(exp(shifted).sum(axis: a, keepDims: true))
}

/// `exp(x) / sum(exp(x))` along `axis`; each slice sums to 1. Large logits
/// (1e4) do not overflow.
public func softmax(_ x: Tensor, axis: Int, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
    _ = x.normalizedAxis(axis, Call("softmax", file: file, line: line))
    return exp(logSoftmax(x, axis: axis))
}

/// `x` minus its maximum along `axis` (kept), and that maximum. The maximum
/// is a constant: subtracting it changes neither the value nor the
/// derivative of what follows, only its range. A slice of infinities has
/// no finite maximum to subtract and is not shifted.
private func shiftedByMaximum(_ x: Tensor, axis: Int) -> (shifted: Tensor, shift: Tensor) {
    if x.shape[axis] == 0 { return (x, Tensor.zeros(Primitive.keptShape(x.shape, [axis]), dtype: x.dtype)) }
    let m = x.constant.max(axis: axis, keepDims: true)
    let shift = select(abs(m) .< Float.infinity, m, Tensor.scalar(0, like: x))
    return (x - shift, shift)
}
