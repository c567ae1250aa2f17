import Foundation
import Testing
@testable import Transport

@Suite struct DirectSolverTests {
    /// A link 1e200 times stronger than its neighbours makes the windowed Laplacian numerically
    /// singular (1e100 + 1e-100 rounds to 1e100). Whether CHOLMOD then reports "not positive
    /// definite" or returns an inconsistent solution depends on rounding; either way nothing may
    /// escape: the failure is recorded, the window narrows until the near-short is contracted, and
    /// G_tot is exact. Nodes a and b each link to B+, B− (1e-100) and to each other (1e100), so no
    /// series or dead-end reduction applies before the factorisation. By symmetry φ_a = φ_b = ½,
    /// the a–b link carries nothing, and G_tot = 2 · (1e-100 in series with 1e-100) = 1e-100.
    @Test func notPositiveDefiniteIsAbsorbed() throws {
        let net = try ConductanceNetwork(roles: [.source, .interior, .interior, .drain],
                                         links: [(0, 1), (0, 2), (1, 3), (2, 3), (1, 2)],
                                         logConductances: [log(1e-100), log(1e-100), log(1e-100), log(1e-100), log(1e100)])
        let policy = try WindowPolicy(initialWindow: 1e250, maximumSpread: 1e300)
        let solution = try SparseDirectSolver.solve(net, policy: policy)
        #expect(solution.events.contains {
            switch $0 {
            case .notPositiveDefinite, .inconsistentSolution: true
            default: false
            }
        })
        // The round trip exp(log g) with |log g| ≈ 230 costs ~230 ulp.
        #expect(abs(solution.totalConductance / 1e-100 - 1) <= 1e-12)
        // The Kron route needs no window at all (1e100 ≫ 1e-100 only adds positive terms).
        let kron = try KronReduction.solve(net).totalConductance
        #expect(abs(kron / 1e-100 - 1) <= 1e-12, "Kron gave \(kron)")
    }

    /// The cross-validation entry point reports both σ, their difference and the spread.
    @Test func routeValidationRows() throws {
        var rng = XorShiftStar(seed: 77)
        let net = try NetworkFixtures.lattice(edge: 6) { _, _ in Double.random(in: 0...log(1e6), using: &rng) }
        let row = try RouteValidation.compare(name: "lattice6", network: net)
        #expect(row.spread > 1 && row.spread <= 1e6)
        #expect(row.sigmaDirect > 0)
        // Spread ≤ 1e8: SPEC §6 target 1e-8.
        #expect(row.relativeDifference <= 1e-8)
    }
}
