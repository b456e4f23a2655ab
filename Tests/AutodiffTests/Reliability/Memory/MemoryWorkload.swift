// Shared by the unit test (ReliabilityMemoryTests) and the release-build
// program behind scripts/memory-check.sh (scripts/reliability/Sources/memory
// links to this file), so both measure the same thing. It depends on
// Foundation and Autodiff only.
import Autodiff
import Foundation

/// The resident set size of this process, in bytes: the second field of
/// `/proc/self/statm` (pages) times the page size. Linux only.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Repeated gradient calls, with resident memory read after a warm-up and
/// at the end: memory must stay flat, whatever the number of calls, if
/// every tape, tracer and intermediate is freed when its call returns.
enum MemoryWorkload {
    /// One measured phase.
    struct Phase: CustomStringConvertible {
        let name: String
        let calls: Int
        let before: Int
        let after: Int
        /// The largest growth accepted, in bytes.
        let bound: Int
        /// Gradients that differed from their closed form (must be 0).
        let wrongGradients: Int
        /// Seconds taken by the measured calls.
        let seconds: Double

        var growth: Int { after - before }
        var passed: Bool { growth <= bound && wrongGradients == 0 }

        var description: String {
            func mib(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
            return "\(name): \(calls) calls in \(String(format: "%.1f", seconds)) s, resident memory before \(mib(before)), after \(mib(after)) "
                + "(growth \(mib(growth)), bound \(mib(bound))), wrong gradients \(wrongGradients): \(passed ? "passed" : "FAILED")"
        }
    }

    /// `calls` gradients of a small function of four numbers, after
    /// `calls / 10` (at least 1,000) to warm up allocator and caches. A
    /// leak of as little as 400 bytes per call exceeds the 8 MiB bound at
    /// 20,000 calls. Each gradient is checked against its closed form
    /// `x cos x + sin x` within 1e-12.
    static func small(calls: Int) -> Phase {
        let x = Tensor(shape: [4], scalars: [0.5, 1, 2, 3] as [Double])
        let f = { (x: Tensor) in (sin(x) * x).sum() }
        let expected = x.doubles.map { $0 * cos($0) + sin($0) }
        func check() -> Bool {
            zip(grad(f)(x).doubles, expected).allSatisfy { Swift.abs($0 - $1) <= 1e-12 * Swift.max(1, Swift.abs($1)) }
        }
        for _ in 0..<Swift.max(1_000, calls / 10) { _ = check() }
        let (before, start) = (residentBytes(), Date())
        var wrong = 0
        for _ in 0..<calls where !check() { wrong += 1 }
        return Phase(name: "small grad calls (4 elements)", calls: calls, before: before, after: residentBytes(),
                     bound: 8 << 20, wrongGradients: wrong, seconds: Date().timeIntervalSince(start))
    }

    /// `calls` gradients of a function of a float32 tensor of `count`
    /// (4M) elements, after 3 to warm up. The tape holds a 2M-element
    /// intermediate and each gradient is a new 16 MB tensor, so keeping
    /// either beyond its call would exceed the 48 MiB bound within a few
    /// calls. The gradient is 1 everywhere; its shape and every 99,991st
    /// entry are checked.
    static func large(calls: Int, count: Int = 4_000_000) -> Phase {
        let x = Tensor.ones([count])
        // Reshape and reduce along the first axis: cheap even in a debug
        // build, and the tape keeps the [count / 2] partial sums.
        let f = { (x: Tensor) in x.reshaped([2, -1]).sum(axis: 0).sum() }
        func check() -> Bool {
            let g = grad(f)(x)
            let scalars = g.scalars
            return g.shape == [count] && stride(from: 0, to: count, by: 99_991).allSatisfy { scalars[$0] == 1 }
        }
        for _ in 0..<3 { _ = check() }
        let (before, start) = (residentBytes(), Date())
        var wrong = 0
        for _ in 0..<calls where !check() { wrong += 1 }
        return Phase(name: "grad calls on \(count)-element tensors", calls: calls, before: before, after: residentBytes(),
                     bound: 48 << 20, wrongGradients: wrong, seconds: Date().timeIntervalSince(start))
    }
}
