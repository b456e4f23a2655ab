/// The value of `f` at `x` and its directional derivative along `v`
/// (forward mode): `J v`, shaped like the value.
///
/// Costs about one extra evaluation of `f`, whatever the size of the
/// output, so it is the cheap way to get derivatives of functions with few
/// inputs and many outputs.
public func jvp(
    _ f: (Tensor) -> Tensor, at x: Tensor, tangent v: Tensor, file: StaticString = #fileID, line: UInt = #line
) -> (value: Tensor, tangent: Tensor) {
    if v.shape != x.shape {
        fail("jvp: the tangent has shape \(v.shape) but the point has shape \(x.shape); pass a tangent shaped like the point", at: CallSite(file, line))
    }
    return jvp({ f($0[0]) }, at: [x], tangents: [v])
}

/// `jvp` of a function of several tensors; an operand whose tangent is nil
/// is a constant, as if its tangent were zero.
func jvp(_ f: ([Tensor]) -> Tensor, at xs: [Tensor], tangents: [Tensor?]) -> (value: Tensor, tangent: Tensor) {
    TransformLevels.withNewLevel { level in
        let trace = ForwardTrace(level: level)
        var inputs: [Tensor] = []
        for (x, v) in zip(xs, tangents) {
            guard let v else { inputs.append(x); continue }
            inputs.append(Tensor(shape: x.shape, storage: x.storage, tracer: Tracer(trace: trace, primal: x, tangent: v.cast(to: x.dtype))))
        }
        let output = f(inputs)
        trace.isActive = false
        if let tracer = output.tracer, tracer.trace === trace {
            return (tracer.primal, tracer.tangent!)
        }
        return (output, Tensor.zeros(like: output))
    }
}
