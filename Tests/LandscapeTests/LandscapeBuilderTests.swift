import Foundation
import Glass
import Testing
@testable import Landscape

/// li33 at x = 0.5 (docs/model.md §7) on a small lattice, with hierarchical NFU fractions.
func li33Builder(edge: Int = 12, x: Double = 0.5) throws -> LandscapeBuilder {
    let composition = try Preset.li33.composition(x: x)
    return try LandscapeBuilder(lattice: CubicLattice(edge: edge), composition: composition,
                                fractions: HierarchicalNFUModel().fractions(for: composition),
                                parameters: LandscapeParameters(preset: .li33))
}

@Suite struct LandscapeBuilderTests {
    /// Blocked count round(f_bl·N_tot) and N = round((1 − f0)·N_acc), both recomputed here from
    /// docs/model.md §3 and the accessibility mask; NaN energies exactly on blocked sites.
    @Test func siteCountsFollowSpec() throws {
        let builder = try li33Builder()
        let r = 0.33 / 0.67
        let expectedBlocked = Int(((1 - r / 0.95) * 1728).rounded())
        for seed in 0..<5 {
            let landscape = builder.build(seed: UInt64(seed), realisation: 0)
            let accessible = landscape.isAccessible.filter { $0 }.count
            #expect(1728 - accessible == expectedBlocked)
            #expect(landscape.accessibleCount == accessible)
            #expect(landscape.ionCount == Int((0.95 * Double(accessible)).rounded()))
            #expect(zip(landscape.energies, landscape.isAccessible).allSatisfy { $0.isNaN != $1 })
        }
    }

    /// Σ_i Q_i = −(total NFU charge − lost charge), with both recomputed here: the total from
    /// the drawn unit types and their docs/model.md §2 charges, the loss from the units whose 8 ion
    /// neighbours are all blocked. Every Q_i ≤ 0, and 0 on blocked sites.
    @Test func chargeIsConserved() throws {
        let builder = try li33Builder()
        var sawLoss = false
        for seed in 0..<5 {
            var stream = RandomStream(seed: UInt64(seed), point: 1, realisation: 0)
            let layout = builder.countercharges(stream: &stream)
            var total = 0, lost = 0
            for nfu in 0..<1728 {
                let q = -layout.unitTypes[nfu].charge
                total += q
                if builder.lattice.ionSites(aroundNFU: nfu).allSatisfy({ !layout.isAccessible[$0] }) { lost += q }
            }
            sawLoss = sawLoss || lost > 0
            #expect(layout.totalCharge == total && layout.lostCharge == lost)
            let sum = layout.charges.reduce(0, +)
            // Sum of ~900 fractions like −1/2, −2/3, −1/z: rounding ≪ 1e-9 relative.
            #expect(abs(sum + Double(total - lost)) <= 1e-9 * Double(total))
            #expect(zip(layout.charges, layout.isAccessible).allSatisfy { $0 <= 0 && ($1 || $0 == 0) })
        }
        // f_bl ≈ 0.48 makes P(z = 0) ≈ 0.48^8 ≈ 3e-3, so ~5 lost units per realisation.
        #expect(sawLoss)
    }

    /// Unit types occur with the NFU fractions: counts within 4 binomial standard errors,
    /// pooled over 10 seeds.
    @Test func unitTypesFollowFractions() throws {
        let builder = try li33Builder()
        var counts = [Int](repeating: 0, count: 7)
        for seed in 0..<10 {
            var stream = RandomStream(seed: UInt64(seed), point: 2, realisation: 0)
            for unit in builder.countercharges(stream: &stream).unitTypes { counts[unit.rawValue] += 1 }
        }
        let n = Double(10 * 1728)
        for unit in NetworkFormerUnit.allCases {
            let p = builder.fractions[unit]
            #expect(abs(Double(counts[unit.rawValue]) - n * p) <= 4 * (n * p * (1 - p)).squareRoot() + 1e-9, "\(unit)")
        }
    }

    /// η_i = ε_i/V0 − Q_i, with Q_i from the same stream: mean within 4 standard errors of 0
    /// (SE σ_ε/√n) and standard deviation within 4 SE of σ_ε (SE ≈ σ_ε/√(2n)), over 10 seeds.
    @Test func noiseIsGaussianWithWidthSigma() throws {
        let builder = try li33Builder()
        let sigma = Preset.li33.sigmaEpsilon, v0 = Preset.li33.v0
        var sum = 0.0, sumSquares = 0.0, n = 0.0
        for seed in 0..<10 {
            let start = RandomStream(seed: UInt64(seed), point: 3, realisation: 1)
            var forCharges = start, forEnergies = start
            let layout = builder.countercharges(stream: &forCharges)
            let landscape = builder.build(stream: &forEnergies)
            #expect(layout.isAccessible == landscape.isAccessible)
            for i in 0..<1728 where landscape.isAccessible[i] {
                let eta = landscape.energies[i] / v0 - layout.charges[i]
                sum += eta; sumSquares += eta * eta; n += 1
            }
        }
        let mean = sum / n, sd = (sumSquares / n - mean * mean).squareRoot()
        #expect(abs(mean) <= 4 * sigma / n.squareRoot())
        #expect(abs(sd - sigma) <= 4 * sigma / (2 * n).squareRoot())
    }

    /// The lost-charge fraction of a landscape is the layout's lost/total from the same stream.
    @Test func lostChargeFractionIsReported() throws {
        let builder = try li33Builder(edge: 8)
        let start = RandomStream(seed: 9, point: 0, realisation: 0)
        var a = start, b = start
        let layout = builder.countercharges(stream: &a)
        let landscape = builder.build(stream: &b)
        #expect(landscape.lostChargeFraction == Double(layout.lostCharge) / Double(layout.totalCharge))
    }

    /// The same seed gives bit-identical energies whether the realisations run one after the
    /// other or as 8 concurrent tasks.
    @Test func realisationsAreIndependentOfThreading() async throws {
        let builder = try li33Builder(edge: 10)
        let serial = (0..<8).map { builder.build(seed: 2024, realisation: UInt64($0)).energies.map(\.bitPattern) }
        let parallel = await withTaskGroup(of: (Int, [UInt64]).self) { group in
            for r in (0..<8).reversed() {
                group.addTask { (r, builder.build(seed: 2024, realisation: UInt64(r)).energies.map(\.bitPattern)) }
            }
            var out = [[UInt64]](repeating: [], count: 8)
            for await (r, bits) in group { out[r] = bits }
            return out
        }
        #expect(serial == parallel)
        #expect(Set(serial).count == 8)
    }

    /// f_bl = 1 − r/(1 − f0) outside (0, 1) is refused, naming f_bl and the range.
    @Test func blockedFractionOutOfRangeIsRejected() throws {
        let composition = try Composition(alkali: .Na, x: 0.5, y: 0.5)
        let fractions = try HierarchicalNFUModel().fractions(for: composition)
        do {
            _ = try LandscapeBuilder(lattice: CubicLattice(edge: 4), composition: composition, fractions: fractions,
                                     parameters: LandscapeParameters(v0: 0.7, sigmaEpsilon: 0.3))
            Issue.record("accepted f_bl < 0")
        } catch {
            #expect(error.description.contains("f_bl") && error.description.contains("0 < f_bl < 1"))
        }
    }

    /// Fractions that break the docs/model.md §2 balances are refused.
    @Test func inconsistentFractionsAreRejected() throws {
        let composition = try Preset.li33.composition(x: 0)
        let wrong = NFUFractions(B4: 0, B3: 0, B2: 0, P3: 1, P2: 0, P1: 0, P0: 0)
        #expect(throws: LandscapeError.self) {
            try LandscapeBuilder(lattice: CubicLattice(edge: 4), composition: composition, fractions: wrong,
                                 parameters: LandscapeParameters(preset: .li33))
        }
    }

    @Test(arguments: [(0.0, 0.3, 0.05, "V0"), (0.7, -0.1, 0.05, "σ_ε"), (0.7, 0.3, 1.0, "f0"), (0.7, 0.3, 0.0, "f0")])
    func invalidParametersAreRejected(v0: Double, sigma: Double, f0: Double, name: String) {
        #expect(throws: LandscapeError.self) { try LandscapeParameters(v0: v0, sigmaEpsilon: sigma, vacancyFraction: f0) }
        do { _ = try LandscapeParameters(v0: v0, sigmaEpsilon: sigma, vacancyFraction: f0) } catch {
            #expect(error.description.hasPrefix("invalid \(name) = "))
        }
    }
}
