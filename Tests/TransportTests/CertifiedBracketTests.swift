import Foundation
import Glass
import Landscape
import Testing
@testable import Transport

/// Route 1's certified bracket G_lo ≤ G_tot ≤ G_hi (Dirichlet and Thomson principles) against
/// references that do not come from route 1: the 120-digit mpmath solutions, closed forms, and
/// route 2 (Kron reduction) with its own rounding bound.
@Suite struct CertifiedBracketTests {
    /// Random networks with spreads 1e10–1e60 (Tests/Reference/kron_reference.py): the bracket
    /// contains the exact G_tot, for the default policy and for deliberately narrow fixed windows
    /// (W = 10, 1e3), whose brackets are wide but must still hold.
    @Test(arguments: KronReferenceData.cases.map(\.name))
    func bracketContainsExtendedPrecisionReference(name: String) throws {
        let data = KronReferenceData.cases.first { $0.name == name }!
        let roles = data.roles.map { ElectrodeRole(rawValue: UInt8($0))! }
        let net = try ConductanceNetwork(roles: roles, links: data.links, logConductances: data.logConductances)
        var policies = [WindowPolicy()]
        for w in [10.0, 1e3] {
            var p = WindowPolicy()
            try p.fix(window: w)
            policies.append(p)
        }
        for policy in policies {
            let solution = try SparseDirectSolver.solve(net, policy: policy)
            // The reference carries 20 digits (relative 1e-19), far inside any bracket's rounding.
            #expect(solution.bracket.contains(logValue: log(data.totalConductance)),
                    "W = \(solution.window): [\(exp(solution.bracket.logLower)), \(exp(solution.bracket.logUpper))] ∌ \(data.totalConductance)")
        }
        // The default policy certifies the tolerance.
        #expect(try SparseDirectSolver.solve(net).bracket.relativeWidth <= WindowPolicy().tolerance)
    }

    /// A network on which the old rule (accept when G changes by < 1e-3 as W grows 100×) accepts
    /// a wrong answer because the errors of two windows cancel. Three chains join B+ to B−, with
    /// g_b = 1: (a) 1, then 20000 links of 2e6, then 1: contracted at W = 1e4 and at 1e6, so both
    /// windows overestimate G by ≈ 20000/(4·2e6) = 2.5e-3; (b) 1 – 1e5 – 1: contracted at 1e4
    /// only, raising G(1e4) by ≈ 1/(4·1e5) = 2.5e-6; (c) 5e-6 – 5e-6: dropped at 1e4 only, lowering
    /// G(1e4) by 2.5e-6. G(1e4) and G(1e6) agree to ~1e-11 and both are 2.5e-3 too high. The
    /// exact G comes from the series and parallel rules.
    @Test func cancellingErrorsDoNotFoolTheBracket() throws {
        var roles: [ElectrodeRole] = [.source, .drain]
        var links: [(Int, Int)] = [], logs: [Double] = []
        func chain(_ values: [Double]) {
            var previous = 0
            for (i, g) in values.enumerated() {
                let next: Int
                if i == values.count - 1 { next = 1 } else { roles.append(.interior); next = roles.count - 1 }
                links.append((previous, next)); logs.append(log(g))
                previous = next
            }
        }
        chain([1] + [Double](repeating: 2e6, count: 20000) + [1])
        chain([1, 1e5, 1])
        chain([5e-6, 5e-6])
        let net = try ConductanceNetwork(roles: roles, links: links, logConductances: logs)
        let exact = 1 / (2 + 20000 / 2e6) + 1 / (2 + 1 / 1e5) + 5e-6 / 2
        let g4 = 1 / 2.0 + 1 / 2.0                            // (a), (b) contracted, (c) dropped
        let g6 = 1 / 2.0 + 1 / (2 + 1 / 1e5) + 5e-6 / 2      // (a) contracted
        #expect(abs(g6 / g4 - 1) < 1e-10, "the old rule accepts W = 1e6")
        #expect(abs(g6 / exact - 1) > 2e-3, "although G(1e6) is off by \(g6 / exact - 1)")
        // Route 1 must not stop at W = 1e6: its bracket there is wider than the error.
        var fixed = WindowPolicy()
        try fixed.fix(window: 1e6)
        let at6 = try SparseDirectSolver.solve(net, policy: fixed)
        #expect(at6.bracket.contains(logValue: log(exact)))
        #expect(at6.bracket.relativeWidth > WindowPolicy().tolerance)
        // The certified route widens until the bracket meets the tolerance, around the exact G.
        let solution = try SparseDirectSolver.solve(net)
        #expect(solution.window > 1e6)
        #expect(solution.bracket.contains(logValue: log(exact)))
        #expect(solution.bracket.relativeWidth <= WindowPolicy().tolerance)
        #expect(abs(solution.totalConductance / exact - 1) <= solution.bracket.relativeWidth / 2)
    }

    /// Landscape networks of the three presets, 250–563 K, N_L = 16–35: route 2's σ (within its
    /// own rounding bound) lies inside route 1's bracket, and the bracket meets the tolerance.
    @Test(arguments: [(Preset.li33, 250.0, 16, UInt64(1)), (Preset.na35, 403.0, 24, UInt64(2)),
                      (Preset.na40, 563.0, 16, UInt64(3)), (Preset.li33, 303.0, 35, UInt64(4)),
                      (Preset.na35, 250.0, 20, UInt64(5))])
    func kronLiesInsideTheBracket(preset: Preset, temperature: Double, edge: Int, seed: UInt64) throws {
        let composition = try preset.composition(x: 0.4)
        let builder = try LandscapeBuilder(lattice: CubicLattice(edge: edge), composition: composition,
                                           fractions: HierarchicalNFUModel().fractions(for: composition),
                                           parameters: LandscapeParameters(preset: preset))
        let hopping = try HoppingParameters(attemptFrequency: preset.attemptFrequency, barrier: preset.u0)
        let network = try ConductanceNetwork(landscape: builder.build(seed: seed, realisation: 0),
                                             temperature: temperature, hopping: hopping)
        let c = try RouteValidation.compare(name: "", network: network)
        #expect(c.kronInsideBracket, "route 2 \(c.kron.logSigma) outside [\(c.direct.bracket.logLower), \(c.direct.bracket.logUpper)]")
        #expect(c.direct.bracket.relativeWidth <= WindowPolicy().tolerance)
        // Route 2's rounding bound is itself far below the tolerance on these sizes.
        #expect(c.kronRoundingBound < 1e-8)
    }

    /// Random lattices with spreads 1e12–1e80: route 2 inside the bracket, bracket within tolerance.
    @Test(arguments: [1e12, 1e20, 1e40, 1e80])
    func kronInsideBracketOnWideSpreads(spread: Double) throws {
        var rng = XorShiftStar(seed: UInt64(log10(spread)))
        let net = try NetworkFixtures.lattice(edge: 8) { _, _ in Double.random(in: 0...log(spread), using: &rng) }
        let c = try RouteValidation.compare(name: "", network: net)
        #expect(c.kronInsideBracket)
        #expect(c.direct.bracket.relativeWidth <= WindowPolicy().tolerance)
    }
}
