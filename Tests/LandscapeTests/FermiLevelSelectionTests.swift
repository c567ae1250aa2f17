import Testing
@testable import Landscape

/// ε_F by selection (SPEC §4) against the definition evaluated with a full sort.
@Suite struct FermiLevelSelectionTests {
    /// Random, sorted, reversed, constant and few-level inputs (quickselect's hard cases),
    /// at every ion count of small inputs and at spread ion counts of larger ones. Both sides
    /// pick the same two order statistics and average them the same way: exact equality.
    @Test func selectionMatchesSortedDefinition() throws {
        var state: UInt64 = 0x9E37_79B9
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1p-53
        }
        for count in [2, 3, 7, 64, 1001] {
            let random = (0..<count).map { _ in uniform() - 0.5 }
            let inputs = [random, random.sorted(), random.sorted().reversed(),
                          [Double](repeating: 0.25, count: count), random.map { ($0 * 4).rounded() }]
            for energies in inputs {
                let sorted = energies.sorted()
                for n in stride(from: 1, to: count, by: max(1, count / 37)) {
                    let expected = 0.5 * (sorted[n - 1] + sorted[n])
                    #expect(try Occupation.fermiLevel(energies: energies, ionCount: n) == expected)
                }
            }
        }
    }
}
