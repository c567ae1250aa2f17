import Foundation
import Testing
@testable import Transport

/// Both routes against closed forms and against dense LU on the full Laplacian.
@Suite struct DenseReferenceTests {
    /// B+ — g1 — m — g2 — B− in series, in parallel with a direct B+ — g3 — B− link:
    /// G = g1 g2/(g1 + g2) + g3.
    @Test func seriesParallelClosedForm() throws {
        let (g1, g2, g3) = (2.0, 3.0, 0.25)
        let net = try ConductanceNetwork(roles: [.source, .interior, .drain],
                                         links: [(0, 1), (1, 2), (0, 2)], logConductances: [log(g1), log(g2), log(g3)])
        let expected = g1 * g2 / (g1 + g2) + g3
        // A handful of roundings: a few ulp.
        #expect(abs(try KronReduction.solve(net).totalConductance / expected - 1) <= 1e-14)
        #expect(abs(try SparseDirectSolver.solve(net).totalConductance / expected - 1) <= 1e-14)
    }

    /// A Wheatstone bridge: balanced (g1/g2 = g3/g4) the bridge link carries no current.
    @Test func balancedBridge() throws {
        // Nodes: 0 = B+, 1, 2 interior, 3 = B−. Arms 0-1 (1), 1-3 (2), 0-2 (3), 2-3 (6), bridge 1-2 (5).
        let net = try ConductanceNetwork(roles: [.source, .interior, .interior, .drain],
                                         links: [(0, 1), (1, 3), (0, 2), (2, 3), (1, 2)],
                                         logConductances: [0, log(2), log(3), log(6), log(5)])
        let expected = 1.0 * 2 / 3 + 3.0 * 6 / 9
        #expect(abs(try KronReduction.solve(net).totalConductance / expected - 1) <= 1e-14)
        #expect(abs(try SparseDirectSolver.solve(net).totalConductance / expected - 1) <= 1e-14)
    }

    /// Random connected networks (with dangling branches and B+–B+ / B−–B− links) against dgesv.
    @Test(arguments: UInt64(1)...6)
    func randomNetworksAgainstDenseLU(seed: UInt64) throws {
        let net = try NetworkFixtures.random(nodes: 60, sources: 5, drains: 4, extraLinks: 70, spread: 1e3, seed: seed)
        let reference = try NetworkFixtures.denseTotalConductance(net)
        // Spread 1e3 on 60 nodes: LU with pivoting loses at most ~κ·ε ≈ 1e-11; Kron has no
        // subtraction and CHOLMOD works on the whole (W ≥ spread) network.
        #expect(abs(try KronReduction.solve(net).totalConductance / reference - 1) <= 1e-10)
        #expect(abs(try SparseDirectSolver.solve(net).totalConductance / reference - 1) <= 1e-10)
    }

    /// A lattice large enough that the multifrontal Kron reduction eliminates fronts of more than
    /// one 64-pivot panel (N_L = 11: top separators of ~2·N_L² nodes), against dense LU.
    @Test func latticeAgainstDenseLU() throws {
        var rng = XorShiftStar(seed: 11)
        let net = try NetworkFixtures.lattice(edge: 11) { _, _ in Double.random(in: 0...log(1e4), using: &rng) }
        let reference = try NetworkFixtures.denseTotalConductance(net)
        // Spread 1e4 on 1331 nodes: partial-pivoting LU error ~κ·ε with κ ≲ 1e4·N_L² ≈ 1e6.
        #expect(abs(try KronReduction.solve(net).totalConductance / reference - 1) <= 1e-9)
        #expect(abs(try SparseDirectSolver.solve(net).totalConductance / reference - 1) <= 1e-9)
    }

    /// The reduced matrix G of eq. (11): its entries sum to G_tot, its row sums are the currents
    /// leaving each B+ node (dense LU reference with the full Laplacian).
    @Test func reducedMatrixAndRowSums() throws {
        let net = try NetworkFixtures.random(nodes: 40, sources: 6, drains: 5, extraLinks: 50, spread: 1e2, seed: 42)
        let reference = try NetworkFixtures.denseTotalConductance(net)
        let rows = try KronReduction.solve(net, output: .rowSums)
        let full = try KronReduction.solve(net, output: .matrix)
        let m = full.sourceNodes.count
        #expect(full.matrix.count == m * m)
        // Sums of ≤ 36 entries of a symmetric, well-conditioned reduction: 1e-12.
        #expect(abs(full.matrix.reduce(0, +) / reference - 1) <= 1e-12)
        #expect(abs(rows.totalConductance / reference - 1) <= 1e-12)
        for c in 0..<m {
            let rowSum = (0..<m).reduce(0.0) { $0 + full.matrix[$1 * m + c] }
            #expect(abs(rowSum - rows.rowSums[c]) <= 1e-12 * reference)
            for r in 0..<m { #expect(abs(full.matrix[c * m + r] - full.matrix[r * m + c]) <= 1e-14 * reference) }
        }
    }

    /// A network with no spanning cluster (B− unreachable) gives zero without any solver error.
    @Test func nonSpanningIsZero() throws {
        let net = try ConductanceNetwork(roles: [.source, .interior, .interior, .drain],
                                         links: [(0, 1), (1, 2)], logConductances: [0, 0])
        #expect(try KronReduction.solve(net).totalConductance == 0)
        #expect(try SparseDirectSolver.solve(net).totalConductance == 0)
    }
}
