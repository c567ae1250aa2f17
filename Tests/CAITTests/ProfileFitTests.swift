import Foundation
import Landscape
import Testing
@testable import CAIT

/// Identifiability of (SED FWHM, D_bulk, D_foreign) from noisy profiles (issue 6).
@Suite struct ProfileFitTests {
    static let truth = CAITParameters(fwhm: 0.25, bulkDiffusivity: 1.2e-16, foreignDiffusivity: 4e-20)

    /// The illustrative K⁺ run with D_bulk = 1.2e-16 and D_foreign = 4e-20 m²/s (front width ≈ 45 nm, so 100 graded cells resolve it
    /// in a debug build), 13 h, d = 0.4 µm.
    static func template() -> CAITScenario {
        var scenario = CAITScenario.illustrative(foreign: .potassium)
        scenario.bulkDiffusivity = truth.bulkDiffusivity
        scenario.foreignDiffusivity = truth.foreignDiffusivity
        scenario.thickness = 0.4e-6
        scenario.cells = 100
        scenario.surfaceCellWidth = 0.5e-9
        return scenario
    }

    static let depths = (0..<30).map { 10e-9 + Double($0) * 10e-9 }

    /// A fitter of `data` whose forward runs use a coarse step target (the plateau and front move by
    /// a few % against the default, and the synthetic data come from the same discrete model, so
    /// this tests identifiability, not discretisation error).
    static func fitter(_ data: MeasuredProfile) throws -> CAITProfileFitter {
        var fitter = try CAITProfileFitter(template: template(), measured: data)
        fitter.solverOptions = SolverOptions(errorTolerance: 1e-2)
        return fitter
    }

    /// 30 depths from 10 to 300 nm, both fractions with additive Gaussian noise of SD 0.02 (seeded).
    static func measured(seed: UInt64) throws -> MeasuredProfile {
        let zeros = depths.map { _ in 0.0 }
        let exact = try fitter(try MeasuredProfile(depth: depths, nativeFraction: zeros, foreignFraction: zeros))
            .residuals(truth, steps: nil).values
        var rng = RandomStream(seed: seed, point: 0, realisation: 0)
        let native = (0..<30).map { exact[$0] + 0.02 * rng.normal() }
        let foreign = (0..<30).map { exact[30 + $0] + 0.02 * rng.normal() }
        return try MeasuredProfile(depth: depths, nativeFraction: native, foreignFraction: foreign)
    }

    /// Six seeded noise realisations, 18 estimates. If the standard errors are right, each
    /// |z| = |log θ̂ − log θ| / SE(log θ̂) ≤ 2 with probability ≈ 0.95. Criteria: at least 15 of 18
    /// within 2 SE (binomial p = 0.95: P(≤ 14) ≈ 1.4 %), none beyond 3.5 SE, and the mean z² — ≈ 1
    /// for correct SEs — within [0.2, 2.5] (χ²/ν bounds at ≈ 1 % for the ≈ 12 effective degrees of
    /// freedom left by the strong FWHM–D_bulk correlation).
    @Test func recoversParametersWithinTwoStandardErrors() throws {
        let seeds: [UInt64] = [11, 23, 37, 41, 53, 67]
        var zScores: [Double] = []
        for seed in seeds {
            let result = try Self.fitter(try Self.measured(seed: seed))
                .fit(initial: CAITParameters(fwhm: 0.3, bulkDiffusivity: 2e-16, foreignDiffusivity: 3e-20))
            let truth = Self.truth.logValues, found = result.estimate.logValues
            for i in 0..<3 { zScores.append((found[i] - truth[i]) / result.logStandardErrors[i]) }
            // The residual SD estimates the 0.02 noise (60 residuals, 57 degrees of freedom: ±20 % ≈ 3 SE).
            #expect(abs(result.residualStandardDeviation - 0.02) < 0.004)
        }
        let within = zScores.filter { abs($0) <= 2 }.count
        let meanSquare = zScores.reduce(0) { $0 + $1 * $1 } / Double(zScores.count)
        #expect(within >= 15, "z-scores \(zScores)")
        #expect(zScores.allSatisfy { abs($0) <= 3.5 }, "z-scores \(zScores)")
        #expect(meanSquare >= 0.2 && meanSquare <= 2.5, "mean z² \(meanSquare)")
    }
}
