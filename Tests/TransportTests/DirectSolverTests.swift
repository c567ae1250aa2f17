import Foundation
import SparseSolvers
import Testing
@testable import Transport

@Suite struct DirectSolverTests {
    /// Links 1e200 times stronger than their neighbours make the windowed Laplacian numerically
    /// singular (1e100 + 1e-100 rounds to 1e100). Whether CHOLMOD then reports "not positive
    /// definite" or returns an inconsistent solution depends on rounding; either way nothing may
    /// escape: the failure is recorded, the window narrows until the near-shorts are contracted,
    /// and G_tot is exact. Five interior nodes each link to B+ and B− (1e-100) and to each other
    /// (1e100, a complete graph), so each has six neighbours and no exact reduction applies
    /// before the factorisation. By symmetry every φ = ½, the strong links carry nothing, and
    /// G_tot = 5 · (1e-100 in series with 1e-100) = 2.5e-100.
    @Test func notPositiveDefiniteIsAbsorbed() throws {
        var links: [(Int, Int)] = [], values: [Double] = []
        for i in 1...5 {
            links += [(0, i), (i, 6)]; values += [log(1e-100), log(1e-100)]
            for j in (i + 1)..<6 { links.append((i, j)); values.append(log(1e100)) }
        }
        let net = try ConductanceNetwork(roles: [.source] + [ElectrodeRole](repeating: .interior, count: 5) + [.drain],
                                         links: links, logConductances: values)
        let policy = try WindowPolicy(initialWindow: 1e250, maximumSpread: 1e300)
        let solution = try SparseDirectSolver.solve(net, policy: policy)
        #expect(solution.events.contains {
            switch $0 {
            case .notPositiveDefinite, .inconsistentSolution: true
            default: false
            }
        })
        // The round trip exp(log g) with |log g| ≈ 230 costs ~230 ulp.
        #expect(abs(solution.totalConductance / 2.5e-100 - 1) <= 1e-12)
        // The Kron route needs no window at all (1e100 ≫ 1e-100 only adds positive terms).
        let kron = try KronReduction.solve(net).totalConductance
        #expect(abs(kron / 2.5e-100 - 1) <= 1e-12, "Kron gave \(kron)")
    }

    /// Solving W₀ and growth·W₀ at the same time (two threads, the METIS analyses one after the
    /// other) is the same computation as solving them in turn: σ and the convergence check agree
    /// bit for bit (BLAS single-threaded in both, as in `WindowAttempt.firstPair`).
    @Test func concurrentWindowsMatchSequentialBitForBit() throws {
        let landscape = try gaussianLandscape(edge: 24, seed: 41, scale: 0.27)
        let net = try ConductanceNetwork(landscape: landscape, temperature: 403,
                                         hopping: HoppingParameters(attemptFrequency: 4e14, barrier: 0.064))
        BLASThreads.set(1)   // not restored: other tests may be solving (see BLASThreads)
        var sequential = WindowPolicy()
        sequential.concurrentWindows = false
        let together = try SparseDirectSolver.solve(net, policy: WindowPolicy())
        let inTurn = try SparseDirectSolver.solve(net, policy: sequential)
        #expect(together.window >= WindowPolicy().initialWindow * WindowPolicy().growth, "the pair was not used")
        #expect(together.totalConductance.bitPattern == inTurn.totalConductance.bitPattern)
        #expect(together.relativeChange.bitPattern == inTurn.relativeChange.bitPattern)
        #expect(together.window == inTurn.window && together.solvedSize == inTurn.solvedSize)
    }

    /// A fixed window W solves W/growth and W only and returns G(W) with their relative change:
    /// the same computation as widening from W/growth with a tolerance that accepts any change.
    /// Route 2 (no window at all) lies within the reported change of G(W).
    @Test func fixedWindowSolvesTheGivenWindow() throws {
        let landscape = try gaussianLandscape(edge: 16, seed: 43, scale: 0.27)
        let net = try ConductanceNetwork(landscape: landscape, temperature: 403,
                                         hopping: HoppingParameters(attemptFrequency: 4e14, barrier: 0.064))
        var fixed = WindowPolicy()
        try fixed.fix(window: 1e4)
        let solution = try SparseDirectSolver.solve(net, policy: fixed)
        let widening = try SparseDirectSolver.solve(net, policy: WindowPolicy(initialWindow: 1e2, tolerance: 0.999))
        #expect(solution.window == 1e4 && widening.window == 1e4)
        #expect(solution.totalConductance.bitPattern == widening.totalConductance.bitPattern)
        #expect(solution.relativeChange.bitPattern == widening.relativeChange.bitPattern)
        let exact = try KronReduction.solve(net).totalConductance
        #expect(abs(solution.totalConductance / exact - 1) <= solution.relativeChange)
        #expect(throws: TransportError.self) { try fixed.fix(window: 1) }
        #expect(throws: TransportError.self) { try fixed.fix(window: .infinity) }
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
