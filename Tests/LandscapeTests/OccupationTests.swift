import Foundation
import Testing
@testable import Landscape

@Suite struct OccupationTests {
    /// Fermi function against its textbook form where that form does not overflow.
    @Test func fermiMatchesDirectFormula() {
        let beta = 1 / (PhysicalConstants.boltzmannEV * 300)
        for x in stride(from: -0.5, through: 0.5, by: 0.05) {
            let direct = 1 / (exp(beta * x) + 1)
            // Both forms are a handful of correctly rounded operations: a few ulp.
            #expect(abs(Occupation.fermi(x, beta: beta) - direct) <= 1e-15)
        }
        // Far tails must not overflow to NaN.
        #expect(Occupation.fermi(1e3, beta: beta) == 0)
        #expect(Occupation.fermi(-1e3, beta: beta) == 1)
        #expect(Occupation.logFermi(1e3, beta: beta).isFinite)
    }

    /// μ(T) reproduces N and approaches the T → 0 Fermi level.
    @Test func chemicalPotentialCountsIons() throws {
        // Deterministic spread of energies (a golden-ratio sequence), no RNG needed.
        let energies = (0..<5000).map { i in 0.6 * (Double(i) * 0.6180339887498949).truncatingRemainder(dividingBy: 1) - 0.3 }
        let n = 3100
        let ef = try Occupation.fermiLevel(energies: energies, ionCount: n)
        for t in [50.0, 300.0, 1000.0] {
            let mu = try Occupation.chemicalPotential(energies: energies, ionCount: n, temperature: t)
            let beta = 1 / (PhysicalConstants.boltzmannEV * t)
            let count = energies.reduce(0) { $0 + Occupation.fermi($1 - mu, beta: beta) }
            // docs/model.md §4: 1e-10 relative in N.
            #expect(abs(count - Double(n)) <= 1e-10 * Double(n))
        }
        // As T → 0, μ → ε_F: at 0.5 K, kT = 4e-5 eV, far below the 1.2e-4 eV level spacing.
        let mu0 = try Occupation.chemicalPotential(energies: energies, ionCount: n, temperature: 0.5)
        #expect(abs(mu0 - ef) <= 2e-5)
    }
}

@Suite struct FermiLevelTests {
    /// Selection-based ε_F against the midpoint read from a full sort, on data with many ties
    /// and on sorted, reversed and constant input (quickselect's bad cases).
    @Test func fermiLevelMatchesSortedMidpoint() throws {
        var stream = RandomStream(seed: 5, point: 0, realisation: 0)
        let tied = (0..<3001).map { _ in Double(stream.index(below: 40)) * 0.01 }
        let smooth = (0..<2000).map { _ in stream.normal() }
        let cases = [tied, smooth, smooth.sorted(), smooth.sorted().reversed(), [Double](repeating: 0.3, count: 500)]
        for energies in cases {
            let sorted = energies.sorted()
            for n in [1, 2, energies.count / 3, energies.count / 2, energies.count - 1] {
                // Same two numbers averaged the same way: exact.
                #expect(try Occupation.fermiLevel(energies: energies, ionCount: n) == 0.5 * (sorted[n - 1] + sorted[n]))
            }
        }
    }

    @Test func fermiLevelRejectsBadInput() {
        #expect(throws: LandscapeError.self) { try Occupation.fermiLevel(energies: [0, 1, 2], ionCount: 3) }
        #expect(throws: LandscapeError.self) { try Occupation.fermiLevel(energies: [0, .nan, 2], ionCount: 1) }
    }

    /// On a built li33 landscape: μ(T) reproduces N to 1e-10 relative (docs/model.md §4, counted here
    /// with the textbook Fermi function, which cannot overflow at these energies and T) and
    /// approaches the T → 0 Fermi level: at 0.1 K it lies in the gap between the N-th and
    /// (N+1)-th levels, whose midpoint is ε_F.
    @Test func chemicalPotentialOnLandscape() throws {
        let landscape = try li33Builder(edge: 12).build(seed: 3, realisation: 0)
        let energies = landscape.accessibleEnergies
        let ef = try Occupation.fermiLevel(of: landscape)
        for t in [303.0, 563.0] {
            let mu = try Occupation.chemicalPotential(of: landscape, temperature: t)
            let beta = 1 / (PhysicalConstants.boltzmannEV * t)
            let count = energies.reduce(0.0) { $0 + 1 / (exp(beta * ($1 - mu)) + 1) }
            #expect(abs(count - Double(landscape.ionCount)) <= 1e-10 * Double(landscape.ionCount))
        }
        let sorted = energies.sorted()
        let gap = sorted[landscape.ionCount] - sorted[landscape.ionCount - 1]
        let mu = try Occupation.chemicalPotential(of: landscape, temperature: 0.1)
        // μ lies inside the gap between the N-th and (N+1)-th levels, as ε_F does.
        #expect(abs(mu - ef) <= 0.5 * gap)
    }
}
