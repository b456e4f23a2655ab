import CAutodiffKernels

extension Kernels {
    /// Elementwise work is split across cores only above these counts:
    /// about 100-200 us of serial work on one core, below which the cost of
    /// waking a second thread is not repaid. Costly means a call to the
    /// C library's `exp`, `sin`, `pow`... (about 5-10 ns an element); cheap,
    /// arithmetic bound by memory (below 1 ns).
    @usableFromInline package static let parallelCostlyThreshold = 1 << 15
    @usableFromInline package static let parallelCheapThreshold = 1 << 18

    /// `x.map(F.apply)`, split across cores when `x` has at least
    /// `threshold` elements, through pointer loops that vectorise when `F`
    /// does (`Array.map` appends one element at a time and never does).
    @inlinable @inline(__always)
    static func map<T: KernelFloat, F: UnaryFunction>(_ x: [T], parallelAbove threshold: Int, _: F.Type) -> [T] {
        if x.count < 2048 {
            // A copy overwritten in place, for the allocation cost explained
            // at `mapVectorized`.
            var y = x
            y.withUnsafeMutableBufferPointer { y in
                if let p = y.baseAddress { mapLoop(p, p, y.count, F.self) }
            }
            return y
        }
        return makeArray(count: x.count) { out in
            let po = out.baseAddress!
            x.withUnsafeBufferPointer { x in
                let px = x.baseAddress!
                forEachChunk(count: x.count, parallelAbove: threshold) { range in
                    mapLoop(px + range.lowerBound, po + range.lowerBound, range.count, F.self)
                }
            }
        }
    }

    /// Calls `body` on consecutive ranges covering `0..<count`: once with
    /// the whole range below `threshold`, else on several chunks at once
    /// on every core.
    @inlinable @inline(__always)
    static func forEachChunk(count: Int, parallelAbove threshold: Int, _ body: (Range<Int>) -> Void) {
        let cores = ProcessInfoCores.count
        if count < threshold || cores < 2 { return body(0..<count) }
        let chunks = cores * 4  // a few per core, so that a busy core delays less
        parallelFor(chunks) { c in body((count * c / chunks)..<(count * (c + 1) / chunks)) }
    }

    /// Calls `body(i)` once for every `i` in `0..<count`, on the library's
    /// thread pool (`ad_pool_run`: parked workers and the calling thread),
    /// and returns when every call has. `body` may run on several threads
    /// at once, so each call must touch only its own part of what it writes.
    /// A call from inside `body`, or while another thread's call holds the
    /// pool, runs serially on the calling thread.
    @inlinable
    package static func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            withUnsafePointer(to: body) { body in
                ad_pool_run(Int64(count), UnsafeMutableRawPointer(mutating: body)) { context, i in
                    context.unsafelyUnwrapped.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(i))
                }
            }
        }
    }
}
