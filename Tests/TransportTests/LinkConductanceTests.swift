import Foundation
import Testing
import Landscape
@testable import Transport

@Suite struct LinkConductanceTests {
    /// log g against eq. (7) written as printed, β e² w⁰_{i→j} f_i (1 − f_j) with the Metropolis
    /// rate (5), in both hop directions (detailed balance makes them equal), where nothing
    /// under- or overflows.
    @Test func matchesEquationSevenInBothDirections() throws {
        let t = 350.0, mu = 0.02, nu = 4e14, u0 = 0.064
        let link = try LinkConductance(temperature: t, chemicalPotential: mu,
                                       hopping: HoppingParameters(attemptFrequency: nu, barrier: u0))
        let kT = PhysicalConstants.boltzmannEV * t
        let betaJ = 1 / (kT * PhysicalConstants.elementaryCharge)               // 1/J
        func f(_ e: Double) -> Double { 1 / (exp((e - mu) / kT) + 1) }
        func direct(_ ei: Double, _ ej: Double) -> Double {
            let rate = nu * exp(-u0 / kT) * min(1, exp(-(ej - ei) / kT))
            return betaJ * PhysicalConstants.elementaryCharge * PhysicalConstants.elementaryCharge * rate * f(ei) * (1 - f(ej))
        }
        for (ei, ej) in [(-0.1, 0.15), (0.3, -0.2), (0.02, 0.02), (-0.25, -0.05)] {
            let g = exp(link.logConductance(ei, ej))
            // Textbook form: ~10 roundings of exponentials of O(10) arguments, ~1e-14 relative.
            #expect(abs(g / direct(ei, ej) - 1) <= 1e-12)
            #expect(abs(g / direct(ej, ei) - 1) <= 1e-12)
            #expect(link.logConductance(ei, ej) == link.logConductance(ej, ei))
        }
    }

    /// Deep in the tails the log form stays finite where the direct product underflows to 0.
    @Test func farTailsStayFinite() throws {
        let link = try LinkConductance(temperature: 100, chemicalPotential: 0,
                                       hopping: HoppingParameters(attemptFrequency: 1e14, barrier: 0.1))
        let value = link.logConductance(-8, 9)
        #expect(value.isFinite && value < -1000)
    }
}
