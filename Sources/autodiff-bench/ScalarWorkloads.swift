import Autodiff
import Foundation

// W1-W3: tiny tensors, so what is measured is the cost of the library itself
// per call and per operation (tape, dispatch, allocation), not kernels.
// Each workload also times `forward-eager` (the function without a
// transform), as numpy_ref.py does, so that grad / forward shows the cost of
// the tape.

/// W1 d2l-simple: `x = arange(4)`, `f(x) = 2 dot(x, x)`, one call of
/// `grad(f)(x)`. Checksum: sum of the gradient = 24.
func runW1(_ bench: Bench) {
    let x = Tensor.arange(4)
    let f = { (x: Tensor) in 2 * dot(x, x) }
    let g = grad(f)
    bench.measure("W1", "forward-eager") { f(x) }
    let (_, gradient) = bench.measure("W1", "grad-eager") { g(x) }
    bench.info("W1", "grad-eager", ["checksum": total(gradient), "ref": 24])
    let gj = compile(grad(f))
    bench.compiling("W1", "grad-jit") { gj(x) }
    let (_, compiled) = bench.measure("W1", "grad-jit") { gj(x) }
    bench.info("W1", "grad-jit", ["checksum": total(compiled), "max_rel_err": maxRelativeError(compiled.scalars, [0, 4, 8, 12])])
}

/// W2 scalar-chain: 1000 times `y = y + 0.01 tanh(y)` from 0.5: 3000 tiny
/// operations, the per-operation overhead of the tape. Value about 10.04,
/// gradient about 2.17; `ref=` is the gradient by the chain rule in float64.
func runW2(_ bench: Bench) {
    func chain(_ x: Tensor) -> Tensor {
        var y = x
        for _ in 0..<1000 { y = y + 0.01 * tanh(y) }
        return y
    }
    let x = Tensor(0.5)
    let g = grad(chain)
    bench.measure("W2", "forward-eager") { chain(x) }
    let (_, gradient) = bench.measure("W2", "grad-eager") { g(x) }
    bench.info("W2", "grad-eager", ["checksum": Double(gradient.item()), "value": Double(chain(x).item()),
                                   "ref": scalarChainReference(0.5)])
    let gj = compile(grad(chain))
    bench.compiling("W2", "grad-jit") { gj(x) }
    let (_, compiled) = bench.measure("W2", "grad-jit") { gj(x) }
    bench.info("W2", "grad-jit", ["checksum": Double(compiled.item()),
                                 "max_rel_err": maxRelativeError(compiled.scalars, [scalarChainReference(0.5)])])
}

/// d/dx of the W2 chain in float64: the product of `1 + 0.01 (1 - tanh²)`.
private func scalarChainReference(_ x: Double) -> Double {
    var (y, d) = (x, 1.0)
    for _ in 0..<1000 {
        let t = tanh(y)  // Double: the C library's
        d *= 1 + 0.01 * (1 - t * t)
        y += 0.01 * t
    }
    return d
}

/// W3 control-flow, the book's 2.5.4 function on a scalar `a ~ N(0, 1)`:
/// a data-dependent loop and branch. Checksum: the gradient; `ref=` f(a) / a,
/// which the gradient equals since f is linear in a on each branch.
func runW3(_ bench: Bench) {
    func f(_ a: Tensor) -> Tensor {
        var b = a * 2
        while norm(b).item() < 1000 { b = b * 2 }
        return b.sum().item() > 0 ? b : 100 * b
    }
    let a = Tensor.randomNormal([], seed: 3)
    let g = grad(f)
    bench.measure("W3", "forward-eager") { f(a) }
    let (_, gradient) = bench.measure("W3", "grad-eager") { g(a) }
    bench.info("W3", "grad-eager", ["checksum": Double(gradient.item()), "ref": Double((f(a) / a).item())])
    let gj = compile(grad(f))
    bench.compiling("W3", "grad-jit") { gj(a) }
    let (_, compiled) = bench.measure("W3", "grad-jit") { gj(a) }
    bench.info("W3", "grad-jit", ["checksum": Double(compiled.item()),
                                 "max_rel_err": maxRelativeError(compiled.scalars, [Double((f(a) / a).item())])])
}
