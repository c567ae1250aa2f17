/// SplitMix64: a tiny, well-known generator for reproducible test matrices.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}

/// ‖v‖₂.
func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// max_i |a_i − b_i| / max_i |b_i|.
func relativeMaxError(_ a: [Double], _ b: [Double]) -> Double {
    let scale = b.reduce(0) { max($0, abs($1)) }
    return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) } / scale
}
