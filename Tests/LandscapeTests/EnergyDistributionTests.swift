import Foundation
import Testing
@testable import Landscape

@Suite struct EnergyDistributionTests {
    /// A landscape whose accessible energies are the given values (every site accessible).
    func landscape(_ energies: [Double], ionCount: Int) throws -> SiteEnergyLandscape {
        let lattice = try CubicLattice(edge: Int(cbrt(Double(energies.count)).rounded()))
        return SiteEnergyLandscape(lattice: lattice, energies: energies,
                                   isAccessible: [Bool](repeating: true, count: energies.count), ionCount: ionCount)
    }

    /// Triangular density 1 − |e| on [−1, 1], sampled at its quantiles (i + ½)/M. Closed forms:
    /// mean 0, standard deviation 1/√6, FWHM 1. The histogram's peak bin, centred on 0 with
    /// width w, averages 1 − w/4, which moves the half-maximum crossings out to ±(½ + w/8):
    /// the estimate is 1 + w/4.
    @Test func triangularDistributionMoments() throws {
        let m = 64_000 // = 40³
        let energies = (0..<m).map { i -> Double in
            let p = (Double(i) + 0.5) / Double(m)
            return p < 0.5 ? -1 + (2 * p).squareRoot() : 1 - (2 * (1 - p)).squareRoot()
        }
        let sed = try landscape(energies, ionCount: m / 2).siteEnergyDistribution(binCount: 41, range: -1.025...1.025)
        #expect(sed.totalWeight == Double(m))
        // The sample is symmetric, so the mean is 0 up to summation rounding (~1e-12).
        #expect(abs(sed.mean) <= 1e-9)
        // Midpoint quantile sampling: the √p singularity of the quantile at the ends makes
        // the variance converge as M^(-3/2) ≈ 6e-8.
        #expect(abs(sed.standardDeviation - 1 / 6.0.squareRoot()) <= 2e-7)
        // Bin width 0.05 ⇒ expected estimate 1.0125; the sampled bin weights differ from the
        // density integrals by ≲ 1/M per bin, far below the 1e-3 allowed.
        #expect(abs(sed.fullWidthAtHalfMaximum - (1 + 0.05 / 4)) <= 1e-3)
    }

    /// PSED: its weights sum to N (docs/model.md §4, 1e-10 relative), and at T = 0.25 K, where kT is far
    /// below the level spacing, its mean is the mean of the N lowest energies (found by sorting).
    @Test func populatedPartIsTheLowestLevels() throws {
        let energies = (0..<8000).map { i in 0.8 * (Double(i) * 0.6180339887498949).truncatingRemainder(dividingBy: 1) - 0.4 }
        let n = 3000
        let land = try landscape(energies, ionCount: n)
        let cold = try land.populatedEnergyDistribution(temperature: 0.25)
        #expect(abs(cold.totalWeight - Double(n)) <= 1e-10 * Double(n))
        let lowest = energies.sorted().prefix(n)
        // Levels ~1e-4 eV apart, kT = 2.2e-5 eV: only the levels next to ε_F are partly
        // filled, moving the mean by ≲ spacing/N ≈ 3e-8 eV.
        #expect(abs(cold.mean - lowest.reduce(0, +) / Double(n)) <= 1e-7)
        let warm = try land.populatedEnergyDistribution(temperature: 600)
        #expect(abs(warm.totalWeight - Double(n)) <= 1e-10 * Double(n))
        // Sharing the SED's bins, no PSED bin can exceed the SED bin: f ≤ 1.
        let sed = try land.siteEnergyDistribution()
        #expect(zip(warm.histogram.weights, sed.histogram.weights).allSatisfy { $0 <= $1 + 1e-12 })
    }

    @Test func badBinningIsRejected() throws {
        let land = try landscape([Double](repeating: 0, count: 64), ionCount: 10)
        #expect(throws: LandscapeError.self) { try land.siteEnergyDistribution(binCount: 0) }
        #expect(throws: LandscapeError.self) { try land.siteEnergyDistribution(range: 1...1) }
        // Equal energies: one finite-width bin, all weight in it.
        #expect(try land.siteEnergyDistribution(binCount: 1).histogram.weights == [64])
    }
}
