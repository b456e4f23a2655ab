import AutodiffKernels
import Dispatch
import Testing

/// The library's thread pool (`Kernels.parallelFor`, `ad_pool_run`): every
/// index exactly once, nested calls, and many threads calling at once.

/// Runs `parallelFor(count)` and returns how many times each index ran.
private func timesEachIndexRan(_ count: Int, inner: Int = 0) -> [Int] {
    let runs = Locked([Int](repeating: 0, count: count))
    Kernels.parallelFor(count) { i in
        if inner > 0 {
            // A nested call runs inline; its indices must all run too.
            let nested = timesEachIndexRan(inner)
            #expect(nested.allSatisfy { $0 == 1 }, "nested call of \(inner) inside index \(i)")
        }
        runs.withLock { $0[i] += 1 }
    }
    return runs.withLock { $0 }
}

@Test(arguments: [0, 1, 2, 3, 7, 8, 64, 1000, 100_000])
func poolRunsEveryIndexOnce(count: Int) {
    let runs = timesEachIndexRan(count)
    #expect(runs.count == count)
    #expect(runs.allSatisfy { $0 == 1 }, "\(runs.filter { $0 != 1 }.count) of \(count) indices not run exactly once")
}

@Test func poolNestedCallsRunAndDoNotDeadlock() {
    let runs = timesEachIndexRan(16, inner: 50)
    #expect(runs.allSatisfy { $0 == 1 })
}

@Test func poolIsSafeFromEightThreadsAtOnce() {
    let threads = 8
    let failures = Locked(0)
    DispatchQueue.concurrentPerform(iterations: threads) { t in
        for round in 0..<50 {
            let count = 1 + (t * 37 + round * 11) % 500
            let runs = timesEachIndexRan(count, inner: round % 5 == 0 ? 3 : 0)
            if runs.count != count || !runs.allSatisfy({ $0 == 1 }) { failures.withLock { $0 += 1 } }
        }
    }
    #expect(failures.withLock { $0 } == 0)
}

@Test func poolResultsOfAParallelLoopMatchASerialOne() {
    // Each index writes only its own slot: the pool must leave the same
    // array as a plain loop, and every write must be visible on return.
    let count = 1 << 16
    var parallel = [Double](repeating: 0, count: count)
    parallel.withUnsafeMutableBufferPointer { out in
        let out = out.baseAddress!
        Kernels.parallelFor(count) { i in out[i] = Double(i).squareRoot() * 3 + 1 }
    }
    let serial = (0..<count).map { Double($0).squareRoot() * 3 + 1 }
    #expect(parallel == serial)
}
