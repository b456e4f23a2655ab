import CAutodiffKernels
import CAutodiffKernels.Testing
import Dispatch
import Testing

/// Shared products (`ad_sgemm_job_create` / `ad_dgemm_job_create`): one
/// product computed by several threads with op(B) packed once, checked
/// against a naive loop (`checkShape` in CMatmulTests.swift) on every path,
/// with 1 to 4 threads at once and with a single thread doing it all. By
/// default only products of at least 512 rows per thread are shared; the
/// tests lower that (`ad_gemm_job_force_min_rows`) to keep the naive loop
/// quick, and check the default choice on its own.

/// Shapes for the shared packing: m, n, k not multiples of any micro-tile or
/// cache block (the AVX-512 float tile is 14 x 32, KC 256, NC 1024, MC 1008),
/// k past one and two k blocks, n past one NC block with few rows (so columns
/// are split too), m past one MC block, exact tiles, one row of panels, and
/// a last panel of half width (n = 48 with AVX-512 floats).
private let sharedShapes: [(m: Int, n: Int, k: Int)] = [
    (14, 32, 256), (15, 33, 257), (44, 70, 513), (29, 1100, 40), (1030, 40, 30), (7, 13, 300), (200, 17, 5),
    (60, 48, 20),
]

/// Shapes that a job splits into independent products instead: tiny, empty
/// or for the unpacked path (few rows or columns).
private let independentShapes: [(m: Int, n: Int, k: Int)] = [
    (0, 5, 5), (5, 0, 5), (17, 33, 0), (1, 1, 1), (3, 5, 2), (1, 300, 70), (300, 1, 70), (600, 2, 5), (2, 2100, 3),
    (3, 40, 33),
]

/// An opaque job handle handed to the threads that work on it.
private struct JobHandle: @unchecked Sendable {
    let job: OpaquePointer
}

/// Runs the job on `callers` threads at once, or, if `callers` is 0, by two
/// calls one after the other on this thread (the first does everything).
private func runJob(_ job: OpaquePointer, callers: Int) {
    if callers == 0 {
        ad_gemm_job_work(job)
        ad_gemm_job_work(job)
    } else {
        let handle = JobHandle(job: job)
        DispatchQueue.concurrentPerform(iterations: callers) { _ in ad_gemm_job_work(handle.job) }
    }
    ad_gemm_job_destroy(job)
}

private func checkJobs<T: CGEMMScalar>(_: T.Type, shapes: [(m: Int, n: Int, k: Int)], expectShared: Bool, seed: UInt64) {
    _ = ad_gemm_job_force_min_rows(0)
    defer { _ = ad_gemm_job_force_min_rows(-1) }
    let paths = availablePaths()
    var rng = SplitMix(state: seed)
    for ta in [false, true] {
        for tb in [false, true] {
            for (index, s) in shapes.enumerated() {
                for (threads, callers) in [(1, 1), (2, 2), (2, 0), (3, 3), (2, 4)] {
                    checkShape(
                        T.self, ta: ta, tb: tb, m: s.m, n: s.n, k: s.k, pad: index % 2 == 0 ? 0 : 3, paths: paths,
                        rng: &rng, label: "job threads \(threads) callers \(callers): "
                    ) { a, lda, b, ldb, c, ldc in
                        guard let job = T.cgemmJob(ta, tb, s.m, s.n, s.k, a, lda, b, ldb, c, ldc, threads: threads)
                        else {
                            Issue.record("job creation failed")
                            return
                        }
                        let shared = ad_gemm_job_is_shared(job) == 1
                        #expect(shared == expectShared, "m \(s.m) n \(s.n) k \(s.k): shared \(shared)")
                        runJob(job, callers: callers)
                    }
                }
            }
        }
    }
}

@Test func cSGEMMSharedJobMatchesNaiveLoop() {
    checkJobs(Float.self, shapes: sharedShapes, expectShared: true, seed: 31)
}

@Test func cDGEMMSharedJobMatchesNaiveLoop() {
    checkJobs(Double.self, shapes: sharedShapes, expectShared: true, seed: 32)
}

@Test func cGEMMIndependentJobMatchesNaiveLoop() {
    checkJobs(Float.self, shapes: independentShapes, expectShared: false, seed: 33)
    checkJobs(Double.self, shapes: independentShapes, expectShared: false, seed: 34)
}

/// The default choice: shared from 512 rows of C per thread; W4's products
/// (128 rows, or 784 with a short k) are split into one product per thread.
@Test func cGEMMJobSharesOnlyLargeProducts() {
    let a = [Float](repeating: 1, count: 1100 * 1100), b = a
    var c = [Float](repeating: 0, count: 1100 * 1100)
    func shared(_ m: Int, _ n: Int, _ k: Int, threads: Int) -> Bool {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    let job = Float.cgemmJob(
                        false, false, m, n, k, pa.baseAddress!, k, pb.baseAddress!, n, pc.baseAddress!, n,
                        threads: threads)!
                    defer { ad_gemm_job_destroy(job) }
                    return ad_gemm_job_is_shared(job) == 1
                }
            }
        }
    }
    #expect(shared(1024, 1024, 1024, threads: 2))
    #expect(shared(1024, 40, 30, threads: 2))
    #expect(!shared(1023, 1024, 1024, threads: 2))
    #expect(!shared(128, 256, 784, threads: 2))
    #expect(!shared(784, 256, 128, threads: 2))
    #expect(shared(784, 256, 128, threads: 1))
}

/// Jobs on the same thread one after another reuse the cached packed-B
/// buffer; a smaller product after a larger one (and the other way round)
/// must not see stale panels.
@Test func cSGEMMSharedJobsInSequence() {
    _ = ad_gemm_job_force_min_rows(0)
    defer { _ = ad_gemm_job_force_min_rows(-1) }
    let paths = availablePaths()
    var rng = SplitMix(state: 35)
    for s in [(m: 40, n: 300, k: 300), (m: 30, n: 50, k: 20), (m: 40, n: 300, k: 300), (m: 33, n: 70, k: 270)] {
        checkShape(Float.self, ta: false, tb: false, m: s.m, n: s.n, k: s.k, pad: 1, paths: paths, rng: &rng) {
            a, lda, b, ldb, c, ldc in
            runJob(Float.cgemmJob(false, false, s.m, s.n, s.k, a, lda, b, ldb, c, ldc, threads: 2)!, callers: 2)
        }
    }
}
