import Foundation
import SparseSolvers
import Testing
@testable import Transport

@Suite struct DirectSolverTests {
    /// Links 1e200 times stronger than their neighbours make the windowed Laplacian numerically
    /// singular (1e100 + 1e-100 rounds to 1e100). Five interior nodes each link to B+ and B−
    /// (1e-100) and to each other (1e100, a complete graph), so each has six neighbours and no
    /// exact reduction applies before the factorisation. By symmetry every φ = ½, the strong links
    /// carry nothing, and G_tot = 5 · (1e-100 in series with 1e-100) = 2.5e-100.
    ///
    /// The first window, W = 1e250, holds the whole network; its factorisation cannot resolve the
    /// weak links under the strong ones, and route 1 must record that (a "not positive definite"
    /// event, or a bracket wider than the tolerance, whichever the rounding of the singular
    /// matrix gives), then narrow the window until the near-shorts (1e200·g_b) are contracted.
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
        let failedAtFirst = solution.events.contains { if case let .notPositiveDefinite(w, _) = $0 { w == 1e250 } else { false } }
        if !failedAtFirst {
            let first = try #require(solution.tried.first)
            #expect(first.window == 1e250 && first.relativeWidth > policy.tolerance,
                    "the whole network's factorisation must fail or give a useless bracket: \(solution.tried)")
        }
        #expect(solution.window < 1e200 && !solution.coversWholeNetwork, "the near-shorts must be contracted")
        // The bracket holds the closed form and is tight: G_tot = 2.5e-100 exactly, and the
        // round trip exp(log g) with |log g| ≈ 230 costs ~230 ulp.
        #expect(solution.bracket.contains(logValue: log(2.5e-100)))
        #expect(abs(solution.totalConductance / 2.5e-100 - 1) <= 1e-12)
        // The Kron route needs no window at all (1e100 ≫ 1e-100 only adds positive terms).
        let kron = try KronReduction.solve(net).totalConductance
        #expect(abs(kron / 2.5e-100 - 1) <= 1e-12, "Kron gave \(kron)")
    }

    /// A fixed window W solves W only and returns its certified bracket whatever its width;
    /// route 2 (no window at all) lies inside it. W is honoured even where the whole network
    /// would be solved by default (spread ≤ 1e10).
    @Test func fixedWindowSolvesTheGivenWindow() throws {
        let landscape = try gaussianLandscape(edge: 16, seed: 43, scale: 0.27)
        let net = try ConductanceNetwork(landscape: landscape, temperature: 403,
                                         hopping: HoppingParameters(attemptFrequency: 4e14, barrier: 0.064))
        var fixed = WindowPolicy()
        try fixed.fix(window: 1e2)
        let solution = try SparseDirectSolver.solve(net, policy: fixed)
        #expect(solution.window == 1e2 && solution.tried.count == 1 && !solution.coversWholeNetwork)
        let exact = try KronReduction.solve(net)
        #expect(solution.bracket.contains(logValue: exact.logTotalConductance, tolerance: exact.roundingBound))
        #expect(throws: TransportError.self) { try fixed.fix(window: 1) }
        #expect(throws: TransportError.self) { try fixed.fix(window: .infinity) }
        // Spread 1e6 ≤ 1e10: by default solved whole; a fixed W = 10 still windows it.
        var rng = XorShiftStar(seed: 78)
        let moderate = try NetworkFixtures.lattice(edge: 6) { _, _ in Double.random(in: 0...log(1e6), using: &rng) }
        try fixed.fix(window: 10)
        let windowed = try SparseDirectSolver.solve(moderate, policy: fixed)
        #expect(windowed.window == 10 && !windowed.coversWholeNetwork)
        let reference = try KronReduction.solve(moderate)
        #expect(windowed.bracket.contains(logValue: reference.logTotalConductance, tolerance: reference.roundingBound))
    }

    /// The cross-validation entry point reports both σ, their difference, the spread and the bracket.
    @Test func routeValidationRows() throws {
        var rng = XorShiftStar(seed: 77)
        let net = try NetworkFixtures.lattice(edge: 6) { _, _ in Double.random(in: 0...log(1e6), using: &rng) }
        let row = try RouteValidation.compare(name: "lattice6", network: net)
        #expect(row.logSpread > 0 && row.logSpread <= log(1e6))
        #expect(row.direct.spans && row.kron.spans)
        // Spread ≤ 1e8: the agreement target 1e-8 (docs/model.md).
        #expect(row.relativeDifference <= 1e-8)
        #expect(row.kronInsideBracket)
    }
}
