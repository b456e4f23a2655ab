import AutodiffKernels

/// The backward step of an elementwise primitive on single numbers, in
/// plain `Float` or `Double` arithmetic: the fast path of the sweep for
/// scalar code (a chain of a thousand rank-0 operations).
///
/// Why it exists: the VJP rules are `Tensor` code, so that they are
/// differentiable; on rank-0 tensors each of their operations costs a
/// kernel dispatch and a heap allocation, several times the arithmetic.
/// When nothing traces the values a rule would see (no transform is
/// recording the backward pass, as in a plain `grad`), its result is just
/// numbers, so the sweep may compute them directly.
///
/// The formulas are the rules of `Primitive.rule`, operation for operation
/// (`times` is the strong-zero product), so both paths give the same bits;
/// `ScalarPullbackTests` checks every case against the rules. A primitive
/// without a case here (`pow`, and every non-elementwise one) takes the
/// rules table, and so does any record with a traced value, a shape other
/// than `[]`, or NaN checking on.
enum ScalarPullback {
    /// The cotangents of the operands of a recorded `primitive` (output `y`,
    /// output cotangent `g`), nil for those `wants` does not ask for; or nil
    /// if the fast path does not apply.
    static func cotangents(
        _ primitive: Primitive, _ x: Tape.Operands, _ y: Tensor, _ g: Tensor, _ wants: Wants
    ) -> (Tensor?, Tensor?)? {
        guard isPlainScalar(g), isPlainScalar(y), !NaNCheck.isOn else { return nil }
        let first: Tensor, second: Tensor?
        switch x {
        case .one(let a): (first, second) = (a, nil)
        case .two(let a, let b): (first, second) = (a, b)
        case .none, .many: return nil
        }
        guard isPlainScalar(first), second.map(isPlainScalar) ?? true else { return nil }
        // The cotangent itself, as `unbroadcast` returns it for equal shapes.
        if case .add = primitive { return (wants[0] ? g : nil, second != nil && wants[1] ? g : nil) }
        switch (g.buffer, y.buffer) {
        case (.float32(let gv), .float32(let yv)):
            guard let a = float(first), let b = second.map(float) ?? 0,
                  let (da, db) = pullback(primitive, a, b, yv[0], gv[0], wants) else { return nil }
            return (da.map { Tensor(shape: [], [$0]) }, db.map { Tensor(shape: [], [$0]) })
        case (.float64(let gv), .float64(let yv)):
            guard let a = double(first), let b = second.map(double) ?? 0,
                  let (da, db) = pullback(primitive, a, b, yv[0], gv[0], wants) else { return nil }
            return (da.map { Tensor(shape: [], [$0]) }, db.map { Tensor(shape: [], [$0]) })
        default:
            return nil
        }
    }

    /// `a + b` for two untraced rank-0 tensors of one dtype (how the sweep
    /// adds up the cotangents of a value used twice), or nil otherwise.
    static func sum(_ a: Tensor, _ b: Tensor) -> Tensor? {
        guard isPlainScalar(a), isPlainScalar(b), !NaNCheck.isOn else { return nil }
        switch (a.buffer, b.buffer) {
        case (.float32(let u), .float32(let v)): return Tensor(shape: [], [u[0] + v[0]])
        case (.float64(let u), .float64(let v)): return Tensor(shape: [], [u[0] + v[0]])
        default: return nil
        }
    }

    /// Rank 0 and no tracer: a number that no transform watches.
    @inline(__always)
    private static func isPlainScalar(_ x: Tensor) -> Bool { x.tracer == nil && x.shape.isEmpty }

    private static func float(_ x: Tensor) -> Float? {
        if case .float32(let v) = x.buffer { v[0] } else { nil }
    }

    private static func double(_ x: Tensor) -> Double? {
        if case .float64(let v) = x.buffer { v[0] } else { nil }
    }

    /// The rules of `Primitive.rule` on numbers: `a`, `b` the operands, `y`
    /// the output, `g` its cotangent.
    private static func pullback<T: KernelFloat>(
        _ primitive: Primitive, _ a: T, _ b: T, _ y: T, _ g: T, _ wants: Wants
    ) -> (T?, T?)? {
        /// The strong-zero product of `Tensor.times`.
        func times(_ u: T, _ v: T) -> T { u == 0 || v == 0 ? 0 : u * v }
        switch primitive {
        case .neg: return (-g, nil)
        case .exp: return (times(g, y), nil)
        case .log: return (times(g, 1 / a), nil)
        case .sin: return (times(g, T.cos(a)), nil)
        case .cos: return (times(g, -T.sin(a)), nil)
        case .tanh: return (times(g, 1 - y * y), nil)
        case .sqrt: return (times(g, 0.5 / y), nil)
        case .abs: return (times(g, a > 0 ? 1 : (a < 0 ? -1 : a)), nil)
        case .sub: return (wants[0] ? g : nil, wants[1] ? -g : nil)
        case .mul, .strongZeroMul: return (wants[0] ? times(g, b) : nil, wants[1] ? times(g, a) : nil)
        case .div: return (wants[0] ? times(g, 1 / b) : nil, wants[1] ? -times(g, y / b) : nil)
        default: return nil
        }
    }
}
