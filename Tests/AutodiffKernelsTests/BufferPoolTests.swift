import AutodiffKernels
import Dispatch
import Testing

/// The pool of large arrays: an idle array is reused, a held one never is,
/// idle memory is bounded by the cap and by age, many threads can use it at
/// once, and kernels that take arrays from it compute what they did
/// without it. Most tests use a pool of their own, so that tests running in
/// parallel do not change what they count.
@Suite("Buffer pool")
struct BufferPoolTests {
    /// Floats in one pooled array of the tests: 1 MiB.
    static let count = 1 << 18

    static func address(_ array: [Float]) -> Int {
        array.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) }
    }

    static func make(_ pool: BufferPool, _ value: Float, count: Int = BufferPoolTests.count) -> [Float] {
        pool.makeArray(count: count) { $0.initialize(repeating: value) }!
    }

    @Test func anIdleArrayIsReusedAndAHeldOneIsNot() {
        let pool = BufferPool()
        var first: [Float]? = Self.make(pool, 1)
        let firstAddress = Self.address(first!)
        let held = Self.make(pool, 2)
        #expect(Self.address(held) != firstAddress)
        first = nil
        let second = Self.make(pool, 3)
        #expect(Self.address(second) == firstAddress)
        #expect(second.allSatisfy { $0 == 3 } && held.allSatisfy { $0 == 2 })
        #expect(pool.statistics == BufferPoolStatistics(reused: 1, allocated: 2, released: 0))
        // Another size class or element type never takes it.
        let other = Self.make(pool, 4, count: Self.count + 1)
        #expect(Self.address(other) != Self.address(second))
        _ = first
    }

    @Test func smallArraysAreNotPooled() {
        let pool = BufferPool()
        let small: [Float]? = pool.makeArray(count: BufferPool.minimumBytes / 4 - 1) { $0.initialize(repeating: 0) }
        #expect(small == nil)
        #expect(pool.statistics == BufferPoolStatistics())
    }

    @Test func idleArraysBeyondTheCapAreReleased() {
        let pool = BufferPool(capacity: 2 * Self.count * 4)
        var arrays = (0..<4).map { Self.make(pool, Float($0)) }
        let kept = arrays.removeLast()
        arrays.removeAll()
        // Three idle, room for two: the oldest goes; the held one stays.
        pool.releaseIdle(olderThan: 60_000_000_000)
        #expect(pool.statistics.released == 1)
        pool.capacity = 0
        #expect(pool.statistics.released == 3)
        #expect(kept.allSatisfy { $0 == 3 })
    }

    @Test func idleArraysAreReleasedWithAgeAndHeldOnesNever() {
        let pool = BufferPool()
        var idle: [Float]? = Self.make(pool, 1)
        let held = Self.make(pool, 2)
        idle = nil
        pool.releaseIdle(olderThan: 0)
        #expect(pool.statistics.released == 1)
        pool.releaseIdle()
        #expect(pool.statistics.released == 1)
        #expect(held.allSatisfy { $0 == 2 })
        _ = idle
    }

    /// Eight threads make, check, keep for a while and drop arrays of three
    /// sizes, each filled with a number of its own: an array handed to two
    /// owners at once would show the other's number.
    @Test func manyThreadsShareThePoolSafely() {
        let pool = BufferPool(capacity: 8 << 20)
        let threads = 8, rounds = 200
        let counts = [Self.count, Self.count + 16, 2 * Self.count]
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var kept: [(value: Float, array: [Float])] = []
            for r in 0..<rounds {
                let value = Float(t * rounds + r)
                let array = Self.make(pool, value, count: counts[(t + r) % counts.count])
                kept.append((value, array))
                if kept.count > 3 || r % 5 == 0 {
                    let (v, a) = kept.removeFirst()
                    if !(a.first == v && a.last == v && a[a.count / 2] == v) { failures.add() }
                }
            }
            for (v, a) in kept where !a.allSatisfy({ $0 == v }) { failures.add() }
        }
        #expect(failures.value == 0)
        let s = pool.statistics
        #expect(s.reused + s.allocated == threads * rounds)
        #expect(s.reused > 0)
    }

    /// Kernels that take their output from the shared pool find arrays that
    /// earlier work filled with NaN; those that accumulate must clear them.
    @Test func kernelsOverwriteWhatTheyReuse() {
        let n = 256, count = n * n  // 256 KiB of float32: pooled
        func poison() {
            for _ in 0..<4 { _ = Kernels.makeArray(repeating: Float.nan, count: count) }
        }
        let a = (0..<count).map { Float($0 % 7) - 3 }, b = (0..<count).map { Float($0 % 5) - 2 }
        poison()
        let c = Kernels.matmul(a, b, batch: 1, m: n, k: n, n: n)
        let row = 17
        let expectedRow = (0..<n).map { j in (0..<n).reduce(Float(0)) { $0 + a[row * n + $1] * b[$1 * n + j] } }
        #expect(Array(c[(row * n)..<((row + 1) * n)]) == expectedRow)
        poison()
        // Sum over the first axis of [2, count]: the path that accumulates.
        let two = a + b
        let sums = Kernels.reduce(.sum, two, outer: 1, size: 2, inner: count)
        #expect(sums == zip(a, b).map { $0 + $1 })
        poison()
        let written = Kernels.stridedWrite([1, 2], shape: [2], into: count, offset: 3, strides: [5])
        #expect(written.enumerated().allSatisfy { i, v in v == (i == 3 ? 1 : i == 8 ? 2 : 0) })
        poison()
        let scattered = Kernels.scatterAdd([1, 2, 4], outer: 1, size: count, inner: 1, indices: [5, 5, 9])
        #expect(scattered.enumerated().allSatisfy { i, v in v == (i == 5 ? 3 : i == 9 ? 4 : 0) })
        poison()
        #expect(Kernels.broadcast([Float(2.5)], from: [1], to: [count]).allSatisfy { $0 == 2.5 })
    }
}

/// A count shared by threads.
final class Counter: Sendable {
    private let count = Locked(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
