import Foundation
import Testing
import Landscape
@testable import Transport

/// Route 1 (windowed CHOLMOD) against route 2 (Kron reduction), docs/model.md §6.
@Suite struct RouteAgreementTests {
    /// Spreads ≤ 1e8: the window holds the whole network and the two routes must agree to 1e-8
    /// (docs/model.md §6 agreement target).
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

    /// Physical networks: Gaussian landscapes (σ_ε·V0 = 0.42·0.64 eV) at 200–403 K, whose link
    /// conductances span 1e18–1e38: route 2 (within its rounding bound) lies in route 1's
    /// certified bracket, which meets the default tolerance.
    @Test(arguments: [200.0, 300.0, 403.0])
    func agreeOnLandscapes(temperature: Double) throws {
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064)
        for seed in UInt64(1)...2 {
            let landscape = try gaussianLandscape(edge: 8, seed: seed, scale: 0.42 * 0.64)
            let net = try ConductanceNetwork(landscape: landscape, temperature: temperature, hopping: hopping)
            let c = try RouteValidation.compare(name: "", network: net)
            #expect(c.kronInsideBracket)
            #expect(c.direct.bracket.relativeWidth <= WindowPolicy().tolerance)
        }
    }

    /// The bottleneck g_b is the max–min conductance of a spanning path: the links with g ≥ g_b
    /// connect B+ to B−, those with g > g_b do not (breadth-first search over each subset).
    @Test(arguments: [(UInt64(9), 300.0), (UInt64(3), 403.0), (UInt64(5), 563.0)])
    func bottleneckIsTheMaxMinSpanningConductance(seed: UInt64, temperature: Double) throws {
        let landscape = try gaussianLandscape(edge: 12, seed: seed, scale: 0.27)
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064)
        let net = try ConductanceNetwork(landscape: landscape, temperature: temperature, hopping: hopping)
        let logGb = try #require(net.bottleneckLogConductance())
        #expect(Self.spans(net) { $0 >= logGb })
        #expect(!Self.spans(net) { $0 > logGb })
    }

    /// Whether the links whose log g passes `keep` join a B+ node to a B− node.
    static func spans(_ net: ConductanceNetwork, keep: (Double) -> Bool) -> Bool {
        var neighbours = [[Int]](repeating: [], count: net.nodeCount)
        for k in 0..<net.linkCount where keep(net.logConductances[k]) {
            neighbours[Int(net.firstNode[k])].append(Int(net.secondNode[k]))
            neighbours[Int(net.secondNode[k])].append(Int(net.firstNode[k]))
        }
        var seen = net.roles.map { $0 == .source }
        var queue = seen.indices.filter { seen[$0] }
        while let v = queue.popLast() {
            if net.roles[v] == .drain { return true }
            for w in neighbours[v] where !seen[w] { seen[w] = true; queue.append(w) }
        }
        return false
    }
}
