import Foundation
import Testing
@testable import Transport

/// Bond-diluted simple-cubic lattice: each link present (g = 1) with probability p.
@Suite struct BondDilutionTests {
    /// σ/σ0 = G_tot·(N_L − 1)/N_L² for unit links (σ0 = g/a of the full lattice).
    private func relativeConductivity(p: Double, seed: UInt64, edge: Int, useKron: Bool = false) throws -> Double {
        var rng = XorShiftStar(seed: seed)
        let net = try NetworkFixtures.lattice(edge: edge, latticeConstant: 1) { _, _ in
            Double.random(in: 0..<1, using: &rng) < p ? 0 : nil
        }
        let g = useKron ? try KronReduction.solve(net).totalConductance : try SparseDirectSolver.solve(net).totalConductance
        return g * Double(edge - 1) / Double(edge * edge)
    }

    /// Effective-medium theory for z = 6: σ/σ0 = (p − 2/z)/(1 − 2/z) = (3p − 1)/2.
    /// Kirkpatrick, Rev. Mod. Phys. 45, 574 (1973), compares EMT with simulated simple-cubic bond
    /// networks: away from threshold (p ≳ 0.6) EMT is accurate to about 0.01–0.02 in σ/σ0, its
    /// error growing only near p_c. The disorder mean over 8 lattices of N_L = 10 must lie within
    /// 0.02 of EMT plus 3 standard errors (that margin also absorbs the small N_L = 10 finite-size
    /// bias; the measured means lie within 0.01 of EMT).
    @Test(arguments: [0.7, 0.8, 0.9])
    func effectiveMediumAboveThreshold(p: Double) throws {
        let values = try (UInt64(1)...8).map { try relativeConductivity(p: p, seed: $0 &* 7919 &+ UInt64(p * 1000), edge: 10) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        let standardError = (variance / Double(values.count)).squareRoot()
        #expect(abs(mean - (3 * p - 1) / 2) <= 0.02 + 3 * standardError)
    }

    /// Well below the bond threshold p_c = 0.2488 no cluster spans: σ is exactly zero on both
    /// routes and no singular-matrix error escapes.
    @Test(arguments: [0.05, 0.12])
    func zeroBelowThreshold(p: Double) throws {
        for seed in UInt64(1)...3 {
            #expect(try relativeConductivity(p: p, seed: seed, edge: 10) == 0)
            #expect(try relativeConductivity(p: p, seed: seed, edge: 10, useKron: true) == 0)
        }
    }
}
