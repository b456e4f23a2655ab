import CAutodiffKernels
import Dispatch

/// Large arrays kept for reuse once the tensors that held them are gone.
///
/// Why: a big array from `malloc` is fresh memory (glibc maps it, or takes
/// it from a heap it trimmed), so its first write faults in and zeroes
/// every page; once freed, glibc either unmaps it again or keeps it in a
/// heap that small allocations then pin, so memory grows. The pool makes
/// a steady loop (the same shapes every step) reuse its own arrays: no
/// system allocation, no fresh page.
///
/// How: the pool keeps a reference to every array it hands out, filed by
/// element type and exact element count (a steady loop repeats its
/// shapes). An array whose only reference left is the pool's is idle, and
/// the next request of its size class reuses it. Arrays below
/// `minimumBytes` are not pooled: malloc serves those from its own caches.
///
/// Bounds: idle arrays beyond `capacity` bytes, and idle arrays not handed
/// out for `idleNanoseconds`, are released (then `malloc_trim(0)` gives the
/// memory back to the system where glibc has it). Both are checked when
/// the pool is asked for an array; `releaseIdle()` does it at once.
/// Thread-safe: one lock guards the shelves, and a kernel writes an array
/// only after taking it off its shelf.
@usableFromInline package final class BufferPool: Sendable {
    /// The pool every kernel allocates from.
    @usableFromInline package static let shared = BufferPool()

    /// Arrays smaller than this many bytes are not pooled.
    @usableFromInline package static let minimumBytes = 256 << 10
    /// The default of `capacity`: 256 MiB, a few times the working set of a
    /// gradient of 4M-element tensors (each intermediate is 16 MB).
    @usableFromInline package static let defaultCapacity = 256 << 20
    /// Idle arrays not handed out for this long (2 s) are released.
    @usableFromInline package static let idleNanoseconds: UInt64 = 2_000_000_000
    /// At most this many arrays are tracked per size class; beyond it, new
    /// arrays are left to malloc. Bounds the scan of a request.
    @usableFromInline package static let shelfLimit = 32
    /// The least time between two sweeps for idle arrays (50 ms), so that
    /// requests in a hot loop scan only their own size class.
    static let sweepIntervalNanoseconds: UInt64 = 50_000_000

    let state: Locked<BufferPoolState>

    @usableFromInline package init(capacity: Int = BufferPool.defaultCapacity) {
        state = Locked(BufferPoolState(capacity: capacity))
    }

    /// The most bytes of idle arrays kept; 0 turns reuse off (every idle
    /// array is released at the next request). Lowering it releases at once.
    @usableFromInline package var capacity: Int {
        get { state.withLock { $0.capacity } }
        set {
            state.withLock { $0.capacity = Swift.max(0, newValue) }
            releaseIdle(olderThan: BufferPool.idleNanoseconds)
        }
    }

    /// Counts since the pool was made, for tests and benchmarks.
    @usableFromInline package var statistics: BufferPoolStatistics { state.withLock { $0.statistics } }

    /// An array of `count` elements filled by `body`, which must initialise
    /// all of them: an idle pooled array if there is one of this size
    /// class (its old contents are overwritten by `body`), else a new one,
    /// tracked if there is room. Nil for arrays too small to pool.
    @inlinable
    package func makeArray<T: PoolElement>(
        count: Int, initializingWith body: (UnsafeMutableBufferPointer<T>) -> Void
    ) -> [T]? {
        guard count &* MemoryLayout<T>.stride >= BufferPool.minimumBytes else { return nil }
        var array = take(T.self, count: count) ?? [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            Kernels.adviseHugePages(buffer)
            initialized = count
        }
        // The array is referenced by `array` only (off its shelf), so this
        // writes it in place.
        array.withUnsafeMutableBufferPointer { body($0) }
        put(array)
        return array
    }

    /// An idle array of the size class, taken off its shelf; nil if none.
    @usableFromInline
    func take<T: PoolElement>(_: T.Type, count: Int) -> [T]? {
        let now = DispatchTime.now().uptimeNanoseconds
        let found: [T]? = state.withLock { state in
            let array = T.withShelves(&state) { shelves -> [T]? in
                guard var shelf = shelves.removeValue(forKey: count) else { return nil }
                defer { shelves[count] = shelf }
                // The most recently handed out idle array: the one most
                // likely still in the cache (a 16 MB array fits twice in a
                // 32 MB L3), as malloc's bins are last in, first out.
                guard let i = shelf.arrays.indices.last(where: { isIdle(&shelf.arrays[$0]) }) else { return nil }
                shelf.lastUse.remove(at: i)
                return shelf.arrays.remove(at: i)
            }
            if array == nil { state.statistics.allocated += 1 } else { state.statistics.reused += 1 }
            return array
        }
        if found == nil || now &- state.withLock({ $0.lastSweep }) > BufferPool.sweepIntervalNanoseconds {
            releaseIdle(olderThan: BufferPool.idleNanoseconds, now: now)
        }
        return found
    }

    /// Files `array` on its shelf (the pool's reference makes it idle
    /// once every other copy is gone), unless the shelf is full.
    @usableFromInline
    func put<T: PoolElement>(_ array: [T]) {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { state in
            T.withShelves(&state) { shelves in
                guard var shelf = shelves.removeValue(forKey: array.count) else {
                    shelves[array.count] = BufferShelf(arrays: [array], lastUse: [now])
                    return
                }
                if shelf.arrays.count < BufferPool.shelfLimit {
                    shelf.arrays.append(array)
                    shelf.lastUse.append(now)
                }
                shelves[array.count] = shelf
            }
        }
    }

    /// Releases idle arrays handed out more than `olderThan` nanoseconds
    /// ago (every idle array if nil), then the oldest idle ones until at
    /// most `capacity` bytes are idle; trims the C heap if any went.
    @usableFromInline package func releaseIdle(olderThan age: UInt64? = nil, now: UInt64 = DispatchTime.now().uptimeNanoseconds) {
        // Arrays released here are freed after the lock is dropped: a
        // 16 MB `free` unmaps memory, which need not hold up other threads.
        var released: [any Sendable] = []
        state.withLock { state in
            state.lastSweep = now
            let cutoff = age.map { now > $0 ? now - $0 : 0 } ?? .max
            var idle: [(lastUse: UInt64, bytes: Int, isFloat: Bool, count: Int)] = []
            func sweep<T: PoolElement>(_: T.Type) {
                T.withShelves(&state) { shelves in
                    for count in Array(shelves.keys) {
                        var shelf = shelves.removeValue(forKey: count)!
                        var i = 0
                        while i < shelf.arrays.count {
                            if isIdle(&shelf.arrays[i]) {
                                if shelf.lastUse[i] < cutoff {
                                    released.append(shelf.arrays.remove(at: i))
                                    shelf.lastUse.remove(at: i)
                                    continue
                                }
                                idle.append((shelf.lastUse[i], count * MemoryLayout<T>.stride, T.self == Float.self, count))
                            }
                            i += 1
                        }
                        if !shelf.arrays.isEmpty { shelves[count] = shelf }
                    }
                }
            }
            sweep(Float.self)
            sweep(Double.self)
            // Over the cap: the least recently used idle arrays go first.
            var excess = idle.reduce(0) { $0 + $1.bytes } - state.capacity
            for victim in idle.sorted(by: { $0.lastUse < $1.lastUse }) where excess > 0 {
                func evict<T: PoolElement>(_: T.Type) {
                    T.withShelves(&state) { shelves in
                        guard var shelf = shelves.removeValue(forKey: victim.count) else { return }
                        if let i = shelf.lastUse.indices.first(where: {
                            shelf.lastUse[$0] == victim.lastUse && isIdle(&shelf.arrays[$0])
                        }) {
                            released.append(shelf.arrays.remove(at: i))
                            shelf.lastUse.remove(at: i)
                            excess -= victim.bytes
                        }
                        if !shelf.arrays.isEmpty { shelves[victim.count] = shelf }
                    }
                }
                if victim.isFloat { evict(Float.self) } else { evict(Double.self) }
            }
            state.statistics.released += released.count
        }
        guard !released.isEmpty else { return }
        released.removeAll()
        ad_malloc_trim()
    }
}

/// Whether the pool's reference is the only one left to `array`'s storage.
///
/// The standard library offers no uniqueness test for an `Array`, but an
/// array is one reference to its native storage object (checked below), so
/// the test for class references applies to it in place, without the extra
/// retain a cast would add. The reference is seen as a `StorageReference`,
/// never used as one: the test reads only the object's reference count.
/// (Seen as `AnyObject`, the existential is copied before the test in an
/// unoptimised Swift 6 build, which then never sees a unique array.)
@usableFromInline
func isIdle<T>(_ array: inout [T]) -> Bool {
    precondition(MemoryLayout<[T]>.size == MemoryLayout<StorageReference>.size,
                 "BufferPool: an Array is not one reference on this platform")
    return withUnsafeMutablePointer(to: &array) { pointer in
        pointer.withMemoryRebound(to: StorageReference.self, capacity: 1) { isKnownUniquelyReferenced(&$0.pointee) }
    }
}

/// The type an array's storage reference is seen as by `isIdle`.
@usableFromInline
final class StorageReference {}

/// The arrays of one size class, with when each was last handed out.
@usableFromInline
package struct BufferShelf<T: Sendable>: Sendable {
    var arrays: [[T]]
    var lastUse: [UInt64]
}

/// What the pool's lock guards.
@usableFromInline
package struct BufferPoolState: Sendable {
    var capacity: Int
    var float32: [Int: BufferShelf<Float>] = [:]
    var float64: [Int: BufferShelf<Double>] = [:]
    var lastSweep: UInt64 = 0
    var statistics = BufferPoolStatistics()

    init(capacity: Int) { self.capacity = capacity }
}

/// How often the pool reused an idle array, allocated a new one, or
/// released one.
@usableFromInline package struct BufferPoolStatistics: Sendable, Equatable {
    @usableFromInline package var reused: Int
    @usableFromInline package var allocated: Int
    @usableFromInline package var released: Int

    @usableFromInline package init(reused: Int = 0, allocated: Int = 0, released: Int = 0) {
        (self.reused, self.allocated, self.released) = (reused, allocated, released)
    }
}

/// The element types the pool files arrays of: one set of shelves each.
@usableFromInline package protocol PoolElement: Sendable {
    static func withShelves<R>(_ state: inout BufferPoolState, _ body: (inout [Int: BufferShelf<Self>]) -> R) -> R
}

extension Float: PoolElement {
    @usableFromInline package static func withShelves<R>(_ state: inout BufferPoolState, _ body: (inout [Int: BufferShelf<Float>]) -> R) -> R {
        body(&state.float32)
    }
}

extension Double: PoolElement {
    @usableFromInline package static func withShelves<R>(_ state: inout BufferPoolState, _ body: (inout [Int: BufferShelf<Double>]) -> R) -> R {
        body(&state.float64)
    }
}
