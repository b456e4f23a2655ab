import ArgumentParser
import Foundation

/// The benchmark executable: the workloads W1-W10 (each described where it
/// is defined, in this target), timed and printed in the same line format
/// as the peers' benchmark scripts, so that `bench/compare.sh` can put our
/// numbers and theirs in one table.
@main
struct AutodiffBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autodiff-bench",
        abstract: "Time the library on the benchmark workloads W1-W10 (float32, eager) and check each result.",
        discussion: """
            The workloads: \(workloads.map { "\($0.id) \($0.name)" }.joined(separator: ", ")); \
            bench/compare.sh runs the same ones in JAX, PyTorch, NumPy, MLX and HIPS autograd and prints one table.

            For each workload and variant it prints one line of times in microseconds, \
            `W4 value_and_grad-eager median_us=... min_us=... max_us=...`, then lines that begin \
            with the same two words and give the checks (checksum=, ref=, max_rel_err=, gflops=). \
            A line that begins with `#` and ends in other_cores= warns that other programs kept more \
            than a tenth of a core busy during that measurement: run it again on a quieter machine.

            Exits with status 1 at the end if a result differs from its float64 reference by more \
            than 1e-3 (relative). Times mean something only from a release build: \
            swift run -c release autodiff-bench --only W4.
            """)

    /// The workloads, in the order they run.
    static let workloads: [(id: String, name: String, run: @Sendable (Bench) -> Void)] = [
        ("W1", "d2l-simple", runW1), ("W2", "scalar-chain", runW2), ("W3", "control-flow", runW3),
        ("W4", "mlp-step", runW4), ("W5", "quadratic-form", runW5), ("W6", "elementwise-big", runW6),
        ("W7", "hessian", runW7), ("W8", "matmul", runW8), ("W9", "jacobian", runW9),
        ("W10", "mlp-train", runW10),
    ]

    @Option(name: .long, help: ArgumentHelp(
        "Run only these workloads (W1 to W10); repeat the option or give a comma-separated list.",
        valueName: "workloads"))
    var only: [String] = []

    @Flag(name: .long, help: "A quick check that everything runs: 1 warm-up and 3 timed calls per variant (too few for meaningful times).")
    var quick = false

    @Option(name: .long, help: ArgumentHelp(
        "Exactly this many timed calls per variant. Default: as many as fit in 1 second, at least 7 and at most 100000.",
        valueName: "n"))
    var reps: Int?

    /// The workload ids asked for by `--only`, upper-cased, or all of them.
    var selected: [String] {
        let asked = Set(only.flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces).uppercased()
        })
        return Self.workloads.map(\.id).filter { asked.isEmpty || asked.contains($0) }
    }

    func validate() throws {
        let known = Set(Self.workloads.map(\.id))
        for id in only.flatMap({ $0.split(separator: ",") }) {
            let clean = id.trimmingCharacters(in: .whitespaces).uppercased()
            if !known.contains(clean) {
                let list = Self.workloads.map { "\($0.id) \($0.name)" }.joined(separator: ", ")
                throw ValidationError("--only: unknown workload '\(id)'; the workloads are \(list)")
            }
        }
        if let reps, reps < 1 { throw ValidationError("--reps: \(reps) is not a positive count of calls") }
    }

    func run() throws {
        lineBufferStandardOutput()
        var rule = quick ? TimingRule.quick : TimingRule.standard
        if let reps { rule.fixedReps = reps }
        printHeader(rule)
        let bench = Bench(rule: rule)
        for workload in Self.workloads where selected.contains(workload.id) {
            workload.run(bench)
        }
        if !bench.failures.lines.isEmpty {
            // Timings of wrong results mean nothing: fail, so CI's smoke run notices.
            let report = "autodiff-bench: results differ from their references: " + bench.failures.lines.joined(separator: "; ")
            FileHandle.standardError.write(Data((report + "\n").utf8))
            throw ExitCode.failure
        }
    }

    /// One-line errors for bad arguments (ArgumentParser's own report adds the
    /// usage on more lines); `--help` still prints the full help.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            if let code = error as? ExitCode { Foundation.exit(code.rawValue) }  // already reported
            let message = message(for: error).split(whereSeparator: \.isNewline).joined(separator: "; ")
            FileHandle.standardError.write(Data("autodiff-bench: \(message)\n".utf8))
            Foundation.exit(exitCode(for: error).rawValue)
        }
    }
}
