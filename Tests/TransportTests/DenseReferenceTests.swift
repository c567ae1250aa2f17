import Foundation
import SparseSolvers
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

    /// The complementary potentials ψ = 1 − φ of the multifrontal back-substitution (which the
    /// certified bracket's harmonic extension uses) against dense LU on the same grounded system
    /// (L + diag(g_+ + g_−)) φ = g_+: 60 interior nodes, conductances spanning 1e3. LU's error is
    /// ~κ·ε ≲ 1e-12 here; the back-substitution adds only positive terms.
    @Test func backSubstitutedPotentialsMatchDenseLU() throws {
        var rng = XorShiftStar(seed: 42)
        let n = 60
        var links: [(Int32, Int32, Double)] = []
        for i in 1..<n { links.append((Int32(Int.random(in: 0..<i, using: &rng)), Int32(i), exp(Double.random(in: 0...log(1e3), using: &rng)))) }
        for _ in 0..<80 {
            let a = Int.random(in: 0..<n, using: &rng), b = Int.random(in: 0..<n, using: &rng)
            if a != b { links.append((Int32(a), Int32(b), exp(Double.random(in: 0...log(1e3), using: &rng)))) }
        }
        let source = (0..<n).map { _ in Double.random(in: 0...1, using: &rng) < 0.2 ? Double.random(in: 0.1...1, using: &rng) : 0 }
        let ground = (0..<n).map { _ in Double.random(in: 0...1, using: &rng) < 0.2 ? Double.random(in: 0.1...1, using: &rng) : 0 }
        let reduction = try MultifrontalKron.reduce(count: n, links: links, ground: ground, source: source, potentials: true)
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { a[i * n + i] = source[i] + ground[i] }
        for (u, v, g) in links {
            let (i, j) = (Int(u), Int(v))
            a[i * n + i] += g; a[j * n + j] += g; a[i * n + j] -= g; a[j * n + i] -= g
        }
        let phi = try DenseLU.solve(matrix: a, dimension: n, rhs: source)
        for i in 0..<n {
            #expect(abs(reduction.complementaryPotentials[i] - (1 - phi[i])) <= 1e-12, "node \(i)")
        }
        // G_tot = Σ g_+ (1 − φ) over the nodes: the current leaving the source rail.
        let current = (0..<n).reduce(0.0) { $0 + source[$1] * (1 - phi[$1]) }
        #expect(abs(reduction.sourceToGround / current - 1) <= 1e-12)
    }

    /// A network with no spanning cluster (B− unreachable) gives zero without any solver error.
    @Test func nonSpanningIsZero() throws {
        let net = try ConductanceNetwork(roles: [.source, .interior, .interior, .drain],
                                         links: [(0, 1), (1, 2)], logConductances: [0, 0])
        #expect(try KronReduction.solve(net).totalConductance == 0)
        #expect(try SparseDirectSolver.solve(net).totalConductance == 0)
    }
}
