import CAutodiffKernels
import Dispatch
import Foundation

/// Scalars with a packed GEMM micro-kernel in the C target.
public protocol GEMMScalar: KernelFloat {
    /// `C[m x n] = A[m x k] * B[k x n]`, row-major, single-threaded.
    static func gemm(
        m: Int, n: Int, k: Int,
        _ a: UnsafePointer<Self>, lda: Int, _ b: UnsafePointer<Self>, ldb: Int,
        _ c: UnsafeMutablePointer<Self>, ldc: Int)
}

extension Float: GEMMScalar {
    @inlinable public static func gemm(
        m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
        _ c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        ad_sgemm(0, 0, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc))
    }
}

extension Double: GEMMScalar {
    @inlinable public static func gemm(
        m: Int, n: Int, k: Int, _ a: UnsafePointer<Double>, lda: Int, _ b: UnsafePointer<Double>, ldb: Int,
        _ c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        ad_dgemm(0, 0, Int64(m), Int64(n), Int64(k), a, Int64(lda), b, Int64(ldb), c, Int64(ldc))
    }
}

extension Kernels {
    /// Below this many multiply-adds a product runs on one core: splitting
    /// costs more than about 100 us of serial work would save.
    public static let parallelMatmulThreshold = 4_000_000

    /// Batched matrix product: `batch` products of `[m, k] x [k, n]`, each
    /// operand either one per batch entry or shared (`sharedA`, `sharedB`).
    public static func matmul<T: GEMMScalar>(
        _ a: [T], _ b: [T], batch: Int, m: Int, k: Int, n: Int, sharedA: Bool = false, sharedB: Bool = false
    ) -> [T] {
        let count = batch * m * n
        let work = batch * m * n * k
        let cores = ProcessInfoCores.count
        return [T](unsafeUninitializedCapacity: count) { out, initialized in
            initialized = count
            guard count > 0 else { return }
            if k == 0 { out.initialize(repeating: 0); return }
            let c = out.baseAddress!
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    let job = GEMMJob(a: a.baseAddress!, b: b.baseAddress!, c: c, m: m, k: k, n: n,
                                      sharedA: sharedA, sharedB: sharedB)
                    if work < parallelMatmulThreshold || cores < 2 {
                        for i in 0..<batch { job.run(i, rows: 0..<m) }
                    } else if batch >= cores {
                        DispatchQueue.concurrentPerform(iterations: batch) { i in job.run(i, rows: 0..<m) }
                    } else {
                        let chunks = Swift.min(cores, m)
                        DispatchQueue.concurrentPerform(iterations: batch * chunks) { task in
                            let i = task / chunks, part = task % chunks
                            job.run(i, rows: (m * part / chunks)..<(m * (part + 1) / chunks))
                        }
                    }
                }
            }
        }
    }
}

/// Pointers into the operands of one batched product, shared by the
/// threads that each compute a disjoint block of rows of `c`.
private struct GEMMJob<T: GEMMScalar>: @unchecked Sendable {
    let a: UnsafePointer<T>, b: UnsafePointer<T>, c: UnsafeMutablePointer<T>
    let m: Int, k: Int, n: Int, sharedA: Bool, sharedB: Bool

    func run(_ i: Int, rows: Range<Int>) {
        let ao = (sharedA ? 0 : i * m * k) + rows.lowerBound * k
        let bo = sharedB ? 0 : i * k * n
        let co = i * m * n + rows.lowerBound * n
        T.gemm(m: rows.count, n: n, k: k, a + ao, lda: k, b + bo, ldb: n, c + co, ldc: n)
    }
}

/// The number of cores, read once.
enum ProcessInfoCores {
    static let count = ProcessInfo.processInfo.activeProcessorCount
}
