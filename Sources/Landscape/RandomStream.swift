import Foundation

/// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): a 64-bit counter passed through a
/// bijective mixer. Used here only to derive and seed `RandomStream`s (docs/model.md §3).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// Golden-ratio increment of the counter.
    public static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= Self.increment
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One SplitMix64 step from `value`: a bijective hash of 64 bits.
    @inlinable public static func mix(_ value: UInt64) -> UInt64 {
        var g = SplitMix64(state: value)
        return g.next()
    }
}

/// The seeded random stream of one landscape realisation (docs/model.md §3).
///
/// Generator: xoshiro256** (Blackman & Vigna, ACM TOMS 47, 36 (2021)), period 2^256 − 1.
/// Stream derivation: realisation r of composition point p under master seed s starts from
/// key = mix(mix(mix(s) ⊕ p) ⊕ r), mix being one SplitMix64 step; the four state words are
/// the next four SplitMix64 outputs from key (never all zero, since SplitMix64 outputs of
/// distinct counters differ). Each realisation draws only from its own stream, so results
/// are bit-identical whatever the thread count or order.
///
/// Derived draws: `uniform()` uses the top 53 bits; `index(below:)` is Lemire's unbiased
/// multiply-shift with rejection (ACM TOMACS 29, 3 (2019)); `normal()` is the Box–Muller
/// transform (Box & Muller, Ann. Math. Stat. 29, 610 (1958)), using both values of each pair.
public struct RandomStream: RandomNumberGenerator, Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64
    /// Second normal of the last Box–Muller pair, if not yet used.
    @usableFromInline var spareNormal: Double?

    public init(seed: UInt64, point: UInt64, realisation: UInt64) {
        let key = SplitMix64.mix(SplitMix64.mix(SplitMix64.mix(seed) ^ point) ^ realisation)
        var seeder = SplitMix64(state: key)
        self.init(state: (seeder.next(), seeder.next(), seeder.next(), seeder.next()))
    }

    /// A stream from raw xoshiro256** state words (not all zero), e.g. for reference vectors.
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
        spareNormal = nil
    }

    /// Point key of a composition, so that a composition's landscapes do not depend on which
    /// other compositions share the sweep: a hash of the bit patterns of x and y.
    public static func pointKey(x: Double, y: Double) -> UInt64 {
        // `+ 0.0` maps −0.0 to +0.0 so that equal values give equal keys.
        SplitMix64.mix((x + 0.0).bitPattern) ^ (y + 0.0).bitPattern
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) <<< 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 <<< 45
        return result
    }

    /// Uniform on [0, 1), a multiple of 2^-53.
    @inlinable @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Uniform integer in 0..<bound (bound ≥ 1), without modulo bias.
    @inlinable @inline(__always)
    public mutating func index(below bound: Int) -> Int {
        let n = UInt64(bound)
        var m = next().multipliedFullWidth(by: n)
        if m.low < n {
            let threshold = (0 &- n) % n
            while m.low < threshold { m = next().multipliedFullWidth(by: n) }
        }
        return Int(m.high)
    }

    /// Standard normal deviate N(0, 1).
    @inlinable
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // u1 in (0, 1] keeps the logarithm finite.
        let u1 = Double((next() >> 11) + 1) * 0x1p-53
        let angle = 2 * Double.pi * uniform()
        let radius = (-2 * log(u1)).squareRoot()
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }
}

infix operator <<< : BitwiseShiftPrecedence

/// 64-bit left rotation.
@inlinable @inline(__always)
func <<< (value: UInt64, amount: UInt64) -> UInt64 {
    (value << amount) | (value >> (64 - amount))
}
