// stress [--threads N] [--seconds S]: runs StressWorkload (grad, grad of
// grad, hessian, jvp, jacrev, jacfwd, hvp, vjp and GradientTape on varied
// functions, each result compared with its closed form) on N threads
// (default 8) for S seconds (default 30). Prints the operations checked
// and the failures; exits 1 on any failure.
import Foundation

/// The value after `flag` on the command line, if any.
func option(_ flag: String) -> String? {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let threads = option("--threads").flatMap { Int($0) } ?? 8
let seconds = option("--seconds").flatMap { Double($0) } ?? 30
print("stress: \(threads) threads for \(seconds) s, \(StressWorkload.checks.count) kinds of check")
let outcome = StressWorkload.run(threads: threads, seconds: seconds)
print(outcome)
exit(outcome.failures == 0 && outcome.operations > 0 ? 0 : 1)
