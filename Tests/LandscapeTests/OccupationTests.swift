import Foundation
import Testing
@testable import Landscape

@Suite struct OccupationTests {
    /// Fermi function against its textbook form where that form does not overflow.
    @Test func fermiMatchesDirectFormula() {
        let beta = 1 / (boltzmannEV * 300)
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
            let beta = 1 / (boltzmannEV * t)
            let count = energies.reduce(0) { $0 + Occupation.fermi($1 - mu, beta: beta) }
            // SPEC §4: 1e-10 relative in N.
            #expect(abs(count - Double(n)) <= 1e-10 * Double(n))
        }
        // As T → 0, μ → ε_F: at 0.5 K, kT = 4e-5 eV, far below the 1.2e-4 eV level spacing.
        let mu0 = try Occupation.chemicalPotential(energies: energies, ionCount: n, temperature: 0.5)
        #expect(abs(mu0 - ef) <= 2e-5)
    }
}
