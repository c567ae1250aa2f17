import Foundation
import Testing
@testable import CAIT

@Suite struct EquilibriumAndConservationTests {
    /// No beam and no bias: the initial state n1 = n_b, n2 = 0, φ = 0 is an exact steady state of
    /// SPEC §9 (zero fluxes, zero charge), so the solver must keep it to round-off for 13 h.
    @Test func equilibriumIsStationary() throws {
        var scenario = TestProblems.coarseScenario(cells: 100, hours: 13)
        scenario.mode = .galvanostatic(currentDensity: 0)
        let solver = try NernstPlanckPoissonSolver(problem: try scenario.problem())
        let solution = try solver.solve(duration: scenario.duration, outputTimes: [3600, scenario.duration])
        for profile in solution.profiles {
            // Round-off: every term of the residual is exactly zero at this state (B(0) = 1, 1 + 0 − 1 = 0).
            #expect(profile.nativeFraction.allSatisfy { abs($0 - 1) <= 1e-15 })
            #expect(profile.foreignFraction.allSatisfy { abs($0) <= 1e-15 })
            #expect(profile.potential.allSatisfy { abs($0) <= 1e-15 })
        }
        #expect(solution.diagnostics.rejectedSteps == 0)
    }

    /// Ions in − ions out = change in content at every accepted step (solver diagnostic, ≤ 1e-10 of
    /// the background content n_b·d, SPEC §9), and independently: the foreign content at the end
    /// equals the prescribed beam dose j·t/e (no foreign ion reaches the back electrode).
    @Test(arguments: [ForeignIon.potassium, .cesium])
    func galvanostaticRunConservesIons(foreign: ForeignIon) throws {
        let scenario = TestProblems.coarseScenario(foreign: foreign, cells: 120, hours: 2)
        let problem = try scenario.problem()
        let solution = try NernstPlanckPoissonSolver(problem: problem)
            .solve(duration: scenario.duration, outputTimes: [scenario.duration])
        #expect(solution.diagnostics.maximumConservationResidual <= 1e-10)
        let profile = solution.profiles[0]
        let widths = problem.grid.widths
        let foreignContent = zip(widths, profile.foreignFraction).reduce(0) { $0 + $1.0 * $1.1 } * scenario.backgroundDensity
        guard case let .galvanostatic(j) = scenario.mode else { return }
        let dose = j * scenario.duration / PhysicalConstants.elementaryCharge
        // The last cell must hold no foreign ions (else some could have left at z = d).
        #expect(profile.foreignFraction.last! < 1e-30)
        // 1e-10 relative: the SPEC's conservation target; the sum itself is exact to ~1e-15.
        #expect(abs(foreignContent - dose) <= 1e-10 * dose, "content \(foreignContent) vs dose \(dose)")
    }

    /// The potentiostatic mode conserves ions at every accepted step too, and its front is
    /// measured (foreign ions enter from n2(0) = n_b).
    @Test func potentiostaticRunConservesIons() throws {
        var scenario = TestProblems.coarseScenario(cells: 120, hours: 2)
        scenario.mode = .potentiostatic(surfacePotential: 0.5)
        let run = try scenario.simulate(outputTimes: [scenario.duration])
        #expect(run.solution.diagnostics.acceptedSteps > 10)
        #expect(run.solution.diagnostics.maximumConservationResidual <= 1e-10)
        #expect(run.front != nil)
        // PSED of the 250 meV Gaussian filled to G = 0.9 keeps both half-maximum points: FWHM = 0.25 eV.
        #expect(abs(run.populatedFWHM - 0.25) <= 1e-10)
    }
}
