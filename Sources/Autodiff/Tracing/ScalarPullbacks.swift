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
/// numbers, so the sweep may compute them directly. The tape keeps the
/// numbers of such a record (`Numbers`) when it records it, and the sweep
/// passes cotangents between such records as numbers too: a chain of them
/// is pulled back without making a tensor.
///
/// The formulas are the rules of `Primitive.rule`, operation for operation
/// (`times` is the strong-zero product), so both paths give the same bits;
/// `ScalarPullbackTests` checks every case against the rules. A primitive
/// without a case here (`pow`, and every non-elementwise one) takes the
/// rules table, and so does any record with a traced value, a shape other
/// than `[]`, or NaN checking on.
enum ScalarPullback {
    /// The operands (`b` is 0 for one operand) and the output of a record,
    /// all single numbers of one dtype that no transform traces. Stored as
    /// `Double`, which holds every `Float` exactly; computed in the dtype.
    struct Numbers {
        let a: Double, b: Double, y: Double
        let isFloat32: Bool
    }

    /// The numbers of a record of `primitive`, or nil if it has no scalar
    /// pullback or a value is not a plain single number.
    static func numbers(_ primitive: Primitive, _ a: Tensor, _ b: Tensor?, _ y: Tensor) -> Numbers? {
        guard hasPullback(primitive), a.tracer == nil, y.tracer == nil, b?.tracer == nil,
              let u = a.number, let v = y.number else { return nil }
        let w = b?.number
        if b != nil && w == nil { return nil }
        switch (u, v, w) {
        case (.float32(let u), .float32(let v), nil):
            return Numbers(a: Double(u), b: 0, y: Double(v), isFloat32: true)
        case (.float32(let u), .float32(let v), .float32(let w)?):
            return Numbers(a: Double(u), b: Double(w), y: Double(v), isFloat32: true)
        case (.float64(let u), .float64(let v), nil):
            return Numbers(a: u, b: 0, y: v, isFloat32: false)
        case (.float64(let u), .float64(let v), .float64(let w)?):
            return Numbers(a: u, b: w, y: v, isFloat32: false)
        default:
            return nil
        }
    }

    /// The cotangents of the operands of a record with `numbers`, given the
    /// cotangent `g` of its output; nil for those `wants` does not ask for.
    static func pullback(_ primitive: Primitive, _ n: Numbers, _ g: Double, _ wants: Wants) -> (Double?, Double?) {
        if n.isFloat32 {
            let (da, db) = pullback(primitive, Float(n.a), Float(n.b), Float(n.y), Float(g), wants)
            return (da.map(Double.init), db.map(Double.init))
        }
        return pullback(primitive, n.a, n.b, n.y, g, wants)
    }

    /// `u + v` in the dtype: how cotangents of a value used twice add up.
    static func sum(_ u: Double, _ v: Double, isFloat32: Bool) -> Double {
        isFloat32 ? Double(Float(u) + Float(v)) : u + v
    }

    /// The number of a plain single-number tensor of the given dtype.
    static func value(_ x: Tensor, isFloat32: Bool) -> Double? {
        guard x.tracer == nil, let n = x.number else { return nil }
        switch n {
        case .float32(let v): return isFloat32 ? Double(v) : nil
        case .float64(let v): return isFloat32 ? nil : v
        }
    }

    /// A number as a rank-0 tensor of the dtype.
    static func tensor(_ value: Double, isFloat32: Bool) -> Tensor {
        isFloat32 ? Tensor(number: Float(value)) : Tensor(number: value)
    }

    /// `a + b` for two untraced rank-0 tensors of one dtype (how the sweep
    /// adds up the cotangents of a value used twice), or nil otherwise.
    static func sum(_ a: Tensor, _ b: Tensor) -> Tensor? {
        guard a.tracer == nil, b.tracer == nil, let m = a.number, let n = b.number, !Inspection.isOn else { return nil }
        switch (m, n) {
        case (.float32(let u), .float32(let v)): return Tensor(number: u + v)
        case (.float64(let u), .float64(let v)): return Tensor(number: u + v)
        default: return nil
        }
    }

    /// Whether `pullback` has a case for `primitive`.
    private static func hasPullback(_ primitive: Primitive) -> Bool {
        switch primitive {
        case .neg, .exp, .log, .sin, .cos, .tanh, .sqrt, .abs, .add, .sub, .mul, .strongZeroMul, .div: true
        default: false
        }
    }

    /// The rules of `Primitive.rule` on numbers: `a`, `b` the operands, `y`
    /// the output, `g` its cotangent.
    private static func pullback<T: KernelFloat>(
        _ primitive: Primitive, _ a: T, _ b: T, _ y: T, _ g: T, _ wants: Wants
    ) -> (T?, T?) {
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
        case .add: return (wants[0] ? g : nil, wants[1] ? g : nil)
        case .sub: return (wants[0] ? g : nil, wants[1] ? -g : nil)
        case .mul, .strongZeroMul: return (wants[0] ? times(g, b) : nil, wants[1] ? times(g, a) : nil)
        case .div: return (wants[0] ? times(g, 1 / b) : nil, wants[1] ? -times(g, y / b) : nil)
        default: preconditionFailure("ScalarPullback: no scalar pullback for \(primitive.name)")
        }
    }
}
