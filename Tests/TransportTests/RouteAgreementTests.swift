import Foundation
import Testing
import Landscape
@testable import Transport

/// Route 1 (windowed CHOLMOD) against route 2 (Kron reduction), SPEC §6.
@Suite struct RouteAgreementTests {
    /// Spreads ≤ 1e8: the window holds the whole network and the two routes must agree to 1e-8
    /// (SPEC §6 agreement target).
    /// N_L = 8 lattice with log g uniform over [0, log spread].
    private func randomLattice(spread: Double) throws -> ConductanceNetwork {
        var rng = XorShiftStar(seed: UInt64(log10(spread)))
        return try NetworkFixtures.lattice(edge: 8) { _, _ in Double.random(in: 0...log(spread), using: &rng) }
    }

    @Test(arguments: [1e2, 1e4, 1e6, 1e8])
    func agreeOnModerateSpreads(spread: Double) throws {
        let net = try randomLattice(spread: spread)
        let direct = try SparseDirectSolver.solve(net)
        let kron = try KronReduction.solve(net)
        #expect(abs(direct.totalConductance / kron.totalConductance - 1) <= 1e-8)
    }

    /// Larger spreads: route 1 windows the network; the difference must stay within its reported
    /// convergence check (the change of G_tot when W last grew 100×) plus the 1e-8 solve target.
    @Test(arguments: [1e12, 1e20, 1e40, 1e80])
    func agreeWithinReportedBound(spread: Double) throws {
        let net = try randomLattice(spread: spread)
        let direct = try SparseDirectSolver.solve(net)
        let kron = try KronReduction.solve(net)
        #expect(!direct.events.contains(.fellBackToKron))
        #expect(abs(direct.totalConductance / kron.totalConductance - 1) <= direct.relativeChange + 1e-8)
    }

    /// Physical networks: Gaussian landscapes (σ_ε·V0 = 0.42·0.64 eV) at 200–403 K, whose link
    /// conductances span 1e18–1e38.
    @Test(arguments: [200.0, 300.0, 403.0])
    func agreeOnLandscapes(temperature: Double) throws {
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064)
        for seed in UInt64(1)...2 {
            let landscape = try gaussianLandscape(edge: 8, seed: seed, scale: 0.42 * 0.64)
            let net = try ConductanceNetwork(landscape: landscape, temperature: temperature, hopping: hopping)
            let direct = try SparseDirectSolver.solve(net)
            let kron = try KronReduction.solve(net)
            #expect(abs(direct.totalConductance / kron.totalConductance - 1) <= direct.relativeChange + 1e-8)
        }
    }

    /// The bottleneck of the network agrees with the lattice first-spanning-link search on −log g.
    @Test func bottleneckMatchesSpanningThreshold() throws {
        let landscape = try gaussianLandscape(edge: 8, seed: 9, scale: 0.27)
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064)
        let net = try ConductanceNetwork(landscape: landscape, temperature: 300, hopping: hopping)
        var logG: [Int: Double] = [:]
        for k in 0..<net.linkCount { logG[Int(net.firstNode[k]) * 1_000_000 + Int(net.secondNode[k])] = net.logConductances[k] }
        let link = SpanningThreshold.firstSpanningLink(lattice: landscape.lattice, isAccessible: landscape.isAccessible) { i, j in
            -(logG[i * 1_000_000 + j] ?? .infinity)
        }
        #expect(net.bottleneckLogConductance() == -(link?.value ?? 0))
    }
}
