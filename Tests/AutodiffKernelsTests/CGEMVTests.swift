import CAutodiffKernels
import CAutodiffKernels.Testing
import Testing

/// The C matrix-vector kernels (ad_sgemv / ad_dgemv) against a naive loop in
/// Double, on every path this CPU can run: single rows, odd sizes, sizes not
/// a multiple of any vector width, empty matrices, padded rows, wide rows
/// past the column block of `Aᵀ x`, and products big enough to be split
/// across the thread pool.

/// ad_sgemv / ad_dgemv behind one generic name.
protocol CGEMVScalar: CGEMMScalar {
    static func cgemv(_ trans: Bool, _ m: Int, _ n: Int, _ a: UnsafePointer<Self>, _ lda: Int,
                      _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
}

extension Float: CGEMVScalar {
    static func cgemv(_ trans: Bool, _ m: Int, _ n: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                      _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        ad_sgemv(trans ? 1 : 0, Int64(m), Int64(n), a, Int64(lda), x, y)
    }
}

extension Double: CGEMVScalar {
    static func cgemv(_ trans: Bool, _ m: Int, _ n: Int, _ a: UnsafePointer<Double>, _ lda: Int,
                      _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        ad_dgemv(trans ? 1 : 0, Int64(m), Int64(n), a, Int64(lda), x, y)
    }
}

/// (rows, columns) of A. 700 x 1500 is past the parallel threshold (2^18
/// elements); 3 x 5000, 90 x 4500 and 38 x 4100 are past the 4096-column
/// block; 21 and 38 rows take each of `Aᵀ x`'s row groups (8, 4 and 1).
private let gemvShapes: [(m: Int, n: Int)] = [
    (1, 1), (1, 7), (7, 1), (3, 5), (4, 8), (5, 9), (8, 16), (13, 31), (17, 33), (21, 19), (64, 100), (38, 4100), (0, 5), (5, 0), (0, 0),
    (3, 5000), (90, 4500), (700, 1500), (1500, 701),
]

private func checkGEMV<T: CGEMVScalar>(_: T.Type, trans: Bool, m: Int, n: Int, pad: Int, paths: [Int32],
                                      rng: inout SplitMix) {
    let lda = n + pad
    let a = (0..<max(m * lda, 1)).map { _ in T(rng.next()) }
    let xCount = trans ? m : n, yCount = trans ? n : m
    let x = (0..<max(xCount, 1)).map { _ in T(rng.next()) }
    var expected = [Double](repeating: 0, count: yCount), magnitude = [Double](repeating: 0, count: yCount)
    for i in 0..<m {
        for j in 0..<n {
            let term = Double(a[i * lda + j]) * Double(x[trans ? i : j])
            expected[trans ? j : i] += term
            magnitude[trans ? j : i] += abs(term)
        }
    }
    let sentinel: T = 12345
    for path in paths {
        #expect(ad_gemm_force_path(path) == 1)
        // NaN so that an output left unwritten fails; one more element that must stay as it is.
        var y = [T](repeating: .nan, count: yCount + 1)
        y[yCount] = sentinel
        a.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    T.cgemv(trans, m, n, pa.baseAddress!, lda, px.baseAddress!, py.baseAddress!)
                }
            }
        }
        let bad = (0..<yCount).filter { !(abs(Double(y[$0]) - expected[$0]) <= T.tolerance * magnitude[$0]) }.count
        #expect(bad == 0 && y[yCount] == sentinel,
                "\(T.self) path \(path) trans \(trans) m \(m) n \(n) pad \(pad): \(bad) wrong")
    }
    _ = ad_gemm_force_path(-1)
}

@Test(arguments: [false, true])
func cSGEMVMatchesNaiveLoop(transpose: Bool) {
    let paths = availablePaths()
    var rng = SplitMix(state: transpose ? 31 : 32)
    for (index, s) in gemvShapes.enumerated() {
        checkGEMV(Float.self, trans: transpose, m: s.m, n: s.n, pad: index % 2 == 0 ? 0 : 3, paths: paths, rng: &rng)
    }
}

@Test(arguments: [false, true])
func cDGEMVMatchesNaiveLoop(transpose: Bool) {
    let paths = availablePaths()
    var rng = SplitMix(state: transpose ? 41 : 42)
    for (index, s) in gemvShapes.enumerated() {
        checkGEMV(Double.self, trans: transpose, m: s.m, n: s.n, pad: index % 2 == 0 ? 3 : 0, paths: paths, rng: &rng)
    }
}
