/// A counter-based random generator: element `i` of a draw with `seed` is a
/// hash of `(seed, i)`, so the same seed gives the same numbers on every
/// machine, in any order, on any number of threads.
@usableFromInline package enum CounterRandom {
    /// SplitMix64's finaliser: a bijective 64-bit mix with full avalanche.
    @inlinable package static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0 &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 64 random bits for counter `i` of stream `seed`.
    @inlinable package static func bits(seed: UInt64, _ i: UInt64) -> UInt64 {
        mix(mix(seed) ^ (i &* 0xD1B5_4A32_D192_ED03))
    }

    /// Uniform in [0, 1), 53 random bits.
    @inlinable package static func uniform(seed: UInt64, _ i: UInt64) -> Double {
        Double(bits(seed: seed, i) >> 11) * 0x1p-53
    }

    /// `count` uniform numbers in [0, 1).
    @inlinable
    package static func uniforms<T: KernelFloat>(count: Int, seed: UInt64) -> [T] {
        (0..<count).map { i in
            // Rounding 53 bits to Float can give exactly 1: keep the interval half-open.
            let u = T(uniform(seed: seed, UInt64(i)))
            return u < 1 ? u : T(1).nextDown
        }
    }

    /// `count` standard normal numbers, by the Box-Muller transform of two
    /// uniforms per number (pairs are not shared, so element `i` depends on
    /// `i` alone).
    @inlinable
    package static func normals<T: KernelFloat>(count: Int, seed: UInt64) -> [T] {
        (0..<count).map { i in
            let u1 = 1 - uniform(seed: seed, 2 * UInt64(i))  // (0, 1]: log stays finite
            let u2 = uniform(seed: seed, 2 * UInt64(i) + 1)
            return T((-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2))
        }
    }
}
