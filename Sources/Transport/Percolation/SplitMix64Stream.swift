/// Seeded SplitMix64 generator (Steele, Lea & Flood, OOPSLA 2014) for the percolation
/// samples (SPEC §3, "Randomness"): sample r under master seed s gets its own stream,
/// derived by hashing (s, r), so results do not depend on thread count or order.
///
/// Transport-local: if the Landscape module grows a shared random-stream family, this
/// type should be replaced by it.
public struct SplitMix64Stream: RandomNumberGenerator, Sendable {
    @usableFromInline var state: UInt64

    /// The stream for `indices` (e.g. composition point and realisation) under `seed`.
    public init(seed: UInt64, indices: [Int] = []) {
        var s = Self.mix(seed &+ 0x9E37_79B9_7F4A_7C15)
        for index in indices {
            s = Self.mix(s ^ Self.mix(UInt64(bitPattern: Int64(index)) &+ 0xD1B5_4A32_D192_ED03))
        }
        state = s
    }

    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// Uniform double in [0, 1) with 53 random bits.
    @inlinable public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// The SplitMix64 finaliser, a bijection of UInt64 with good avalanche.
    @inlinable static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
