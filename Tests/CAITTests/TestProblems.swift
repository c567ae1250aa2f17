import Foundation
@testable import CAIT

/// Small problems shared by the CAIT tests.
enum TestProblems {
    /// A coarse version of the illustrative scenario (few cells, short run) for debug-build tests.
    static func coarseScenario(foreign: ForeignIon = .potassium, cells: Int = 120,
                               hours: Double = 2) -> CAITScenario {
        var scenario = CAITScenario.illustrative(foreign: foreign)
        scenario.cells = cells
        scenario.thickness = 0.6e-6
        scenario.surfaceCellWidth = 0.5e-9
        scenario.duration = hours * 3600
        return scenario
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator for test noise.
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
    /// Uniform in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9007199254740992 }
    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}
