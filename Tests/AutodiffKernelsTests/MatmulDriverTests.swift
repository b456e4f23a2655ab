import AutodiffKernels
import Testing

/// `Kernels.matmul` above `parallelMatmulThreshold`, where one product is
/// shared by every core (a C gemm job) or, with at least as many products as
/// cores, each product runs on one; against a naive loop in Double.

/// op(A)[m, k] x op(B)[k, n] for each of `batch` products, naively.
private func reference(
    _ a: [Double], _ b: [Double], batch: Int, m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool
) -> [Double] {
    var c = [Double](repeating: 0, count: batch * m * n)
    for i in 0..<batch {
        let ao = i * m * k, bo = i * k * n
        for r in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k {
                    s += a[ao + (transposeA ? p * m + r : r * k + p)] * b[bo + (transposeB ? j * k + p : p * n + j)]
                }
                c[i * m * n + r * n + j] = s
            }
        }
    }
    return c
}

private func check<T: GEMMScalar>(_: T.Type, batch: Int, m: Int, k: Int, n: Int, tolerance: Double) {
    var state: UInt64 = 77
    func next() -> Double {  // LCG: enough for operands
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53) * 2 - 1
    }
    let a = (0..<(batch * m * k)).map { _ in T(next()) }
    let b = (0..<(batch * k * n)).map { _ in T(next()) }
    for transposeA in [false, true] {
        for transposeB in [false, true] {
            let c = Kernels.matmul(a, b, batch: batch, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB)
            let expected = reference(
                a.map { Double($0) }, b.map { Double($0) }, batch: batch, m: m, k: k, n: n, transposeA: transposeA,
                transposeB: transposeB)
            #expect(c.count == expected.count)
            // Each term is below 1 in magnitude: bound the error by k.
            let bad = zip(c, expected).filter { !(abs(Double($0) - $1) <= tolerance * Double(k)) }.count
            #expect(bad == 0, "\(T.self) batch \(batch) tA \(transposeA) tB \(transposeB): \(bad) wrong")
        }
    }
}

@Test func parallelMatmulMatchesNaiveLoop() {
    // Just past the threshold, no size a multiple of any tile or block, k past one k block.
    let (m, k, n) = (131, 300, 125)
    #expect(m * k * n >= Kernels.parallelMatmulThreshold)
    check(Float.self, batch: 1, m: m, k: k, n: n, tolerance: 1e-6)
    check(Double.self, batch: 1, m: m, k: k, n: n, tolerance: 1e-14)
    check(Float.self, batch: 3, m: m, k: k, n: n, tolerance: 1e-6)
}

@Test func matrixVectorProductsMatchNaiveLoop() {
    // (batch, m, k, n): the vector on the right (n = 1), on the left
    // (m = 1), both (a dot product), batched, and big enough for the pool.
    let shapes = [(1, 1, 1, 1), (1, 1, 37, 1), (1, 13, 9, 1), (1, 1, 9, 13), (3, 7, 5, 1), (2, 1, 5, 7),
                  (1, 900, 777, 1), (1, 1, 777, 900), (1, 1, 300, 5000)]
    for (batch, m, k, n) in shapes {
        check(Float.self, batch: batch, m: m, k: k, n: n, tolerance: 1e-6)
        check(Double.self, batch: batch, m: m, k: k, n: n, tolerance: 1e-14)
    }
}
