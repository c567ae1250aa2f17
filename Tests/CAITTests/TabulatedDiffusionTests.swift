import Foundation
import Testing
@testable import CAIT

/// The tabulated native law (docs/kmc.md, "D(n) for CAIT").
@Suite struct TabulatedDiffusionTests {
    static let fillings = [0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99]
    /// A non-monotone D(c), as the network gives: a maximum at intermediate filling.
    static let values = [1e-20, 3e-19, 5e-18, 2e-17, 8e-18, 4e-19, 1e-19, 2e-20]

    /// D1(u) = D_bulk·D(c)/D(c_bulk) at the knots, with c = u(1 − f_v).
    @Test func knotsAreScaledToTheBulkValue() throws {
        let fv = 0.05
        let law = try TabulatedDiffusion(fillings: Self.fillings, diffusivities: Self.values, bulkDiffusivity: 3e-16,
                                         vacancyFraction: fv)
        for (c, d) in zip(Self.fillings, Self.values) {
            let value = try law.evaluate(fraction: c / (1 - fv)).value
            // exp(log) round trips: a few ulp.
            #expect(abs(value / (3e-16 * d / 1e-19) - 1) <= 1e-13, "c = \(c)")
        }
    }

    /// The derivative is that of the interpolant (against central differences), continuous at the
    /// knots, and the interpolant adds no extremum between knots (Fritsch–Carlson): log D stays
    /// between the values of the neighbouring knots.
    @Test func interpolantIsSmoothAndShapePreserving() throws {
        let law = try TabulatedDiffusion(fillings: Self.fillings, diffusivities: Self.values, bulkDiffusivity: 1e-16,
                                         vacancyFraction: 0.05)
        let scale = 1 - 0.05
        for k in 0..<(Self.fillings.count - 1) {
            let (c0, c1) = (Self.fillings[k], Self.fillings[k + 1])
            let (lo, hi) = (min(Self.values[k], Self.values[k + 1]), max(Self.values[k], Self.values[k + 1]))
            let ratio = 1e-16 / 1e-19
            for s in stride(from: 0.05, to: 1, by: 0.1) {
                let u = (c0 + s * (c1 - c0)) / scale
                let (value, derivative) = try law.evaluate(fraction: u)
                #expect(value >= lo * ratio * (1 - 1e-12) && value <= hi * ratio * (1 + 1e-12))
                let h = 1e-6 * (c1 - c0)
                let numeric = (try law.evaluate(fraction: u + h).value - law.evaluate(fraction: u - h).value) / (2 * h)
                // Central differences of a cubic: error O(h²·D'''), far below 1e-6 relative here.
                #expect(abs(derivative - numeric) <= 1e-6 * max(abs(numeric), value / (c1 - c0)))
            }
        }
        // Continuity of the derivative across a knot.
        let knot = 0.5 / scale
        let left = try law.evaluate(fraction: knot - 1e-9).derivative, right = try law.evaluate(fraction: knot + 1e-9).derivative
        #expect(abs(left - right) <= 1e-5 * abs(try law.evaluate(fraction: knot).value))
    }

    /// Outside the table D is constant (the dilute limits); outside (0, u_max) it is undefined.
    @Test func extrapolationAndDomain() throws {
        let law = try TabulatedDiffusion(fillings: Self.fillings, diffusivities: Self.values, bulkDiffusivity: 1e-16,
                                         vacancyFraction: 0.05)
        let low = try law.evaluate(fraction: 0.001)
        #expect(low.derivative == 0 && abs(low.value / (1e-16 * 1e-20 / 1e-19) - 1) <= 1e-13)
        #expect(try law.evaluate(fraction: 0.9999 / 0.95).derivative == 0)
        for u in [0.0, -0.1, 1 / 0.95, 2] {
            #expect(throws: CAITError.self) { try law.evaluate(fraction: u) }
        }
    }

    /// Bad tables are rejected: unordered fillings, a non-positive D, too few rows, and a bulk
    /// filling 1 − f_v outside the table.
    @Test func badTablesAreRejected() {
        #expect(throws: CAITError.self) {
            try TabulatedDiffusion(fillings: [0.5, 0.3], diffusivities: [1, 1], bulkDiffusivity: 1e-16, vacancyFraction: 0.6)
        }
        #expect(throws: CAITError.self) {
            try TabulatedDiffusion(fillings: [0.3, 0.95], diffusivities: [1, 0], bulkDiffusivity: 1e-16, vacancyFraction: 0.1)
        }
        #expect(throws: CAITError.self) {
            try TabulatedDiffusion(fillings: [0.9], diffusivities: [1], bulkDiffusivity: 1e-16, vacancyFraction: 0.1)
        }
        #expect(throws: CAITError.self) {
            try TabulatedDiffusion(fillings: [0.1, 0.5], diffusivities: [1, 2], bulkDiffusivity: 1e-16, vacancyFraction: 0.1)
        }
    }

    /// A flat table is the constant native D = D_bulk at every filling, and a CAIT run with the
    /// tabulated law conserves the ions like any other.
    @Test func flatTableIsAConstantLaw() throws {
        var scenario = CAITScenario.illustrative(foreign: .potassium)
        scenario.cells = 150
        scenario.duration = 3600
        scenario.nativeDiffusionTable = FillingDiffusionTable(fillings: [0.01, 0.99], diffusivities: [2e-17, 2e-17], source: "flat")
        guard case let .tabulated(law) = try scenario.nativeDiffusionLaw() else {
            Issue.record("expected a tabulated law"); return
        }
        for u in [0.05, 0.5, 1.0, 1.05] {
            let (value, derivative) = try law.evaluate(fraction: u)
            #expect(value == scenario.bulkDiffusivity && derivative == 0)
        }
        let run = try scenario.simulate(outputTimes: [scenario.duration])
        #expect(run.solution.diagnostics.maximumConservationResidual <= 1e-10)
    }
}
