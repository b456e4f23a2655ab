/// SplitMix64: a small, fast generator of 64-bit numbers from a seed, the
/// same sequence on every machine and Swift version. Its `k`-th number is
/// `derivedSeed(seed, stream: k)`, which is SplitMix64's step and mix.
struct SplitMix64 {
    private let seed: UInt64
    private var count: UInt64 = 0

    init(seed: UInt64) { self.seed = seed }

    mutating func next() -> UInt64 {
        defer { count &+= 1 }
        return derivedSeed(seed, stream: count)
    }

    /// A number in `0..<bound`, without the bias of `next() % bound`
    /// (Lemire's multiply-and-reject).
    mutating func next(below bound: Int) -> Int {
        let range = UInt64(bound)
        let threshold = (0 &- range) % range
        while true {
            let (high, low) = range.multipliedFullWidth(by: next())
            if low >= threshold { return Int(high) }
        }
    }
}

extension Array {
    /// The elements in an order that depends only on `seed` (Fisher-Yates).
    ///
    /// Written out rather than `shuffled(using:)`: the standard library
    /// does not promise that its shuffle draws the same numbers in every
    /// version, and a seeded split must not change with the compiler.
    func shuffled(seed: UInt64) -> [Element] {
        var generator = SplitMix64(seed: seed)
        var result = self
        for i in result.indices.dropLast().reversed() {
            result.swapAt(i + 1, generator.next(below: i + 2))
        }
        return result
    }
}
