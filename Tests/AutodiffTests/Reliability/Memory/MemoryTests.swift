import Foundation
import Testing

/// Resident memory stays flat over many gradient calls (see
/// `MemoryWorkload`). The workload runs in a child process (an exit test),
/// so that tests running in parallel do not move its resident memory; the
/// child prints its figures, and the test prints them again here.
///
/// Default: 20,000 small calls, 20 calls on 4M-element tensors and 1,000
/// training steps (seconds in a debug build). `AUTODIFF_MEMORY_FULL=1` runs
/// the issues' full version, 100,000, 1,000 and 10,000 (minutes in a debug build;
/// scripts/memory-check.sh runs it in a release build).
@Suite("Reliability: resident memory")
struct ReliabilityMemoryTests {
    @Test func residentMemoryStaysFlat() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let full = ProcessInfo.processInfo.environment["AUTODIFF_MEMORY_FULL"] == "1"
            let phases = [MemoryWorkload.small(calls: full ? 100_000 : 20_000),
                          MemoryWorkload.large(calls: full ? 1_000 : 20),
                          MemoryWorkload.training(steps: full ? 10_000 : 1_000)]
            for phase in phases { print(phase) }
            exit(phases.allSatisfy(\.passed) ? 0 : 1)
        }
        print(String(decoding: result?.standardOutputContent ?? [], as: UTF8.self), terminator: "")
    }

    /// Small and big gradients in one process, in the order of a program
    /// (`MemoryWorkload.mixed`): 2,000 small and 4 on 4M elements, or with
    /// `AUTODIFF_MEMORY_FULL=1` the 100,000 and 50.
    @Test func residentMemoryStaysFlatWithSmallAndBigWorkMixed() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) {
            let full = ProcessInfo.processInfo.environment["AUTODIFF_MEMORY_FULL"] == "1"
            let phase = MemoryWorkload.mixed(small: full ? 100_000 : 2_000, large: full ? 50 : 4)
            print(phase)
            exit(phase.passed ? 0 : 1)
        }
        print(String(decoding: result?.standardOutputContent ?? [], as: UTF8.self), terminator: "")
    }
}
