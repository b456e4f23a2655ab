/// The book's four steps of automatic differentiation as an object, for
/// readers coming from PyTorch or TensorFlow: (i) watch the variables,
/// (ii) record the computation, (iii) run backpropagation, (iv) read the
/// gradient.
///
/// ```swift
/// let tape = GradientTape()
/// let x = tape.watch(Tensor.arange(4))
/// let y = tape.record { 2 * dot(x, x) }
/// tape.gradient(of: y, wrt: x)          // [0.0, 4.0, 8.0, 12.0]
/// ```
///
/// Tensors are immutable, so there is no `.grad` field to fill in:
/// `gradient(of:wrt:)` returns the gradient, and asking twice gives the same
/// answer (the tape is only read by backpropagation, unlike PyTorch's graph,
/// which frees its buffers after the first `backward()`). It is a thin layer
/// over the same tape as `grad`, at its own level, so it nests with every
/// other transform. Every operation on a watched tensor is recorded, inside
/// `record` or not; `record` marks the computation for the reader.
// @unchecked Sendable: NOT sound if one tape is used from two threads at
// once: `isFinished` and the Tape are written without a lock. Sound for the
// intended use, one tape on the thread that made it.
public final class GradientTape: @unchecked Sendable {
    private let tape: Tape
    private var isFinished = false

    /// A new, empty tape.
    public init() {
        tape = Tape(level: TransformLevels.next())
    }

    /// Makes the tape watch `x`: the returned tensor has the value of `x`, and
    /// what is computed from it is recorded.
    public func watch(_ x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        checkInScope(Call("watch", file: file, line: line))
        return tape.watch(x)
    }

    /// Runs the computation to record and returns its result.
    public func record<R>(_ computation: () -> R, file: StaticString = #fileID, line: UInt = #line) -> R {
        checkInScope(Call("record", file: file, line: line))
        return computation()
    }

    /// The gradient of `y` (a single number) with respect to a watched `x`:
    /// zero if `y` does not depend on `x`.
    public func gradient(of y: Tensor, wrt x: Tensor, file: StaticString = #fileID, line: UInt = #line) -> Tensor {
        gradient(of: y, wrt: [x], file: file, line: line)[0]
    }

    /// The gradients of `y` (a single number) with respect to several watched tensors.
    public func gradient(of y: Tensor, wrt xs: [Tensor], file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        if y.count != 1 {
            fail("GradientTape.gradient(of:wrt:): y has shape \(y.shape); the gradient needs a single number. Use y.sum(), or gradient(of:wrt:cotangent:) for a vector-Jacobian product", at: CallSite(file, line))
        }
        return gradient(of: y, wrt: xs, cotangent: Tensor.ones(like: y.lowered(at: tape.level)), file: file, line: line)
    }

    /// The vector-Jacobian product `cotangentᵀ ∂y/∂x` for each watched `x`.
    public func gradient(of y: Tensor, wrt xs: [Tensor], cotangent: Tensor, file: StaticString = #fileID, line: UInt = #line) -> [Tensor] {
        let nodes = xs.map { x -> Int in
            guard let node = tape.node(of: x), tape.records[node].primitive == nil else {
                fail("GradientTape.gradient: a tensor of shape \(x.shape) was not watched by this tape. Pass the tensor that tape.watch(_:) returned, not the original", at: CallSite(file, line))
            }
            return node
        }
        let primals = xs.map { $0.lowered(at: tape.level) }
        guard let output = tape.node(of: y) else { return primals.map { Tensor.zeros(like: $0) } }
        let gradients = tape.backward(from: output, cotangent: cotangent, inputs: nodes)
        return zip(gradients, primals).map { $0 ?? Tensor.zeros(like: $1) }
    }

    /// Ends the tape's scope: watching or recording afterwards stops the
    /// program, and so does any operation on a tensor it watched (the
    /// gradient can still be read).
    public func finish() {
        isFinished = true
        tape.isActive = false
    }

    private func checkInScope(_ call: Call) {
        if isFinished {
            fail("GradientTape.\(call.name): the tape was used after its scope ended (finish() or withGradientTape returned). Make a new GradientTape", at: call)
        }
    }
}

/// Runs `body` with a new `GradientTape` and finishes the tape when `body`
/// returns, like TensorFlow's `with tf.GradientTape() as tape:`.
public func withGradientTape<R>(_ body: (GradientTape) -> R) -> R {
    let tape = GradientTape()
    defer { tape.finish() }
    return body(tape)
}
