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
