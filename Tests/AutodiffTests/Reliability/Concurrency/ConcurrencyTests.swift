import Testing

/// The short version of scripts/stress.sh: 8 threads for 1.5 seconds,
/// each running `grad`, `grad` of `grad`, `hessian`, `jvp`, `jacrev`,
/// `jacfwd`, `hvp`, `vjp` and `GradientTape` on varied functions at random
/// points, every result compared with its closed form (1e-9 relative).
@Suite("Reliability: transforms on many threads")
struct ReliabilityConcurrencyTests {
    @Test func eightThreadsAgreeWithClosedForms() {
        let outcome = StressWorkload.run(threads: 8, seconds: 1.5)
        print(outcome)
        #expect(outcome.failures == 0, "\(outcome)")
        // Every check ran on every thread at least once.
        #expect(outcome.operations >= 8 * StressWorkload.checks.count)
    }
}
