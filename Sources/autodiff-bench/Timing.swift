import Foundation

/// How many times each workload is called: the rule the peers' benchmark
/// scripts follow too (their `timing.py`), so that our numbers and theirs
/// mean the same thing.
///
/// Standard rule: 2 warm-up calls, one call to size the run, then
/// `max(7, min(100_000, 1 s / that call))` timed calls.
struct TimingRule {
    /// Untimed calls first (caches, allocator, lazily built kernels).
    var warmups = 2
    /// Timed calls when `fixedReps` is nil: at least this many...
    var minReps = 7
    /// ...and at most this many...
    var maxReps = 100_000
    /// ...and otherwise as many as fit in this budget.
    var budgetSeconds = 1.0
    /// Exactly this many timed calls and no sizing call (`--reps`, `--quick`).
    var fixedReps: Int?

    /// The rule of WORKLOADS.md.
    static let standard = TimingRule()

    /// A smoke test for CI: one warm-up and three timed calls. Every line is
    /// still printed, but the numbers are not to be compared.
    static let quick = TimingRule(warmups: 1, fixedReps: 3)
}

/// Times closures and prints the result lines:
/// `<workload> <variant> median_us=<x> min_us=<x> max_us=<x>`, fact lines
/// with the same first two words, and `# <workload> <variant> other_cores=<x>`
/// when other processes kept more than 0.1 core busy during the timing.
struct Bench {
    var rule: TimingRule
    /// The results found wrong so far, one line each.
    let failures = FailureLog()

    /// A `max_rel_err` above this is a wrong result, not float32 rounding
    /// (the workloads' errors are around 1e-7 to 1e-5).
    static let tolerance = 1e-3

    /// Runs `body` by the timing rule, prints its line and returns the median
    /// (microseconds) and the last result, for the checksum lines.
    @discardableResult
    func measure<R>(_ workload: String, _ variant: String, _ body: () -> R) -> (median: Double, result: R) {
        let ticks0 = CPUTicks.read()
        let wall0 = now()
        var result = body()
        for _ in 1..<Swift.max(rule.warmups, 1) { result = body() }
        let reps: Int
        if let fixed = rule.fixedReps {
            reps = fixed
        } else {
            let t0 = now()
            result = body()
            let first = now() - t0
            let fit = Int((rule.budgetSeconds / Swift.max(first, 1e-9)).rounded(.down))
            reps = Swift.max(rule.minReps, Swift.min(rule.maxReps, fit))
        }
        var times = [Double]()
        times.reserveCapacity(reps)
        for _ in 0..<reps {
            let t0 = now()
            result = body()
            times.append((now() - t0) * 1e6)
        }
        let wall = now() - wall0
        if let other = CPUTicks.read()?.otherCores(since: ticks0, wallSeconds: wall), other > 0.1 {
            print("# \(workload) \(variant) other_cores=\(format(other, "%.2f"))")
        }
        times.sort()
        let median = reps % 2 == 1 ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2
        print("\(workload) \(variant) median_us=\(format(median, "%.2f")) "
              + "min_us=\(format(times[0], "%.2f")) max_us=\(format(times[reps - 1], "%.2f"))")
        return (median, result)
    }

    /// Calls a compiled function for the first time (tracing, optimising)
    /// and prints how long that took as `compile_us=`.
    func compiling<R>(_ workload: String, _ variant: String, _ body: () -> R) {
        let t0 = now()
        _ = body()
        info(workload, variant, ["compile_us": (now() - t0) * 1e6])
    }

    /// Prints a fact line, `<workload> <variant> key=value ...`; numbers are
    /// printed with 9 significant digits, as timing.py's `info`.
    func info(_ workload: String, _ variant: String, _ facts: KeyValuePairs<String, Double>) {
        let body = facts.map { "\($0.key)=\(format($0.value, "%.9g"))" }.joined(separator: " ")
        print("\(workload) \(variant) \(body)")
        for (key, value) in facts where key == "max_rel_err" && !(value <= Bench.tolerance) {
            failures.lines.append("\(workload) \(variant) max_rel_err=\(format(value, "%.3g")) (tolerance \(Bench.tolerance))")
        }
    }
}

/// Wrong results, collected while the workloads run and reported at the end.
final class FailureLog {
    var lines: [String] = []
}

/// Seconds on a monotonic clock.
private func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// `String(format:)` for one number.
func format(_ value: Double, _ spec: String) -> String {
    String(format: spec, value)
}

/// CPU time from `/proc` (Linux only; nil elsewhere), to tell whether other
/// processes were busy while we were timing: the same check as timing.py.
struct CPUTicks {
    /// Busy ticks of the whole machine: user + nice + system + irq + softirq + steal.
    var machine: Int
    /// Ticks of this process (all its threads): utime + stime.
    var process: Int

    static func read() -> CPUTicks? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first,
              let me = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = me.lastIndex(of: ")")
        else { return nil }
        let v = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        // After the command name in parentheses: state is field 0, utime 11, stime 12.
        let s = me[me.index(after: close)...].split(separator: " ")
        guard v.count >= 8, s.count > 12, let utime = Int(s[11]), let stime = Int(s[12]) else { return nil }
        return CPUTicks(machine: v[0] + v[1] + v[2] + v[5] + v[6] + v[7], process: utime + stime)
    }

    /// Cores kept busy by other processes since `start`, on average; nil when
    /// the run was too short to tell (the counters move in 10 ms ticks).
    func otherCores(since start: CPUTicks?, wallSeconds: Double) -> Double? {
        guard let start, wallSeconds >= 0.2 else { return nil }
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return Double((machine - start.machine) - (process - start.process)) / hz / wallSeconds
    }
}
