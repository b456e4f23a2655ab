// memory [--small N] [--large N] [--training N] [--mixed-small N --mixed-large N]:
// the full resident-memory check of the issues, by default 100,000 small
// gradient calls, 1,000 gradient calls on 4M-element tensors, a training
// loop of 10,000 steps, and 100,000 small calls mixed with 50 large ones
// (MemoryWorkload). Prints resident memory before
// and after each phase; exits 1 if memory grew beyond the bound or a
// gradient was wrong.
import Foundation

/// The value after `flag` on the command line, if any.
func option(_ flag: String) -> String? {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let small = option("--small").flatMap { Int($0) } ?? 100_000
let large = option("--large").flatMap { Int($0) } ?? 1_000
let training = option("--training").flatMap { Int($0) } ?? 10_000
let mixedSmall = option("--mixed-small").flatMap { Int($0) } ?? 100_000
let mixedLarge = option("--mixed-large").flatMap { Int($0) } ?? 50
print("memory: resident memory at start \(String(format: "%.1f MiB", Double(residentBytes()) / 1_048_576))")
var passed = true
// Phases one after the other, each printed as soon as it ends.
for phase in [{ MemoryWorkload.small(calls: small) }, { MemoryWorkload.large(calls: large) },
              { MemoryWorkload.training(steps: training) },
              { MemoryWorkload.mixed(small: mixedSmall, large: mixedLarge) }] {
    let result = phase()
    print(result)
    passed = passed && result.passed
}
exit(passed ? 0 : 1)
