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

    /// `small` gradients of the small function of `small(calls:)` with
    /// `large` gradients of `sum(sin(x) exp(-x²))` on 4M numbers spread
    /// evenly among them, as a program alternates small and big work,
    /// after a warm-up of 1,000 small and 2 large ones. Without reuse of
    /// the big buffers, each large call's 16 MB intermediates come from
    /// glibc, which keeps them in heaps pinned by the small allocations:
    /// memory grew by 112-128 MB; the bound is 64 MiB (issue 12). Each
    /// large gradient is checked at every 99,991st entry against
    /// `exp(-x²) (cos x - 2 x sin x)` within 1e-5 (float32).
    static func mixed(small: Int, large: Int, count: Int = 4_194_304) -> Phase {
        let s = Tensor(shape: [4], scalars: [0.5, 1, 2, 3] as [Double])
        let fs = { (x: Tensor) in (sin(x) * x).sum() }
        let expectedSmall = s.doubles.map { $0 * cos($0) + sin($0) }
        let x = Tensor.linspace(-1, 1, count: count)
        let fl = { (x: Tensor) in (sin(x) * exp(-x * x)).sum() }
        let probes = Array(stride(from: 0, to: count, by: 99_991))
        let xs = x.scalars
        let expectedLarge = probes.map { i in let v = Double(xs[i]); return exp(-v * v) * (cos(v) - 2 * v * sin(v)) }
        func checkSmall() -> Bool {
            zip(grad(fs)(s).doubles, expectedSmall).allSatisfy { Swift.abs($0 - $1) <= 1e-12 * Swift.max(1, Swift.abs($1)) }
        }
        func checkLarge() -> Bool {
            let g = grad(fl)(x).scalars
            return zip(probes, expectedLarge).allSatisfy { i, e in Swift.abs(Double(g[i]) - e) <= 1e-5 }
        }
        for _ in 0..<1_000 { _ = checkSmall() }
        for _ in 0..<2 { _ = checkLarge() }
        let (before, start) = (residentBytes(), Date())
        var wrong = 0
        let every = Swift.max(1, small / Swift.max(1, large))
        var done = 0
        for i in 0..<small {
            if !checkSmall() { wrong += 1 }
            if (i + 1) % every == 0 && done < large { done += 1; if !checkLarge() { wrong += 1 } }
        }
        while done < large { done += 1; if !checkLarge() { wrong += 1 } }
        return Phase(name: "\(small) small grad calls mixed with \(large) on \(count)-element tensors", calls: small + large,
                     before: before, after: residentBytes(), bound: 64 << 20, wrongGradients: wrong,
                     seconds: Date().timeIntervalSince(start))
    }

    /// `steps` steps of a training loop, after `steps / 10` (at least 50)
    /// to warm up: a 64-32-10 ReLU network on a fixed batch of 32 examples
    /// with softmax cross-entropy, its parameters an array of tensors
    /// updated by SGD (learning rate 0.1). Every step's parameters replace
    /// the last ones, so anything a step keeps alive (tape, pullback,
    /// old parameters) grows memory by at least the 10 KiB of parameters
    /// per step: 12 MiB at 1,000 steps. "Wrong" counts steps whose loss was
    /// not finite, plus 1 if training did not at least halve the loss.
    static func training(steps: Int) -> Phase {
        let x = Tensor.randomNormal([32, 64], seed: 11)
        let labels = (0..<32).map { $0 % 10 }
        let oneHot = Tensor.eye(10)[labels]
        var parameters = [Tensor.randomNormal([64, 32], seed: 12) / 8, Tensor.zeros([32]),
                          Tensor.randomNormal([32, 10], seed: 13) / 6, Tensor.zeros([10])]
        let loss = { (p: [Tensor]) in
            let hidden = relu(matmul(x, p[0]) + p[1])
            return -(logSoftmax(matmul(hidden, p[2]) + p[3], axis: 1) * oneHot).sum() / 32
        }
        var wrong = 0
        func step() -> Float {
            let (value, gradients) = valueAndGrad(loss)(parameters)
            parameters = zip(parameters, gradients).map { $0 - 0.1 * $1 }
            let l = value.item()
            if !l.isFinite { wrong += 1 }
            return l
        }
        let first = step()
        for _ in 0..<Swift.max(50, steps / 10) { _ = step() }
        let (before, start) = (residentBytes(), Date())
        var last = first
        for _ in 0..<steps { last = step() }
        if !(last < first / 2) { wrong += 1 }
        return Phase(name: "training steps (64-32-10 MLP, batch 32, loss \(first) -> \(last))", calls: steps,
                     before: before, after: residentBytes(), bound: 8 << 20, wrongGradients: wrong,
                     seconds: Date().timeIntervalSince(start))
    }
}
