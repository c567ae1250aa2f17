import Foundation
import Testing
import SparseSolvers
@testable import Transport

/// The exact reductions of route 1 (`RailNetwork`: rails, dead ends, series, parallel, star–mesh) against
/// the UNREDUCED network solved by dense LU (LAPACKE dgesv) on the full Laplacian.
@Suite struct RailNetworkTests {
    /// Tree-like random networks (few extra links, so many dead ends and series chains, and
    /// parallel links from repeated pairs) in which the reductions remove most interior nodes.
    @Test(arguments: UInt64(1)...5)
    func reducedMatchesDenseLU(seed: UInt64) throws {
        let net = try NetworkFixtures.random(nodes: 80, sources: 4, drains: 3, extraLinks: 12, spread: 1e4, seed: seed)
        let reference = try NetworkFixtures.denseTotalConductance(net)
        let spanning = try #require(net.spanningPart())
        let rails = RailNetwork(spanning, logScale: 0)
        let interior = spanning.roles.filter { $0 == .interior }.count
        #expect(rails.interiorCount < interior / 2, "reductions kept \(rails.interiorCount) of \(interior)")
        // Every kept interior node has at least four distinct neighbours (rails count once each).
        var neighbours = [Set<Int>](repeating: [], count: rails.interiorCount)
        for k in rails.conductances.indices {
            neighbours[Int(rails.firstNode[k])].insert(Int(rails.secondNode[k]))
            neighbours[Int(rails.secondNode[k])].insert(Int(rails.firstNode[k]))
        }
        for i in 0..<rails.interiorCount {
            let count = neighbours[i].count + (rails.toSource[i] > 0 ? 1 : 0) + (rails.toDrain[i] > 0 ? 1 : 0)
            #expect(count >= 4)
        }
        // Spread 1e4 on 80 nodes: dgesv loses at most ~κ·ε ≈ 1e-11; the reductions add a few ulp.
        let direct = try SparseDirectSolver.solve(net)
        #expect(direct.coversWholeNetwork)
        #expect(abs(direct.totalConductance / reference - 1) <= 1e-10)
    }

    /// A chain B+ — 1 — 2 — … — B− of n links with dead-end branches: series rule only,
    /// G_tot = 1/Σ(1/g_k) in closed form.
    @Test func seriesChainWithDeadEnds() throws {
        let g = [2.0, 0.5, 4.0, 1.0, 8.0]
        // nodes: 0 = B+, 1...4 chain interior, 5 = B−, 6...9 dead ends hanging off 1...4
        var roles = [ElectrodeRole](repeating: .interior, count: 10)
        roles[0] = .source; roles[5] = .drain
        var links = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]
        var values = g.map { log($0) }
        for (tip, base) in [(6, 1), (7, 2), (8, 3), (9, 4)] { links.append((tip, base)); values.append(log(3.0)) }
        links.append((6, 7)); values.append(log(5.0))   // a loop 1–6–7–2 in parallel with link 1–2
        let net = try ConductanceNetwork(roles: roles, links: links, logConductances: values)
        let rails = RailNetwork(net, logScale: 0)
        #expect(rails.interiorCount == 0)
        // Closed form: the loop 1–6–7–2 (3, 5, 3 in series = 15/11) is parallel to link 1–2 (0.5).
        let middle = 0.5 + 1 / (1 / 3.0 + 1 / 5.0 + 1 / 3.0)
        let expected = 1 / (1 / 2.0 + 1 / middle + 1 / 4.0 + 1 / 1.0 + 1 / 8.0)
        // A handful of operations, each within an ulp.
        #expect(abs(rails.direct / expected - 1) <= 1e-14)
    }

    /// Denser random networks (mean degree ~4), where most eliminations are star–mesh (Y–Δ)
    /// transforms of degree-3 nodes, some next to a rail, against dense LU on the full Laplacian.
    @Test(arguments: UInt64(11)...14)
    func starMeshMatchesDenseLU(seed: UInt64) throws {
        let net = try NetworkFixtures.random(nodes: 90, sources: 5, drains: 5, extraLinks: 90, spread: 1e4, seed: seed)
        let reference = try NetworkFixtures.denseTotalConductance(net)
        let spanning = try #require(net.spanningPart())
        let rails = RailNetwork(spanning, logScale: 0)
        let interior = spanning.roles.filter { $0 == .interior }.count
        #expect(rails.interiorCount < interior, "reductions kept all \(interior) interior nodes")
        let total = try Self.reducedTotalConductance(rails)
        // Spread 1e4 on 90 nodes: dgesv loses at most ~κ·ε ≈ 1e-11; the reductions add a few ulp each.
        #expect(abs(total / reference - 1) <= 1e-10)
        #expect(abs(try SparseDirectSolver.solve(net).totalConductance / reference - 1) <= 1e-10)
    }

    /// Networks of mean degree ~5, where many nodes have four neighbours: the fill-aware rule
    /// eliminates those whose neighbour pairs are mostly linked already (or that touch a rail),
    /// keeping fewer nodes than the rule stopping at three neighbours and no more stored links,
    /// with the same G_tot as dense LU on the UNREDUCED Laplacian.
    @Test(arguments: UInt64(21)...24)
    func degreeFourMatchesDenseLU(seed: UInt64) throws {
        let net = try NetworkFixtures.random(nodes: 90, sources: 5, drains: 5, extraLinks: 150, spread: 1e4, seed: seed)
        let reference = try NetworkFixtures.denseTotalConductance(net)
        let spanning = try #require(net.spanningPart())
        let rails = RailNetwork(spanning, logScale: 0)
        let upToThree = RailNetwork(spanning, logScale: 0, maximumDegree: 3)
        #expect(rails.interiorCount < upToThree.interiorCount,
                "degree-4 rule kept \(rails.interiorCount), the ≤ 3 rule \(upToThree.interiorCount)")
        #expect(rails.conductances.count <= upToThree.conductances.count)
        // Spread 1e4 on 90 nodes: dgesv loses at most ~κ·ε ≈ 1e-11; the reductions add a few ulp each.
        #expect(abs(try Self.reducedTotalConductance(rails) / reference - 1) <= 1e-10)
        #expect(abs(try SparseDirectSolver.solve(net).totalConductance / reference - 1) <= 1e-10)
    }

    /// G_tot of a reduced network by dense LU on its own Laplacian (B+ at 1, B− at 0).
    static func reducedTotalConductance(_ rails: RailNetwork) throws -> Double {
        let n = rails.interiorCount
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { a[i * n + i] = rails.toSource[i] + rails.toDrain[i] }
        for k in rails.conductances.indices {
            let i = Int(rails.firstNode[k]), j = Int(rails.secondNode[k]), g = rails.conductances[k]
            a[i * n + i] += g; a[j * n + j] += g; a[i * n + j] -= g; a[j * n + i] -= g
        }
        let phi = n > 0 ? try DenseLU.solve(matrix: a, dimension: n, rhs: rails.toSource) : []
        var total = rails.direct
        for i in 0..<n { total += rails.toDrain[i] * phi[i] }
        return total
    }

    /// A balanced Wheatstone bridge B+ –g1– 1 –g3– B−, B+ –g2– 2 –g4– B−, bridge 1 –g5– 2 with
    /// g1/g3 = g2/g4: both interior nodes have three neighbours, no current crosses g5, and
    /// G_tot = g1g3/(g1 + g3) + g2g4/(g2 + g4) in closed form.
    @Test func balancedBridgeByStarMesh() throws {
        let (g1, g2, g3, g4, g5) = (1.0, 3.0, 2.0, 6.0, 7.0)
        let roles: [ElectrodeRole] = [.source, .interior, .interior, .drain]
        let net = try ConductanceNetwork(roles: roles, links: [(0, 1), (0, 2), (1, 3), (2, 3), (1, 2)],
                                         logConductances: [g1, g2, g3, g4, g5].map { log($0) })
        let rails = RailNetwork(net, logScale: 0)
        #expect(rails.interiorCount == 0)
        let expected = g1 * g3 / (g1 + g3) + g2 * g4 / (g2 + g4)
        // A dozen operations, each within an ulp (and exp(log g) within an ulp of g).
        #expect(abs(rails.direct / expected - 1) <= 1e-14)
    }
}
