import Autodiff

/// `compile` against eager on every generated use of every public
/// operation: the value (traced, then replayed), the VJP and JVP of the
/// compiled function and the compiled VJP and JVP, and `vmap` in both
/// orders, in float64 (within 1e-12, relative and absolute, of eager's)
/// and float32 (within 1e-5): DESIGN's "equals eager to float rounding".
enum CompileProperty {
    /// Values and every derivative.
    static func check(_ c: DerivativeCase) -> String? { check(c, derivatives: true) }

    /// Values only: operations without derivatives (comparisons, creation).
    static func checkValues(_ c: DerivativeCase) -> String? { check(c, derivatives: false) }

    static func check(_ c: DerivativeCase, derivatives: Bool) -> String? {
        if let m = check(c, dtype: .float64, tolerance: 1e-12, derivatives: derivatives) { return "float64: \(m)" }
        if let m = check(c, dtype: .float32, tolerance: 1e-5, derivatives: derivatives) { return "float32: \(m)" }
        return nil
    }

    static func check(_ c: DerivativeCase, dtype: DType, tolerance: Double, derivatives: Bool) -> String? {
        let f = c.instance.library
        let xs = c.instance.inputs.map { $0.roundedToFloat.tensor.cast(to: dtype) }
        let g = c.cotangent.tensor.cast(to: dtype)
        let vs = c.tangents.map { $0.tensor.cast(to: dtype) }
        func differ(_ name: String, _ compiled: [Tensor], _ eager: [Tensor]) -> String? {
            for (k, (a, e)) in zip(compiled, eager).enumerated() {
                if a.shape != e.shape || a.dtype != e.dtype {
                    return "\(name)[\(k)]: \(a.dtype)\(a.shape), eager \(e.dtype)\(e.shape)"
                }
                let scale = e.doubles.filter(\.isFinite).reduce(1) { Swift.max($0, Swift.abs($1)) }
                if let m = mismatch(a.doubles, e.doubles, rtol: tolerance, atol: tolerance * scale) { return "\(name)[\(k)]: \(m)" }
            }
            return nil
        }
        let eager = f(xs)
        let compiled = compile(f)
        // The first call traces; the second replays the optimised program.
        if let m = differ("value, traced", [compiled(xs)], [eager]) { return m }
        if let m = differ("value, replayed", [compiled(xs)], [eager]) { return m }
        guard derivatives, !xs.isEmpty else { return nil }

        let eagerPullback = vjp(f, at: xs).pullback(g)
        if let m = differ("vjp(compile(f))", vjp(compiled, at: xs).pullback(g), eagerPullback) { return m }
        let compiledPullback = compile { (xs: [Tensor]) in vjp(f, at: xs).pullback(g) }
        _ = compiledPullback(xs)
        if let m = differ("compile(vjp(f))", compiledPullback(xs), eagerPullback) { return m }

        for i in xs.indices {
            func along(_ f: @escaping ([Tensor]) -> Tensor) -> (Tensor) -> Tensor {
                { x in var inputs = xs; inputs[i] = x; return f(inputs) }
            }
            let eagerTangent = jvp(along(f), at: xs[i], tangent: vs[i]).tangent
            if let m = differ("jvp(compile(f)) along input \(i)", [jvp(along(compiled), at: xs[i], tangent: vs[i]).tangent], [eagerTangent]) {
                return m
            }
            let compiledTangent = compile { (x: Tensor) in jvp(along(f), at: x, tangent: vs[i]).tangent }
            _ = compiledTangent(xs[i])
            if let m = differ("compile(jvp(f)) along input \(i)", [compiledTangent(xs[i])], [eagerTangent]) { return m }
        }

        // A batch of two: the inputs and the inputs plus their tangents.
        let batch = zip(xs, vs).map { x, v in stack([x, x + v]) }
        let eagerBatch = vmap(f)(batch)
        if let m = differ("vmap(compile(f))", [vmap(compiled)(batch)], [eagerBatch]) { return m }
        let compiledBatch = compile(vmap(f))
        _ = compiledBatch(batch)
        if let m = differ("compile(vmap(f))", [compiledBatch(batch)], [eagerBatch]) { return m }
        return nil
    }
}
