/// SplitMix64: a small, fast generator of 64-bit numbers from a seed, the
/// same sequence on every machine and Swift version.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
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
