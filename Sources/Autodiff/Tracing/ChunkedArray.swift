/// An append-only list stored in chunks of a fixed capacity: appending
/// never moves the elements already stored.
///
/// Why the tape keeps its records in one: a record is about 200 bytes, and
/// an `Array` that grows by doubling copies every record about once more
/// (in the scalar chain of 3,000 operations, about 260 instructions of
/// `memcpy` per record, 5% of the call). A
/// chunk is allocated at its full capacity once, so growing costs one
/// allocation per `chunkCapacity` elements and copies nothing.
///
/// The capacity keeps a chunk of records below glibc's thresholds for
/// `mmap` (128 KiB) and heap consolidation on `free` (64 KiB), so a tape's
/// memory comes from and returns to the ordinary heap.
///
/// - Complexity: `append` and the subscript are O(1).
struct ChunkedArray<Element>: RandomAccessCollection {
    /// `chunkCapacity` is `1 << chunkShift`, so an index splits into its
    /// chunk and its offset with a shift and a mask.
    private static var chunkShift: Int { 7 }
    private static var chunkCapacity: Int { 1 << chunkShift }

    private var chunks: [[Element]] = []
    private(set) var count = 0

    var startIndex: Int { 0 }
    var endIndex: Int { count }

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
        body(chunks[i &>> Self.chunkShift][i & (Self.chunkCapacity - 1)])
    }

    /// Consuming: the caller's new element moves into its chunk, instead of
    /// being copied (each reference retained) and the original destroyed.
    @inline(__always)
    mutating func append(_ element: consuming Element) {
        if count & (Self.chunkCapacity - 1) == 0 { addChunk() }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    @inline(never)
    private mutating func addChunk() {
        var chunk: [Element] = []
        chunk.reserveCapacity(Self.chunkCapacity)
        chunks.append(chunk)
    }
}
