/// SplitMix64 (Steele, Lea and Flood 2014): a tiny, seeded, well-mixed
/// generator, so that a property run is the same on every machine and
/// every run, and a failure can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The random choices behind one generated case.
///
/// Generators never call a random generator directly: every decision (a
/// rank, a dimension, an axis, a value) is one `UInt64` drawn from here and
/// recorded. A case is therefore its list of choices, and shrinking a
/// failing case is shrinking that list (delete choices, make them smaller)
/// and generating again: the approach of Hypothesis, which needs no
/// shrinker per type. Draws map smaller choices to simpler results (0 is
/// the smallest rank, the first option, the anchor value of a domain).
struct Choices {
    /// Every choice drawn so far, in order.
    private(set) var recorded: [UInt64] = []
    private var random: SplitMix64?
    private var replay: [UInt64] = []

    /// Fresh random choices.
    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// The choices of an earlier case; draws past the end are 0 (the
    /// simplest option), so that a shortened list still generates a case.
    init(replaying choices: [UInt64]) { replay = choices }

    /// Whether the choices are random (generating) rather than replayed (shrinking).
    var isFresh: Bool { random != nil }

    /// One raw choice; `fresh` transforms a fresh random draw before it is
    /// recorded (used by `double` to mark it as uniform).
    mutating func draw(fresh: (UInt64) -> UInt64 = { $0 }) -> UInt64 {
        let c: UInt64
        if random != nil {
            c = fresh(random!.next())
        } else {
            c = recorded.count < replay.count ? replay[recorded.count] : 0
        }
        recorded.append(c)
        return c
    }

    /// An integer in `range`; choice 0 gives the lower bound.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(draw() % width)
    }

    /// One of `options`; choice 0 gives the first.
    mutating func pick<T>(_ options: [T]) -> T { options[int(0...(options.count - 1))] }

    /// A coin flip; choice 0 gives false.
    mutating func bool() -> Bool { int(0...1) == 1 }

    /// A number in `domain`.
    ///
    /// Fresh draws are uniform over the domain (the top bit of the choice is
    /// set to say so). A choice without the top bit is a simple number the
    /// shrinker put there: `k` means `anchor ± ceil(k / 2) / 100`
    /// (0 is the anchor itself, 1 is +0.01, 2 is -0.01, ...), clamped to the
    /// domain, so shrunk reproducers show short decimals.
    mutating func double(_ domain: ValueDomain) -> Double {
        let c = draw { $0 | (1 << 63) }
        let (lower, upper) = (domain.range.lowerBound, domain.range.upperBound)
        if c >> 63 == 1 {
            let unit = Double(c & ((1 << 53) - 1)) / Double(1 << 53)
            return domain.sign(lower + unit * (upper - lower), flip: c & (1 << 60) != 0)
        }
        let k = Double(Swift.min(c, 1 << 40))
        let step = (k / 2).rounded(.up) / 100
        let value = domain.range.anchor + (c % 2 == 1 ? step : -step)
        return domain.sign(Swift.min(upper, Swift.max(lower, value)), flip: false)
    }
}

/// Where generated values lie, and the simple value shrinking moves towards.
struct ValueDomain: Sendable, CustomStringConvertible {
    /// The interval and its anchor (the value of choice 0).
    struct Range: Sendable {
        let lowerBound: Double, upperBound: Double, anchor: Double
    }
    let range: Range
    /// Values are `±` the drawn magnitude (for denominators kept away from 0).
    let symmetric: Bool

    init(_ range: ClosedRange<Double>, anchor: Double, symmetric: Bool = false) {
        self.range = Range(lowerBound: range.lowerBound, upperBound: range.upperBound, anchor: anchor)
        self.symmetric = symmetric
    }

    func sign(_ magnitude: Double, flip: Bool) -> Double { symmetric && flip ? -magnitude : magnitude }

    var description: String {
        (symmetric ? "±" : "") + "[\(range.lowerBound), \(range.upperBound)]"
    }

    /// Any sign, moderate size: where every smooth operation is well conditioned.
    static let standard = ValueDomain(-2...2, anchor: 0)
    /// Strictly positive (log, sqrt, pow bases), away from the singularity at 0.
    static let positive = ValueDomain(0.5...2.5, anchor: 1)
    /// Either sign but at least 0.5 in size: denominators.
    static let awayFromZero = ValueDomain(0.5...2, anchor: 1, symmetric: true)
    /// Exponents of `pow`.
    static let exponent = ValueDomain(-2...3, anchor: 1)
}
