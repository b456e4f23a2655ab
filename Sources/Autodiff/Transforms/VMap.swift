/// `f` mapped over the leading axis of its input: `vmap(f)(x)[i]` is
/// `f(x[i])`, computed as one evaluation on the whole batch (JAX's `vmap`
/// with `in_axes=0, out_axes=0`).
///
/// Each primitive runs once, on all examples together, so a loop of small
/// operations becomes a few large ones: per-example gradients are
/// `vmap(grad(loss))(examples)`, and `jacrev`, `jacfwd` and `hessian` are
/// built this way. `f` may not branch on the values of its argument
/// (they differ per example); use `select` for a choice per example.
///
/// ```swift
/// vmap { x in dot(x, x) }(Tensor([[1, 2], [3, 4]]))   // [5.0, 25.0]
/// ```
public func vmap(_ f: @escaping (Tensor) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> (Tensor) -> Tensor {
    let call = Call("vmap", file: file, line: line)
    return { x in mapped({ f($0[0]) }, over: [x], call) }
}

/// `vmap` of a function of several tensors, each mapped over its leading
/// axis; the leading axes must have the same length.
public func vmap(_ f: @escaping ([Tensor]) -> Tensor, file: StaticString = #fileID, line: UInt = #line) -> ([Tensor]) -> Tensor {
    let call = Call("vmap", file: file, line: line)
    return { xs in mapped(f, over: xs, call) }
}

/// Evaluates `f` once for the whole batch: operand `i` is mapped over its
/// leading axis where `isBatched[i]`, else it is the same for every example.
func mapped(_ f: ([Tensor]) -> Tensor, over xs: [Tensor], isBatched: [Bool]? = nil, _ call: Call) -> Tensor {
    mapped({ [f($0)] }, over: xs, isBatched: isBatched, call)[0]
}

/// `mapped` of a function with several results, each with the batch leading.
func mapped(_ f: ([Tensor]) -> [Tensor], over xs: [Tensor], isBatched: [Bool]? = nil, _ call: Call) -> [Tensor] {
    let isBatched = isBatched ?? xs.map { _ in true }
    let batched = zip(xs, isBatched).filter(\.1).map(\.0)
    guard let size = batched.first?.shape.first else {
        fail("\(call.name): every mapped input needs a leading axis to map over, but \(batched.isEmpty ? "none was given" : "one has shape []"); reshape a single number to [1], or call the function directly", at: call)
    }
    if let other = batched.first(where: { $0.shape.first != size }) {
        fail("\(call.name): the mapped inputs' leading axes differ (\(size) and \(other.shape.first.map(String.init) ?? "none"), shapes \(batched[0].shape) and \(other.shape)); map over axes of the same length", at: call)
    }
    return TransformLevels.withNewLevel { level in
        let trace = BatchTrace(level: level, size: size)
        let inputs = zip(xs, isBatched).map { $1 ? Tensor(batch: $0, trace: trace) : $0 }
        let ys = f(inputs)
        trace.isActive = false
        return ys.map { y in
            if let tracer = y.tracer, tracer.trace === trace { return tracer.primal }
            // An output that does not depend on the mapped inputs: one copy per example.
            return y.repeated(size)
        }
    }
}
