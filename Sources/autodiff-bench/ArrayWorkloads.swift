import Autodiff
import AutodiffKernels
import Foundation

// W5, W6, W8: large arrays, so what is measured is the kernels (matrix
// products, transcendental functions, reductions) and the passes over memory
// that the derivative rules make.

/// W5 quadratic-form: `f(x) = xᵀ A x` with n = 2000; one call of
/// `grad(f)(x)`. Checked against `(A + Aᵀ) x` in float64.
///
/// Its cost is reading `A` (16 MB) for `A x` and again for `Aᵀ x`, so three
/// more lines say how close the products come to the memory bandwidth:
/// `stream-read` (a plain streaming read of `A`: ``streamingSum(_:)``), `matvec-eager`
/// (`A x`) and `matvec_t-eager` (`xᵀ A`, that is `Aᵀ x`), each with the
/// bytes of `A` read per second (`gb_per_s=`) and its fraction of the
/// streaming read's rate in the same run (`of_stream_read=`).
func runW5(_ bench: Bench) {
    let n = 2000
    let a = Tensor.randomNormal([n, n], seed: 500)
    let x = Tensor.randomNormal([n], seed: 501)
    let matrix = Matrix(a), xs = x.scalars.map(Double.init)
    let (ax, atx) = (matrix.times(xs), matrix.transposedTimes(xs))
    let bytes = Double(n * n * MemoryLayout<Float>.size)
    let (stream, _) = bench.measure("W5", "stream-read") { streamingSum(a.scalars) }
    bench.info("W5", "stream-read", ["gb_per_s": bytes / stream / 1e3, "of_stream_read": 1])
    let (matvec, product) = bench.measure("W5", "matvec-eager") { matmul(a, x) }
    bench.info("W5", "matvec-eager", ["gb_per_s": bytes / matvec / 1e3, "of_stream_read": stream / matvec,
                                     "max_rel_err": maxRelativeError(product.scalars, ax)])
    let (matvecT, productT) = bench.measure("W5", "matvec_t-eager") { matmul(x, a) }
    bench.info("W5", "matvec_t-eager", ["gb_per_s": bytes / matvecT / 1e3, "of_stream_read": stream / matvecT,
                                       "max_rel_err": maxRelativeError(productT.scalars, atx)])
    let f = { (x: Tensor) in dot(x, matmul(a, x)) }
    let g = grad(f)
    bench.measure("W5", "forward-eager") { f(x) }
    let (_, gradient) = bench.measure("W5", "grad-eager") { g(x) }
    let reference = zip(ax, atx).map { $0 + $1 }
    bench.info("W5", "grad-eager", ["checksum": total(gradient),
                                   "max_rel_err": maxRelativeError(gradient.scalars, reference)])
    let gj = compile(g)
    bench.compiling("W5", "grad-jit") { gj(x) }
    let (_, compiled) = bench.measure("W5", "grad-jit") { gj(x) }
    bench.info("W5", "grad-jit", ["checksum": total(compiled), "max_rel_err": maxRelativeError(compiled.scalars, reference)])
}

/// The sum of `values` as a plain streaming read, the yardstick of W5's
/// matrix-vector products: every core of the library's thread pool sums a
/// contiguous part with several SIMD accumulators, so nothing but reading
/// the memory limits it (the library's `sum` keeps float32 sums accurate
/// with blocked partial sums, which costs more than the loads).
func streamingSum(_ values: [Float]) -> Float {
    let parts = 8
    var partials = [Float](repeating: 0, count: parts)
    values.withUnsafeBufferPointer { v in
        partials.withUnsafeMutableBufferPointer { out in
            guard let base = v.baseAddress, let out = out.baseAddress else { return }
            let raw = UnsafeRawPointer(base), count = v.count
            Kernels.parallelFor(parts) { t in
                var i = count * t / parts
                let end = count * (t + 1) / parts
                var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
                while i + 32 <= end {
                    s0 += raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                    s1 += raw.loadUnaligned(fromByteOffset: 4 * i + 32, as: SIMD8<Float>.self)
                    s2 += raw.loadUnaligned(fromByteOffset: 4 * i + 64, as: SIMD8<Float>.self)
                    s3 += raw.loadUnaligned(fromByteOffset: 4 * i + 96, as: SIMD8<Float>.self)
                    i += 32
                }
                var s = ((s0 + s1) + (s2 + s3)).sum()
                while i < end { s += base[i]; i += 1 }
                out[t] = s
            }
        }
    }
    return partials.reduce(0, +)
}

/// W6 elementwise-big: `f(x) = sum(sin(x) exp(-x²))` on 4,194,304 numbers
/// `x ~ U(-1, 1)`; variants `forward` and `grad`. Checked against the C
/// library's float64 functions (`ref=` the value, `max_rel_err=` the
/// gradient against `exp(-x²) (cos x - 2 x sin x)`).
func runW6(_ bench: Bench) {
    let x = Tensor.randomUniform([4_194_304], seed: 600) * 2 - 1
    let f = { (x: Tensor) in (sin(x) * exp(-x * x)).sum() }
    let g = grad(f)
    let (_, value) = bench.measure("W6", "forward-eager") { f(x) }
    let xs = x.scalars.map(Double.init)
    bench.info("W6", "forward-eager", ["checksum": Double(value.item()),
                                      "ref": xs.reduce(0) { $0 + sin($1) * exp(-$1 * $1) }])
    let (_, gradient) = bench.measure("W6", "grad-eager") { g(x) }
    let reference = xs.map { exp(-$0 * $0) * (cos($0) - 2 * $0 * sin($0)) }
    bench.info("W6", "grad-eager", ["checksum": total(gradient),
                                   "max_rel_err": maxRelativeError(gradient.scalars, reference)])
    let gj = compile(g)
    bench.compiling("W6", "grad-jit") { gj(x) }
    let (_, compiled) = bench.measure("W6", "grad-jit") { gj(x) }
    bench.info("W6", "grad-jit", ["checksum": total(compiled), "max_rel_err": maxRelativeError(compiled.scalars, reference)])
}

/// W8 matmul: `A, B ~ N(0, 1)`, 1024 x 1024; variants `forward` (`A B`, with
/// GFLOP/s) and `grad` (of `sum(A B)` with respect to both). The references
/// use that the cotangent is all ones: `sum(A B) = Σ_k colsum(A)_k rowsum(B)_k`,
/// `dA[i, j] = rowsum(B)_j`, `dB[i, j] = colsum(A)_i`.
func runW8(_ bench: Bench) {
    let n = 1024
    let a = Tensor.randomNormal([n, n], seed: 800)
    let b = Tensor.randomNormal([n, n], seed: 801)
    let g = grad { (a: Tensor, b: Tensor) in matmul(a, b).sum() }

    let ma = Matrix(a), mb = Matrix(b)
    let columnSumsA = ma.transposedTimes([Double](repeating: 1, count: n))
    let rowSumsB = mb.times([Double](repeating: 1, count: n))

    let (median, product) = bench.measure("W8", "forward-eager") { matmul(a, b) }
    bench.info("W8", "forward-eager", ["checksum": total(product),
                                      "ref": zip(columnSumsA, rowSumsB).reduce(0) { $0 + $1.0 * $1.1 },
                                      "gflops": 2 * pow(Double(n), 3) / median / 1e3])
    let (_, (da, db)) = bench.measure("W8", "grad-eager") { g(a, b) }
    let refA = (0..<n * n).map { rowSumsB[$0 % n] }
    let refB = (0..<n * n).map { columnSumsA[$0 / n] }
    bench.info("W8", "grad-eager", ["checksum": total(da) + total(db),
                                   "max_rel_err": Swift.max(maxRelativeError(da.scalars, refA),
                                                            maxRelativeError(db.scalars, refB))])
    let gj = compile { (ab: [Tensor]) -> [Tensor] in
        let (da, db) = g(ab[0], ab[1])
        return [da, db]
    }
    bench.compiling("W8", "grad-jit") { gj([a, b]) }
    let (_, compiled) = bench.measure("W8", "grad-jit") { gj([a, b]) }
    bench.info("W8", "grad-jit", ["checksum": total(compiled[0]) + total(compiled[1]),
                                 "max_rel_err": Swift.max(maxRelativeError(compiled[0].scalars, refA),
                                                          maxRelativeError(compiled[1].scalars, refB))])
}
