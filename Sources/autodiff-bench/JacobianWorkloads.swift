import Autodiff
import Foundation

// W7, W9: whole derivative matrices. Every row (jacrev) or column (jacfwd,
// hessian) goes through as one batch (vmap), so what is measured is a few
// batched operations: the matrix-vector products become matrix products.

/// W7 hessian: `f(x) = sum(tanh(W x))`, `W ~ N(0, 1) / 10` 100 x 100; one
/// call of `hessian(f)(x)`. Checked against `Wᵀ diag(-2 t (1 - t²)) W`,
/// `t = tanh(W x)`, in float64.
func runW7(_ bench: Bench) {
    let w = Tensor.randomNormal([100, 100], seed: 700) / 10
    let x = Tensor.randomNormal([100], seed: 701)
    let f = { (x: Tensor) in tanh(matmul(w, x)).sum() }
    let h = hessian(f)
    bench.measure("W7", "forward-eager") { f(x) }
    let (_, result) = bench.measure("W7", "hessian-eager") { h(x) }

    let m = Matrix(w)
    let curvature = m.times(x.scalars.map(Double.init)).map { -2 * tanh($0) * (1 - tanh($0) * tanh($0)) }
    let scaled = Matrix(rows: 100, columns: 100, values: (0..<100 * 100).map { curvature[$0 / 100] * m.values[$0] })
    let reference = m.transposed.times(scaled).values
    bench.info("W7", "hessian-eager", ["checksum": total(result),
                                      "max_rel_err": maxRelativeError(result.scalars, reference)])
    let hj = compile(h)
    bench.compiling("W7", "hessian-jit") { hj(x) }
    let (_, compiled) = bench.measure("W7", "hessian-jit") { hj(x) }
    bench.info("W7", "hessian-jit", ["checksum": total(compiled), "max_rel_err": maxRelativeError(compiled.scalars, reference)])
}

/// W9 jacobian: `f(x) = tanh(W x)`, `W ~ N(0, 1) / 16` 256 x 256; variants
/// `jacrev` and `jacfwd` (the 256 x 256 Jacobian). Checked against
/// `diag(1 - t²) W`, `t = tanh(W x)`, in float64.
func runW9(_ bench: Bench) {
    let n = 256
    let w = Tensor.randomNormal([n, n], seed: 900) / 16
    let x = Tensor.randomNormal([n], seed: 901)
    let f = { (x: Tensor) in tanh(matmul(w, x)) }

    let m = Matrix(w)
    let slope = m.times(x.scalars.map(Double.init)).map { 1 - tanh($0) * tanh($0) }
    let reference = (0..<n * n).map { slope[$0 / n] * m.values[$0] }

    bench.measure("W9", "forward-eager") { f(x) }
    for (variant, jacobian) in [("jacrev-eager", jacrev(f)), ("jacfwd-eager", jacfwd(f)),
                                ("jacrev-jit", compile(jacrev(f))), ("jacfwd-jit", compile(jacfwd(f)))] {
        if variant.hasSuffix("-jit") { bench.compiling("W9", variant) { jacobian(x) } }
        let (_, result) = bench.measure("W9", variant) { jacobian(x) }
        bench.info("W9", variant, ["checksum": total(result),
                                   "max_rel_err": maxRelativeError(result.scalars, reference)])
    }
}
