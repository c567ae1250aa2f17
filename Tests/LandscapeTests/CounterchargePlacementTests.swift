import Foundation
import Glass
import Testing
@testable import Landscape

@Suite struct CounterchargePlacementTests {
    /// A localised unit puts its charge on k *distinct* neighbours (docs/model.md §3). With every
    /// ion site accessible and every unit a P1 (q = −2, k = 3 of its 8 neighbours), site i is hit
    /// by m_i = −Q_i/(2/3) units, each of its 8 neighbouring units choosing it independently with
    /// probability 3/8: m_i ~ Binomial(8, 3/8), so m_i ≤ 8 and Var m_i = 8·(3/8)(5/8) = 1.875.
    /// Draws with replacement would give m_i ~ Binomial(24, 1/8): m_i up to 24 and variance
    /// 2.625, 40% more — far outside the tolerances below.
    @Test func localisedChargeGoesToDistinctSites() throws {
        let fractions = NFUFractions(B4: 0, B3: 0, B2: 0, P3: 0, P2: 0, P1: 1, P0: 0)
        let placement = CounterchargePlacement(fractions: fractions)
        let lattice = try CubicLattice(edge: 20)
        let open = [Bool](repeating: true, count: lattice.siteCount)
        var histogram = [Int](repeating: 0, count: 25)
        var hits: [Double] = []
        for seed in 0..<5 {
            var stream = RandomStream(seed: UInt64(seed), point: 7, realisation: 0)
            var charges = [Double](repeating: 0, count: lattice.siteCount)
            // The whole lattice as one slab: every NFU plane in order, from one stream.
            let window = PlaneWindow(edge: lattice.edge, planes: 0..<lattice.edge)
            var (total, lost) = (0, 0)
            open.withUnsafeBufferPointer { a in
                charges.withUnsafeMutableBufferPointer { q in
                    for x in window.nfuPlanes {
                        let (t, l) = placement.placePlane(x, lattice: lattice, window: window, isAccessible: a, charges: q,
                                                          unitTypes: nil, stream: &stream)
                        total += t; lost += l
                    }
                }
            }
            #expect(total == 2 * lattice.siteCount && lost == 0)
            for q in charges {
                let m = -q / (2.0 / 3.0)
                // Sums of at most 24 thirds: integers to rounding.
                #expect(abs(m - m.rounded()) <= 1e-9)
                histogram[min(24, Int(m.rounded()))] += 1
                hits.append(m)
            }
        }
        let n = Double(hits.count)
        #expect(histogram[9...].allSatisfy { $0 == 0 }, "a site hit more than 8 times: \(histogram)")
        // Each unit makes exactly 3 hits, so the mean is exactly 3.
        let mean = hits.reduce(0, +) / n
        #expect(abs(mean - 3) <= 1e-9)
        // Sample variance: relative SE √(2/n) ≈ 0.7% for independent sites; the sites of one unit
        // are (negatively) correlated, so allow 6× that: 4% ≪ the 40% of draws with replacement.
        let variance = hits.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        #expect(abs(variance / 1.875 - 1) <= 0.04, "Var m = \(variance), expected 1.875")
        // The whole distribution: each frequency within 5 binomial standard errors of Binomial(8, 3/8).
        for m in 0...8 {
            let binomial = Double(choose(8, m)) * pow(3.0 / 8, Double(m)) * pow(5.0 / 8, Double(8 - m))
            let se = (n * binomial * (1 - binomial)).squareRoot()
            #expect(abs(Double(histogram[m]) - n * binomial) <= 5 * se + 1, "m = \(m): \(histogram[m]) vs \(n * binomial)")
        }
    }

    private func choose(_ n: Int, _ k: Int) -> Int {
        (0..<k).reduce(1) { $0 * (n - $1) / ($1 + 1) }
    }
}
