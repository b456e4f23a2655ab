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
/// - Complexity: `append` and the subscript are O(1).
struct ChunkedArray<Element>: RandomAccessCollection {
    /// The capacity of chunk 0 is `1 << firstShift`.
    private static var firstShift: Int { 6 }

    private var chunks: [[Element]] = []
    private(set) var count = 0

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// Where chunk `k` starts: `(4^k - 1) / 3 << firstShift`, the sizes of
    /// the chunks before it.
    @inline(__always)
    private static func start(_ k: Int) -> Int { (((1 &<< (2 &* k)) &- 1) / 3) &<< firstShift }

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
        let (chunk, offset) = Self.locate(i)
        return body(chunks[chunk][offset])
    }

    /// Consuming: the caller's new element moves into its chunk, instead of
    /// being copied (each reference retained) and the original destroyed.
    @inline(__always)
    mutating func append(_ element: consuming Element) {
        // Compared with where the next chunk starts, not with `capacity`,
        // which the allocator may round up.
        if count == Self.start(chunks.count) { addChunk() }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    @inline(never)
    private mutating func addChunk() {
        var chunk: [Element] = []
        chunk.reserveCapacity(1 << (Self.firstShift + 2 * chunks.count))
        chunks.append(chunk)
    }
}
