/// An append-only list stored in chunks: appending never moves the
/// elements already stored.
///
/// Why the tape keeps its records in one: a record is about 200 bytes, and
/// an `Array` that grows by doubling copies every record about once more
/// (in the scalar chain of 3,000 operations, about 260 instructions of
/// `memcpy` per record, 5% of the call). A chunk is allocated at its full
/// capacity once, so growing copies nothing.
///
/// Chunk `k` holds `4^k << firstShift` elements, so the last chunk is at
/// least three quarters of all the capacity. That matters to the C
/// allocator: a block above its `mmap` threshold, once freed, raises that
/// threshold and the one for returning memory to the system to twice the
/// block, so later tapes of that length come from the heap and stay there.
/// With chunks of one small size glibc returned the memory at every
/// teardown and the next call took a page fault per 4 KiB, and with chunks
/// doubling the whole was about twice the last chunk, right at the limit:
/// in both, 170 page faults per call of the scalar chain, slower in time
/// than the `memcpy` saved.
///
/// The chunks are raw memory the list owns, so it is noncopyable: reading
/// an element is two loads with no reference counted (an array of arrays
/// retained and released the chunk's array on every read and checked both
/// arrays' uniqueness on every append, together about 5% of the scalar
/// chain under `grad`).
///
/// - Complexity: `append` and the subscript are O(1).
struct ChunkedArray<Element>: ~Copyable {
    /// The capacity of chunk 0 is `1 << firstShift`.
    private static var firstShift: Int { 6 }

    private var chunks: [UnsafeMutablePointer<Element>] = []
    private(set) var count = 0

    init() {}

    deinit {
        for (k, chunk) in chunks.enumerated() {
            let stored = min(count - Self.start(k), Self.capacity(k))
            chunk.deinitialize(count: stored)
            chunk.deallocate()
        }
    }

    /// The positions of the elements, `0..<count`.
    var indices: Range<Int> { 0..<count }

    /// Where chunk `k` starts: `(4^k - 1) / 3 << firstShift`, the sizes of
    /// the chunks before it.
    @inline(__always)
    private static func start(_ k: Int) -> Int { (((1 &<< (2 &* k)) &- 1) / 3) &<< firstShift }

    @inline(__always)
    private static func capacity(_ k: Int) -> Int { 1 &<< (firstShift &+ 2 &* k) }

    /// The chunk of element `i` and its offset there: `k` is half the
    /// position of the highest set bit of `3 (i >> firstShift) + 1`.
    @inline(__always)
    private static func locate(_ i: Int) -> (chunk: Int, offset: Int) {
        let q = 3 &* (i &>> firstShift) &+ 1
        let k = (Int.bitWidth &- 1 &- q.leadingZeroBitCount) &>> 1
        return (k, i &- start(k))
    }

    /// Element `i`, copied whole: for reading several fields at once.
    subscript(_ i: Int) -> Element {
        self[i] { $0 }
    }

    /// `body` of element `i` in place. Read a field through this rather
    /// than the subscript: a getter returns a copy of the whole element
    /// (each of a record's references retained and released again), where
    /// a field projected in place is the only one copied.
    @inline(__always)
    subscript<T>(_ i: Int, _ body: (borrowing Element) -> T) -> T {
        precondition(i >= 0 && i < count, "ChunkedArray: index \(i) out of 0..<\(count)")
        let (chunk, offset) = Self.locate(i)
        return body(chunks[chunk][offset])
    }

    /// Consuming: the caller's new element moves into its chunk, instead of
    /// being copied (each reference retained) and the original destroyed.
    @inline(__always)
    mutating func append(_ element: consuming Element) {
        let (chunk, offset) = Self.locate(count)
        if chunk == chunks.count { addChunk() }
        (chunks[chunk] + offset).initialize(to: element)
        count += 1
    }

    @inline(never)
    private mutating func addChunk() {
        chunks.append(.allocate(capacity: Self.capacity(chunks.count)))
    }
}
