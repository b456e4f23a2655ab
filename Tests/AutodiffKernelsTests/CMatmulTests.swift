import CAutodiffKernels
import CAutodiffKernels.Testing
import Dispatch
import Testing

/// The C GEMM kernels against a naive loop, on every path this CPU can run.
///
/// `ad_gemm_force_path` only affects the calling thread, and each test body
/// is synchronous (so stays on one thread), so these tests cannot disturb
/// each other or anything else running in parallel.

/// ad_sgemm / ad_dgemm (and their shared jobs) behind one generic name.
protocol CGEMMScalar: BinaryFloatingPoint {
    static func cgemm(
        _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Self>, _ ldc: Int)
    static func cgemmJob(
        _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ a: UnsafePointer<Self>, _ lda: Int, _ b: UnsafePointer<Self>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Self>, _ ldc: Int, threads: Int) -> OpaquePointer?
    /// Allowed |error| relative to sum over p of |a[i,p] * b[p,j]|.
    static var tolerance: Double { get }
}

extension Float: CGEMMScalar {
    static func cgemm(
        _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
        ad_sgemm(ta ? 1 : 0, tb ? 1 : 0, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc))
    }
    static func cgemmJob(
        _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Float>, _ ldc: Int, threads: Int
    ) -> OpaquePointer? {
        ad_sgemm_job_create(
            ta ? 1 : 0, tb ? 1 : 0, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc),
            Int32(threads))
    }
    static var tolerance: Double { 1e-4 }
}

extension Double: CGEMMScalar {
    static func cgemm(
        _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Double>, _ ldc: Int
    ) {
        ad_dgemm(ta ? 1 : 0, tb ? 1 : 0, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc))
    }
    static func cgemmJob(
        _ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ a: UnsafePointer<Double>, _ lda: Int, _ b: UnsafePointer<Double>, _ ldb: Int,
        _ c: UnsafeMutablePointer<Double>, _ ldc: Int, threads: Int
    ) -> OpaquePointer? {
        ad_dgemm_job_create(
            ta ? 1 : 0, tb ? 1 : 0, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc),
            Int32(threads))
    }
    static var tolerance: Double { 1e-12 }
}

/// SplitMix64: deterministic operands without Foundation.
struct SplitMix {
    var state: UInt64
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53) * 2 - 1  // in [-1, 1)
    }
}

/// Paths this CPU can run: 0 portable, 1 AVX2+FMA, 2 AVX-512.
func availablePaths() -> [Int32] {
    let paths = (0...2).filter { ad_gemm_force_path(Int32($0)) == 1 }.map { Int32($0) }
    _ = ad_gemm_force_path(-1)
    return paths
}

/// Shapes that reach every branch: the plain loop for tiny products, the
/// unpacked loops for few rows or columns (including few columns with a long
/// k, and both past their 512-row / 2048-column blocks), and the blocked path
/// with edge tiles and with k past one cache block. The last five end in a
/// half-width panel on some path, whole or as an edge tile: n = 10 and 48
/// with AVX-512 floats (32-column tiles), 24 with AVX2 floats and AVX-512
/// doubles (16), 12 and 6 on the portable path (8 and 4).
private let shapes: [(m: Int, n: Int, k: Int)] = [
    (1, 1, 1), (3, 5, 2), (2, 3, 4), (1, 37, 19), (37, 1, 19), (3, 40, 33), (45, 3, 29),
    (10, 9, 260), (600, 2, 5), (2, 2100, 3), (33, 47, 29), (16, 40, 260), (17, 33, 0),
    (30, 10, 64), (29, 48, 17), (15, 24, 31), (28, 12, 9), (40, 6, 9),
]

/// Runs C = op(A) op(B) for one shape on every path and checks each result
/// against a naive loop in Double; also checks the padding columns of C are
/// untouched and that C is overwritten (it starts as NaN). `multiply` does
/// the product on the path forced on the calling thread (ad_sgemm /
/// ad_dgemm by default).
func checkShape<T: CGEMMScalar>(
    _: T.Type, ta: Bool, tb: Bool, m: Int, n: Int, k: Int, pad: Int, paths: [Int32], rng: inout SplitMix,
    label: String = "",
    multiply: ((
        _ a: UnsafePointer<T>, _ lda: Int, _ b: UnsafePointer<T>, _ ldb: Int, _ c: UnsafeMutablePointer<T>, _ ldc: Int
    ) -> Void)? = nil
) {
    let lda = max((ta ? m : k) + pad, 1), ldb = max((tb ? k : n) + pad, 1), ldc = n + pad
    let aData = (0..<max((ta ? k : m) * lda, 1)).map { _ in rng.next() }
    let bData = (0..<max((tb ? n : k) * ldb, 1)).map { _ in rng.next() }
    let a = aData.map { T($0) }, b = bData.map { T($0) }
    // The reference works on the rounded operands, so only the product's own error is measured.
    let ra = a.map { Double($0) }, rb = b.map { Double($0) }
    var expected = [Double](repeating: 0, count: m * n), magnitude = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0, g = 0.0
            for p in 0..<k {
                let x = ta ? ra[p * lda + i] : ra[i * lda + p]
                let y = tb ? rb[j * ldb + p] : rb[p * ldb + j]
                s += x * y
                g += abs(x * y)
            }
            expected[i * n + j] = s
            magnitude[i * n + j] = g
        }
    }
    let sentinel: T = 12345
    for path in paths {
        #expect(ad_gemm_force_path(path) == 1)
        #expect(ad_gemm_path() == path)
        var c = [T](repeating: .nan, count: max(m * ldc, 1))
        for i in 0..<m { for j in n..<ldc { c[i * ldc + j] = sentinel } }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    if let multiply {
                        multiply(pa.baseAddress!, lda, pb.baseAddress!, ldb, pc.baseAddress!, ldc)
                    } else {
                        T.cgemm(ta, tb, m, n, k, pa.baseAddress!, lda, pb.baseAddress!, ldb, pc.baseAddress!, ldc)
                    }
                }
            }
        }
        var bad = 0, worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                let err = abs(Double(c[i * ldc + j]) - expected[i * n + j])
                // Written so that a NaN result fails.
                if !(err <= T.tolerance * magnitude[i * n + j]) { bad += 1 }
                worst = max(worst, err)
            }
            for j in n..<ldc where c[i * ldc + j] != sentinel { bad += 1 }
        }
        #expect(
            bad == 0,
            "\(label)\(T.self) path \(path) ta \(ta) tb \(tb) m \(m) n \(n) k \(k) pad \(pad): \(bad) wrong, worst error \(worst)")
    }
    _ = ad_gemm_force_path(-1)
}

@Test func cGEMMPathIsAvailable() {
    let paths = availablePaths()
    #expect(paths.first == 0, "the portable path always exists")
    #expect(paths.contains(ad_gemm_path()), "the automatic choice is one the CPU supports")
    #expect(ad_gemm_path() == paths.last, "the automatic choice is the best supported path")
    #expect(ad_gemm_force_path(3) == 0)
    #expect(ad_gemm_force_path(-2) == 0)
}

@Test(arguments: [false, true])
func cSGEMMMatchesNaiveLoop(transposeA: Bool) {
    let paths = availablePaths()
    var rng = SplitMix(state: transposeA ? 11 : 12)
    for tb in [false, true] {
        for (index, s) in shapes.enumerated() {
            checkShape(
                Float.self, ta: transposeA, tb: tb, m: s.m, n: s.n, k: s.k, pad: index % 2 == 0 ? 0 : 3, paths: paths,
                rng: &rng)
        }
    }
}

@Test(arguments: [false, true])
func cDGEMMMatchesNaiveLoop(transposeA: Bool) {
    let paths = availablePaths()
    var rng = SplitMix(state: transposeA ? 21 : 22)
    for tb in [false, true] {
        for (index, s) in shapes.enumerated() {
            checkShape(
                Double.self, ta: transposeA, tb: tb, m: s.m, n: s.n, k: s.k, pad: index % 2 == 0 ? 3 : 0,
                paths: paths, rng: &rng)
        }
    }
}

@Test func cGEMMEmptyShapesLeaveCAlone() {
    var c: [Float] = [1, 2, 3, 4]
    let a: [Float] = [1, 2], b: [Float] = [3, 4]
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                ad_sgemm(0, 0, 0, 2, 2, pa.baseAddress!, 2, pb.baseAddress!, 2, pc.baseAddress!, 2)
                ad_sgemm(0, 0, 2, 0, 2, pa.baseAddress!, 2, pb.baseAddress!, 2, pc.baseAddress!, 2)
            }
        }
    }
    #expect(c == [1, 2, 3, 4])
}

/// Result slots for concurrent jobs: each job writes only its own slot, and
/// they are read after all jobs have finished, so no two accesses race.
private struct JobSlots: @unchecked Sendable {
    let slots: UnsafeMutableBufferPointer<Bool>
}

/// Several threads at once (per-thread packing buffers), each on a shape
/// large enough for the blocked path, must all get the single-threaded answer.
@Test func cSGEMMIsThreadSafe() {
    let m = 40, n = 50, k = 300
    var rng = SplitMix(state: 5)
    let a = (0..<(m * k)).map { _ in Float(rng.next()) }
    let b = (0..<(k * n)).map { _ in Float(rng.next()) }
    @Sendable func product() -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    ad_sgemm(
                        0, 0, Int64(m), Int64(n), Int64(k), pa.baseAddress!, Int64(k), pb.baseAddress!, Int64(n),
                        pc.baseAddress!, Int64(n))
                }
            }
        }
        return c
    }
    let serial = product()
    let jobs = 8
    let results = JobSlots(slots: .allocate(capacity: jobs))
    results.slots.initialize(repeating: false)
    defer { results.slots.deallocate() }
    DispatchQueue.concurrentPerform(iterations: jobs) { job in
        var same = true
        for _ in 0..<8 where product() != serial { same = false }
        results.slots[job] = same
    }
    #expect(results.slots.allSatisfy { $0 })
}
