// Shared by the unit test (ReliabilityConcurrencyTests) and the program
// behind scripts/stress.sh (scripts/reliability/Sources/stress links to
// this file). It depends on Foundation and Autodiff only.
import Autodiff
import Foundation

/// Transforms on many threads at once, every result checked against its
/// closed form: transforms keep their state per thread (the tape, the
/// levels of nested transforms), and this shows that no thread ever sees
/// another's.
enum StressWorkload {
    /// What a stress run found.
    struct Outcome: CustomStringConvertible {
        let threads: Int
        let seconds: Double
        /// Derivatives computed and compared with their closed form.
        let operations: Int
        let failures: Int
        /// The first few failures, described.
        let examples: [String]

        var description: String {
            "\(threads) threads for \(String(format: "%.1f", seconds)) s: \(operations) operations checked, \(failures) failures"
                + examples.map { "\n  \($0)" }.joined()
        }
    }

    /// A small seeded generator (SplitMix64), one per thread.
    struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        /// A number in [-1.5, 1.5].
        mutating func point() -> Double { 3 * next() - 1.5 }
    }

    /// Whether `actual` matches `expected` within 1e-9 relative (float64
    /// round-off of a few dozen operations, with room to spare).
    static func close(_ actual: [Double], _ expected: [Double]) -> Bool {
        actual.count == expected.count
            && zip(actual, expected).allSatisfy { Swift.abs($0 - $1) <= 1e-9 * Swift.max(1, Swift.abs($1)) }
    }

    static func vector(_ values: [Double]) -> Tensor { Tensor(shape: [values.count], scalars: values) }

    /// One check: a derivative by some transform at random points, and its
    /// closed form. Returns a description of the mismatch, or nil.
    static let checks: [(name: String, run: @Sendable (inout Random) -> String?)] = [
        ("grad of x³ sin x", { r in
            let x = r.point()
            let g = grad { (x: Tensor) in x * x * x * sin(x) }(Tensor(shape: [], scalars: [x])).doubles
            let expected = [3 * x * x * sin(x) + x * x * x * cos(x)]
            return close(g, expected) ? nil : "at \(x): \(g) vs \(expected)"
        }),
        ("second derivative of exp(a x) by grad of grad", { r in
            let (a, x) = (r.point(), r.point())
            let d2 = grad(grad { (x: Tensor) in exp(Tensor(shape: [], scalars: [a]) * x) })(Tensor(shape: [], scalars: [x])).doubles
            let expected = [a * a * exp(a * x)]
            return close(d2, expected) ? nil : "a \(a), x \(x): \(d2) vs \(expected)"
        }),
        ("hessian of xᵀ A x is A + Aᵀ", { r in
            let a = (0..<9).map { _ in r.point() }
            let matrix = Tensor(shape: [3, 3], scalars: a)
            let x = vector((0..<3).map { _ in r.point() })
            let h = hessian { (x: Tensor) in dot(x, matmul(matrix, x)) }(x).doubles
            let expected = (0..<9).map { (k: Int) -> Double in a[k] + a[(k % 3) * 3 + k / 3] }
            return close(h, expected) ? nil : "\(h) vs \(expected)"
        }),
        ("jvp of x sin x", { r in
            let x = (0..<4).map { _ in r.point() }, v = (0..<4).map { _ in r.point() }
            let t = jvp({ (x: Tensor) in x * sin(x) }, at: vector(x), tangent: vector(v)).tangent.doubles
            let expected = (0..<4).map { (i: Int) -> Double in (sin(x[i]) + x[i] * cos(x[i])) * v[i] }
            return close(t, expected) ? nil : "\(t) vs \(expected)"
        }),
        ("grad of logSumExp is softmax", { r in
            let x = (0..<5).map { _ in r.point() * 4 }
            let g = grad { (x: Tensor) in logSumExp(x, axis: 0) }(vector(x)).doubles
            let e = x.map { exp($0) }, total = e.reduce(0, +)
            return close(g, e.map { $0 / total }) ? nil : "\(g)"
        }),
        ("jacrev of tanh(W x) is (1 - tanh²) W", { r in
            let w = (0..<6).map { _ in r.point() }, x = (0..<3).map { _ in r.point() }
            let matrix = Tensor(shape: [2, 3], scalars: w)
            let j = jacrev { (x: Tensor) in tanh(matmul(matrix, x)) }(vector(x)).doubles
            let y = (0..<2).map { (i: Int) -> Double in tanh((0..<3).reduce(0.0) { (s: Double, k: Int) in s + w[i * 3 + k] * x[k] }) }
            let expected = (0..<6).map { (k: Int) -> Double in (1 - y[k / 3] * y[k / 3]) * w[k] }
            return close(j, expected) ? nil : "\(j) vs \(expected)"
        }),
        ("jacfwd of the square is diag(2x)", { r in
            let x = (0..<3).map { _ in r.point() }
            let j = jacfwd { (x: Tensor) in x * x }(vector(x)).doubles
            let expected = (0..<9).map { (k: Int) -> Double in k % 4 == 0 ? 2 * x[k / 4] : 0 }
            return close(j, expected) ? nil : "\(j) vs \(expected)"
        }),
        ("hvp of sum x⁴ is 12 x² v", { r in
            let x = (0..<4).map { _ in r.point() }, v = (0..<4).map { _ in r.point() }
            let hv = hvp({ (x: Tensor) in pow(x, 4).sum() }, at: vector(x), along: vector(v)).doubles
            let expected = (0..<4).map { (i: Int) -> Double in 12 * x[i] * x[i] * v[i] }
            return close(hv, expected) ? nil : "\(hv) vs \(expected)"
        }),
        ("vjp of a matrix product is g Bᵀ", { r in
            let b = (0..<6).map { _ in r.point() }, g = (0..<4).map { _ in r.point() }
            let matrix = Tensor(shape: [3, 2], scalars: b)
            let a = Tensor(shape: [2, 3], scalars: (0..<6).map { _ in r.point() })
            let back = vjp({ (a: Tensor) in matmul(a, matrix) }, at: a).pullback(Tensor(shape: [2, 2], scalars: g)).doubles
            let expected = (0..<6).map { (k: Int) -> Double in
                (0..<2).reduce(0.0) { (s: Double, j: Int) in s + g[(k / 3) * 2 + j] * b[(k % 3) * 2 + j] }
            }
            return close(back, expected) ? nil : "\(back) vs \(expected)"
        }),
        ("GradientTape gradient of norm is x / |x|", { r in
            let x = (0..<3).map { _ in r.point() }
            let g = withGradientTape { tape -> [Double] in
                let w = tape.watch(vector(x))
                return tape.gradient(of: tape.record { norm(w) }, wrt: w).doubles
            }
            let n = sqrt(x.reduce(0.0) { (s: Double, v: Double) in s + v * v })
            return close(g, x.map { $0 / n }) ? nil : "\(g)"
        }),
    ]

    /// Counts shared by the threads of a run.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var operations = 0, failures = 0, examples = [String]()

        func add(operations done: Int, failures failed: Int, examples found: [String]) {
            lock.lock()
            defer { lock.unlock() }
            operations += done
            failures += failed
            examples += found.prefix(Swift.max(0, 5 - examples.count))
        }
    }

    /// Runs `threads` threads for `seconds`, each cycling through `checks`
    /// at its own random points, and counts checks and failures.
    static func run(threads: Int, seconds: Double, seed: UInt64 = 1) -> Outcome {
        let tally = Tally()
        let deadline = Date().addingTimeInterval(seconds)
        let group = DispatchGroup()
        for t in 0..<threads {
            group.enter()
            // Threads of their own: Dispatch's pool would run only as many
            // at once as there are cores.
            let thread = Thread {
                var random = Random(state: seed &+ UInt64(t) &* 0x1234_5678_9ABC_DEF1)
                var done = 0, failed = 0, found = [String]()
                var k = t
                while Date() < deadline {
                    let check = checks[k % checks.count]
                    k += 1
                    done += 1
                    if let failure = check.run(&random) {
                        failed += 1
                        if found.count < 3 { found.append("thread \(t), \(check.name): \(failure)") }
                    }
                }
                tally.add(operations: done, failures: failed, examples: found)
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return Outcome(threads: threads, seconds: seconds, operations: tally.operations, failures: tally.failures,
                       examples: tally.examples)
    }
}
