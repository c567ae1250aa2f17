import Foundation
import Testing
@testable import Transport

@Suite struct ParameterFitTests {
    /// A synthetic model with a known closed form: c_first(σ) = 0.5 + σ², c_last(σ) = 0.6 + 0.1σ.
    /// Measurements made with (V0, σ) = (0.7, 0.35) must be recovered.
    @Test func endMemberFitRecoversClosedFormModel() throws {
        func model(_ s: Double) -> (first: Double, last: Double) { (0.5 + s * s, 0.6 + 0.1 * s) }
        let truth = model(0.35)
        let fit = try ParameterFit.endMemberFit(measuredFirst: 0.7 * truth.first, measuredLast: 0.7 * truth.last,
                                                sigmaBracket: 0.0...1.0, tolerance: 1e-9, reducedBarriers: model)
        // Bisection to 1e-9 in σ; the ratio's slope is O(1), so σ and V0 are good to ~1e-8.
        #expect(abs(fit.sigma - 0.35) <= 1e-8)
        #expect(abs(fit.v0 - 0.7) <= 1e-8)
    }

    @Test func leastSquaresFitRecoversClosedFormModel() throws {
        func model(_ s: Double) -> [Double] { [0.5 + s * s, 0.55 + 0.3 * s, 0.6 + 0.1 * s] }
        let measured = model(0.42).map { $0 * 0.64 }
        let fit = try ParameterFit.leastSquaresFit(measured: measured, sigmaBracket: 0.0...1.0, tolerance: 1e-9,
                                                   reducedBarriers: model)
        // Golden section to 1e-9; the minimum is exact (zero residual), so σ is located to ~1e-8.
        #expect(abs(fit.sigma - 0.42) <= 1e-6)
        #expect(abs(fit.v0 - 0.64) <= 1e-6)
    }

    /// The delta-method standard errors of (V0, σ_ε) agree with the spread of the fitted values
    /// over many independently perturbed inputs, each refitted by the fit itself (a different
    /// algorithm: brute-force resampling). Measured E_x carry errors sE, the model's c_x offsets
    /// of size sc (as Monte Carlo noise does under common random numbers).
    @Test(arguments: ["endpoints", "least-squares"])
    func errorPropagationMatchesResampling(method: String) throws {
        func model(_ s: Double) -> [Double] { [0.5 + s * s, 0.55 + 0.3 * s, 0.6 + 0.1 * s] }
        func slope(_ s: Double) -> [Double] { [2 * s, 0.3, 0.1] }
        let curvature = [2.0, 0, 0]
        let (v0, sigma) = (0.7, 0.35)
        let points = method == "endpoints" ? [0, 2] : [0, 1, 2]
        let sE = [0.004, 0.003, 0.004], sC = [0.002, 0.0025, 0.002]
        let exact = model(sigma).map { v0 * $0 }
        func fit(_ e: [Double], offsets: [Double]) throws -> EnergyScaleFit {
            let perturbed = { (s: Double) in zip(model(s), offsets).map { $0 + $1 } }
            if method == "endpoints" {
                return try ParameterFit.endMemberFit(measuredFirst: e[0], measuredLast: e[2], sigmaBracket: 0...1,
                                                     tolerance: 1e-10) { s in let c = perturbed(s); return (c[0], c[2]) }
            }
            return try ParameterFit.leastSquaresFit(measured: e, sigmaBracket: 0...1, tolerance: 1e-10, reducedBarriers: perturbed)
        }
        let propagated = try ParameterFit.energyScaleErrors(
            measured: points.map { exact[$0] }, measuredErrors: points.map { sE[$0] },
            reduced: points.map { model(sigma)[$0] }, reducedErrors: points.map { sC[$0] },
            slope: points.map { slope(sigma)[$0] }, curvature: points.map { curvature[$0] })
        // Resampling with the test's own normal deviates (Box–Muller on SplitMix64).
        var state: UInt64 = 0x5EED_F17
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / Double(1 << 53)
        }
        func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
        let samples = 2000
        var sigmas: [Double] = [], v0s: [Double] = []
        for _ in 0..<samples {
            let e = (0..<3).map { exact[$0] + sE[$0] * normal() }
            let f = try fit(e, offsets: (0..<3).map { sC[$0] * normal() })
            sigmas.append(f.sigma); v0s.append(f.v0)
        }
        func sd(_ v: [Double]) -> Double {
            let m = v.reduce(0, +) / Double(v.count)
            return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
        }
        // The sample SD of 2000 values has a relative standard error 1/√(2·1999) ≈ 1.6%; the delta
        // method is exact to first order, and with inputs perturbed by < 1% the second-order
        // terms are below a few per cent: 10% is > 5 standard errors of the resampling.
        #expect(abs(sd(sigmas) / propagated.sigma - 1) <= 0.10, "σ_ε: resampled \(sd(sigmas)), propagated \(propagated.sigma)")
        #expect(abs(sd(v0s) / propagated.v0 - 1) <= 0.10, "V0: resampled \(sd(v0s)), propagated \(propagated.v0)")
    }

    @Test func ratioOutsideModelRangeIsReported() {
        #expect(throws: FitError.self) {
            _ = try ParameterFit.endMemberFit(measuredFirst: 10, measuredLast: 1, sigmaBracket: 0...1) { s in (1 + s, 1) }
        }
    }

    /// σ ∝ ν: model values at ν_ref scaled by a known factor give ν = factor·ν_ref exactly.
    @Test func attemptFrequencyIsClosedForm() throws {
        let modelled = [1e-6, 3e-5, 2e-4]
        let fit = try ParameterFit.attemptFrequency(measured: modelled.map { $0 * 2.5 }, modelled: modelled,
                                                    referenceFrequency: 1e14)
        // log10/pow10 round trip: a few ulp relative.
        #expect(abs(fit.common / 2.5e14 - 1) <= 1e-13)
        #expect(fit.perPoint.allSatisfy { abs($0 / 2.5e14 - 1) <= 1e-13 })
    }
}
