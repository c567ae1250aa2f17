import Foundation
import Testing
@testable import Landscape
@testable import Transport

/// Plain simple-cubic percolation through the Δ_c machinery against the literature thresholds
/// (Wang, Zhou, Zhang, Garoni & Deng, PRE 87, 052107 (2013)):
/// site p_c = 0.3116077, bond p_c = 0.2488118.
@Suite struct LatticePercolationTests {
    /// Correlation-length exponent of 3D percolation, ν ≈ 0.876 (same reference).
    static let nu = 0.876

    /// The spanning probability crosses ½ inside p_c ± δ_L with δ_L = ½·N_L^{−1/ν}: by
    /// finite-size scaling both the width of the transition and the shift of the ½-crossing
    /// from p_c scale as N_L^{−1/ν}, with O(1) prefactors; ½ of the window is tight enough to
    /// tell site from bond (p_c differ by 0.063 > δ_8 = 0.047). With n = 400 independent
    /// samples per size the binomial standard error is ≤ √(¼/n) = 0.025, and the test demands
    /// P(p_c − δ) and P(p_c + δ) to sit 4 standard errors away from ½ on the correct sides.
    @Test(arguments: [(PercolationKind.site, 0.3116077), (.bond, 0.2488118)])
    func spanningProbabilityCrossesHalfAtThreshold(kind: PercolationKind, threshold: Double) throws {
        let samples = 400
        let margin = 4 * (0.25 / Double(samples)).squareRoot()
        for edge in [8, 12, 16] {
            let delta = 0.5 * pow(Double(edge), -1 / Self.nu)
            let lattice = try CubicLattice(edge: edge)
            let thresholds = try LatticePercolation.spanningThresholds(kind, lattice: lattice, samples: samples,
                                                                       seed: 20130507, threads: 2)
            let below = Double(thresholds.filter { $0 < threshold - delta }.count) / Double(samples)
            let above = Double(thresholds.filter { $0 < threshold + delta }.count) / Double(samples)
            #expect(below + margin < 0.5, "N_L = \(edge): P(p_c − δ) = \(below)")
            #expect(above - margin > 0.5, "N_L = \(edge): P(p_c + δ) = \(above)")
        }
    }

    /// Samples are bit-identical whatever the thread count, and spanningProbability counts them.
    @Test func samplesDoNotDependOnThreadCount() throws {
        let lattice = try CubicLattice(edge: 6)
        let one = try LatticePercolation.spanningThresholds(.bond, lattice: lattice, samples: 24, seed: 3, threads: 1)
        let three = try LatticePercolation.spanningThresholds(.bond, lattice: lattice, samples: 24, seed: 3, threads: 3)
        #expect(one == three)
        let estimate = try LatticePercolation.spanningProbability(.bond, lattice: lattice, occupation: 0.3,
                                                                  samples: 24, seed: 3, threads: 2)
        let p = Double(one.filter { $0 < 0.3 }.count) / 24
        #expect(estimate.probability == p)
        #expect(estimate.standardError == (p * (1 - p) / 24).squareRoot())
    }

    /// p = 0 never spans and p = 1 always does; p outside [0, 1] is an error.
    @Test func occupationLimits() throws {
        let lattice = try CubicLattice(edge: 5)
        for kind in PercolationKind.allCases {
            #expect(try LatticePercolation.spanningProbability(kind, lattice: lattice, occupation: 0, samples: 10, seed: 1).probability == 0)
            #expect(try LatticePercolation.spanningProbability(kind, lattice: lattice, occupation: 1, samples: 10, seed: 1).probability == 1)
            #expect(throws: TransportError.self) {
                try LatticePercolation.spanningProbability(kind, lattice: lattice, occupation: 1.5, samples: 10, seed: 1)
            }
        }
    }
}
