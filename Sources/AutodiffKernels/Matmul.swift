import CAutodiffKernels
import Foundation

/// Scalars with a packed GEMM micro-kernel in the C target.
@usableFromInline package protocol GEMMScalar: KernelFloat {
    /// `C[m x n] = op(A)[m x k] * op(B)[k x n]`, row-major, single-threaded,
    /// where `op` transposes a matrix stored the other way round.
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int,
        _ c: UnsafeMutablePointer<Self>, ldc: Int)

    /// The same product as ``gemm(transposeA:transposeB:m:n:k:_:lda:_:ldb:_:ldc:)``,
    /// prepared for `threads` threads that each call `ad_gemm_job_work` on
    /// the result (then `ad_gemm_job_destroy`): `op(B)` is packed once for
    /// all of them. `nil` only when out of memory.
    static func gemmJob(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int,
        _ c: UnsafeMutablePointer<Self>, ldc: Int, threads: Int) -> OpaquePointer?

    /// `y = A x` (or `Aᵀ x` when `transpose`) for row-major `A[rows, cols]`,
    /// reading `A` once front to back, on the thread pool when large.
    static func gemv(transpose: Bool, rows: Int, cols: Int, _ a: UnsafePointer<Self>, lda: Int,
                     _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
}

extension Float: GEMMScalar {
    @inlinable package static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
        _ c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        ad_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc))
    }

    @inlinable package static func gemmJob(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
        _ c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int
    ) -> OpaquePointer? {
        ad_sgemm_job_create(
            transposeA ? 1 : 0, transposeB ? 1 : 0, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc),
            Int32(clamping: threads))
    }

    @inlinable package static func gemv(
        transpose: Bool, rows: Int, cols: Int, _ a: UnsafePointer<Float>, lda: Int,
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>
    ) {
        ad_sgemv(transpose ? 1 : 0, Int64(rows), Int64(cols), a, Int64(lda), x, y)
    }
}

extension Double: GEMMScalar {
    @inlinable package static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
        _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        ad_dgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc))
    }

    @inlinable package static func gemmJob(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
        _ c: UnsafeMutablePointer<Double>, ldc: Int, threads: Int
    ) -> OpaquePointer? {
        ad_dgemm_job_create(
            transposeA ? 1 : 0, transposeB ? 1 : 0, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc),
            Int32(clamping: threads))
    }

    @inlinable package static func gemv(
        transpose: Bool, rows: Int, cols: Int, _ a: UnsafePointer<Double>, lda: Int,
        _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>
    ) {
        ad_dgemv(transpose ? 1 : 0, Int64(rows), Int64(cols), a, Int64(lda), x, y)
    }
}

extension Kernels {
    /// Below this many multiply-adds a product runs on one core. From a
    /// million (about 30 us of one core's work) splitting pays on our own
    /// thread pool: W7's 100 x 100 x 100 products took its Hessian from
    /// 101 to 81 us against a threshold of four million. Below it, W10's
    /// 64 x 128 x 64 products split made its steps bimodal (105 or 138 us).
    @usableFromInline package static let parallelMatmulThreshold = 1_000_000

    /// Batched matrix product: `batch` products of `op(A)[m, k] x op(B)[k, n]`,
    /// where `op` transposes an operand stored as `[k, m]` (`transposeA`) or
    /// `[n, k]` (`transposeB`): a derivative's `g Bᵀ` needs no transposed copy.
    @inlinable
    package static func matmul<T: GEMMScalar>(
        _ a: [T], _ b: [T], batch: Int, m: Int, k: Int, n: Int,
        transposeA: Bool = false, transposeB: Bool = false
    ) -> [T] {
        let count = batch * m * n
        let work = batch * m * n * k
        let cores = ProcessInfoCores.count
        return makeArray(count: count) { out in
            guard count > 0 else { return }
            if k == 0 { out.initialize(repeating: 0); return }
            let c = out.baseAddress!
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    let job = GEMMJob(a: a.baseAddress!, b: b.baseAddress!, c: c, m: m, k: k, n: n,
                                      transposeA: transposeA, transposeB: transposeB)
                    if m == 1 || n == 1 {
                        for i in 0..<batch { job.matrixVector(i) }
                    } else if work < parallelMatmulThreshold || cores < 2 {
                        for i in 0..<batch { job.run(i, rows: 0..<m) }
                    } else if batch >= cores {
                        parallelFor(batch) { i in job.run(i, rows: 0..<m) }
                    } else {
                        // Fewer products than cores: all cores on each one in
                        // turn, sharing its packed B (see `GEMMJob.share`).
                        for i in 0..<batch { job.share(i, threads: cores) }
                    }
                }
            }
        }
    }
}

/// Pointers into the operands of one batched product, shared by the
/// threads that each compute a disjoint block of rows of `c`. Not
/// `Sendable`: the thread pool (`Kernels.parallelFor`) takes a plain
/// closure, which `matmul` makes inside the arrays'
/// `withUnsafeBufferPointer` calls and which returns only when every
/// thread is done.
@usableFromInline
struct GEMMJob<T: GEMMScalar> {
    @usableFromInline let a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>
    @usableFromInline let m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool

    @usableFromInline
    init(a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>,
         m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool) {
        (self.a, self.b, self.c, self.m, self.k, self.n) = (a, b, c, m, k, n)
        (self.transposeA, self.transposeB) = (transposeA, transposeB)
    }

    /// Product `i` when one side is a vector (`m == 1` or `n == 1`): a
    /// matrix-vector product that reads the matrix once, front to back.
    /// With `n == 1`, `op(B)` is `k` contiguous values whatever `transposeB`
    /// says, and `C = op(A) b`; with `m == 1`, `C = a op(B) = op(B)ᵀ a`.
    @usableFromInline
    func matrixVector(_ i: Int) {
        let a = self.a + i * m * k, b = self.b + i * k * n, c = self.c + i * m * n
        if n == 1 {
            // A is stored [m, k], or [k, m] when transposed.
            T.gemv(transpose: transposeA, rows: transposeA ? k : m, cols: transposeA ? m : k, a, lda: transposeA ? m : k, b, c)
        } else {
            // B is stored [k, n], or [n, k] when transposed.
            T.gemv(transpose: !transposeB, rows: transposeB ? n : k, cols: transposeB ? k : n, b, lda: transposeB ? k : n, a, c)
        }
    }

    /// Rows `rows` of product `i`. The rows of `op(A)` are rows of `A`, or
    /// columns when `A` is stored transposed.
    @usableFromInline
    func run(_ i: Int, rows: Range<Int>) {
        let ao = i * m * k + (transposeA ? rows.lowerBound : rows.lowerBound * k)
        let bo = i * k * n
        let co = i * m * n + rows.lowerBound * n
        T.gemm(transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k,
               a + ao, lda: transposeA ? m : k, b + bo, ldb: transposeB ? k : n, c + co, ldc: n)
    }
}

extension GEMMJob {
    /// All of product `i`, computed by `threads` threads together through
    /// the C side's shared job (`ad_gemm_job_create`): `op(B)` is packed once
    /// for all of them instead of once per thread. The threads claim small
    /// parts of the work as they come, so one that the pool wakes late
    /// leaves its share to the others rather than holding them up.
    @usableFromInline
    func share(_ i: Int, threads: Int) {
        guard let handle = T.gemmJob(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            a + i * m * k, lda: transposeA ? m : k, b + i * k * n, ldb: transposeB ? k : n,
            c + i * m * n, ldc: n, threads: threads)
        else {
            return run(i, rows: 0..<m)  // out of memory for the job: one thread
        }
        Kernels.parallelFor(threads) { _ in ad_gemm_job_work(handle) }
        ad_gemm_job_destroy(handle)
    }
}

/// The number of cores, read once.
@usableFromInline
enum ProcessInfoCores {
    @usableFromInline static let count = ProcessInfo.processInfo.activeProcessorCount
}
