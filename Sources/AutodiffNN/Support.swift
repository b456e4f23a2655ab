import Autodiff

/// Stops the program with `message`, in every build configuration, as
/// Autodiff's own (internal) `fail` does.
///
/// `precondition` drops its message in optimised builds; a programmer error
/// (a label out of range, a shape that does not fit a layer) must always say
/// what went wrong and how to fix it.
func fail(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message, file: file, line: line)
}

/// A seed for one of several independent random streams drawn from `seed`
/// (SplitMix64's finaliser over the seed and the stream number).
///
/// Why not `seed + 1`: a layer seeded 1 and one seeded 2 would then share a
/// stream (the bias of one would be the weight of the other).
func derivedSeed(_ seed: UInt64, stream: UInt64) -> UInt64 {
    var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Uniform numbers in `-bound..<bound`: PyTorch's default initialisation of
/// linear layers, with `bound = 1/√fanIn`.
func uniform(_ shape: [Int], bound: Float, seed: UInt64) -> Tensor {
    (2 * Tensor.randomUniform(shape, seed: seed) - 1) * bound
}
