import Foundation
import Testing

/// How many cases each property tries, and from which seed.
///
/// The default keeps the whole property suite within about 20 seconds of a
/// debug build on two cores; `AUTODIFF_PROPERTY_CASES=10000 swift test
/// --filter Reliability` is the long local run, and
/// `AUTODIFF_PROPERTY_SEED=n` draws other cases (a failure prints its seed).
enum PropertySettings {
    static let cases = environmentInteger("AUTODIFF_PROPERTY_CASES") ?? 100
    static let seed = UInt64(environmentInteger("AUTODIFF_PROPERTY_SEED") ?? 2024)

    /// An integer environment variable, if set and valid.
    static func environmentInteger(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) }
    }
}

/// What one property run found.
struct PropertyOutcome {
    let name: String
    /// Valid cases checked (discarded draws not counted).
    var tried = 0
    /// Draws outside the operation's smooth domain, skipped.
    var discarded = 0
    /// The shrunk failing case and its message, if any case failed.
    var failure: String?

    var summary: String {
        let result = failure == nil ? "passed" : "FAILED"
        return "property \(name): \(tried) cases tried, \(discarded) discarded, \(result)"
    }
}

/// A stable 64-bit hash (FNV-1a) of a property's name: its own stream of
/// cases, the same in every run, whatever else runs.
func stableHash(_ text: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
    return h
}

/// Checks `check` on `PropertySettings.cases` cases drawn by `generate`
/// (nil draws are discarded), and expects it to hold for all of them. The
/// first failing case is shrunk (see `shrink`) and its reproducer is the
/// failed expectation's comment; the number of cases tried is printed
/// either way.
///
/// - Parameters:
///   - generate: a case from choices, or nil to discard the draw.
///   - describe: the case as a reader would reproduce it.
///   - check: nil if the property holds for the case, else why not.
@discardableResult
func checkProperty<Case>(
    _ name: String, cases: Int = PropertySettings.cases,
    generate: (inout Choices) -> Case?, describe: (Case) -> String, check: (Case) -> String?,
    sourceLocation: SourceLocation = #_sourceLocation
) -> PropertyOutcome {
    var outcome = PropertyOutcome(name: name)
    let seed = stableHash(name) ^ PropertySettings.seed
    var attempt: UInt64 = 0
    // Discards are bounded so that a too narrow generator shows up as a failure.
    while outcome.tried < cases && attempt < UInt64(cases) * 20 {
        attempt += 1
        var choices = Choices(seed: seed &+ attempt &* 0x9E37_79B9)
        guard let c = generate(&choices) else { outcome.discarded += 1; continue }
        outcome.tried += 1
        guard let message = check(c) else { continue }

        let failing = { (list: [UInt64]) -> Bool in
            var replay = Choices(replaying: list)
            guard let c = generate(&replay) else { return false }
            return check(c) != nil
        }
        let (smallest, steps) = shrink(choices.recorded, failing: failing)
        var replay = Choices(replaying: smallest)
        let shrunk = generate(&replay)!
        outcome.failure = """
            property \(name) failed on case \(outcome.tried) (seed \(PropertySettings.seed), attempt \(attempt)).
            First failure: \(message)
            Shrunk in \(steps) steps to:
            \(describe(shrunk))
            Failure: \(check(shrunk) ?? "(passes when replayed)")
            """
        break
    }
    if outcome.tried < cases && outcome.failure == nil {
        outcome.failure = "property \(name): only \(outcome.tried) valid cases in \(attempt) draws; the generator discards too much"
    }
    print(outcome.summary)
    #expect(outcome.failure == nil, Comment(rawValue: outcome.failure ?? ""), sourceLocation: sourceLocation)
    return outcome
}

/// Shrinks a failing list of choices: deletes runs of choices, then makes
/// single choices smaller, as long as the case still fails, until nothing
/// helps. Shorter lists generate smaller shapes, smaller choices simpler
/// values (towards each domain's anchor), so the result is a small
/// reproducer. Returns the smallest failing list and how many changes
/// were kept.
///
/// - Complexity: at most `budget` replays of the property.
func shrink(_ initial: [UInt64], failing: ([UInt64]) -> Bool, budget: Int = 2_000) -> (choices: [UInt64], steps: Int) {
    var best = initial, steps = 0, replays = 0
    func attempt(_ candidate: [UInt64]) -> Bool {
        guard replays < budget else { return false }
        replays += 1
        if failing(candidate) {
            best = candidate
            steps += 1
            return true
        }
        return false
    }
    var improved = true
    while improved && replays < budget {
        improved = false
        // Delete runs of choices, longest first, from the end (later
        // choices are values; earlier ones are shapes).
        for size in [8, 4, 2, 1] {
            var i = best.count - size
            while i >= 0 {
                if attempt(Array(best[..<i] + best[(i + size)...])) { improved = true }
                i = Swift.min(i - 1, best.count - size)
            }
        }
        // Make each choice smaller: zero, small, then halving.
        for i in best.indices {
            let c = best[i]
            for smaller in [0, 1, 2, c % 60, c % 1000, c / 2, c &- 1] where smaller < c {
                var candidate = best
                candidate[i] = smaller
                if attempt(candidate) { improved = true; break }
            }
        }
    }
    return (best, steps)
}
