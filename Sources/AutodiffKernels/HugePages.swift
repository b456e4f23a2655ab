#if canImport(Glibc)
import Glibc
#endif

extension Kernels {
    /// Buffers of at least this many bytes ask for huge pages (NumPy's
    /// threshold for the same hint).
    @usableFromInline static let hugePageMinimumBytes = 4 << 20

    /// Asks Linux to back a freshly allocated output buffer with 2 MB pages
    /// (`madvise(MADV_HUGEPAGE)`, as NumPy does for arrays of 4 MB and more)
    /// before the kernel first writes it.
    ///
    /// Why: large arrays come from `malloc` as fresh pages (glibc maps them,
    /// or trims them from the heap once freed), so the first pass over each
    /// new 16 MB array took 4096 page faults. Under `perf` on W6 a quarter
    /// of the time was in the kernel's fault path (zeroing, cgroup charge,
    /// locks) rather than in the kernels; with 2 MB pages that is 8 faults.
    /// A hint only: where transparent huge pages are off (or not Linux)
    /// nothing changes.
    @inlinable @inline(__always)
    static func adviseHugePages<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        let bytes = buffer.count &* MemoryLayout<T>.stride
        if bytes >= hugePageMinimumBytes, let base = buffer.baseAddress {
            adviseHugePages(UnsafeMutableRawPointer(base), bytes: bytes)
        }
    }

    @usableFromInline
    static func adviseHugePages(_ base: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        let page = 2 << 20
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + bytes) & ~(page - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}
