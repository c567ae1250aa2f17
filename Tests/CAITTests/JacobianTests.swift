import Foundation
import Testing
import SparseSolvers
@testable import CAIT

/// The analytic Newton Jacobian against central finite differences of the residual.
@Suite struct JacobianTests {
    func check(_ problem: NernstPlanckPoissonProblem) throws {
        let system = DiscreteSystem(problem)
        let n = problem.grid.cellCount
        // A smooth, non-trivial state inside the filling domain (deterministic).
        var x = [Double](repeating: 0, count: 3 * n)
        for k in 0..<n {
            let s = Double(k) / Double(n)
            x[3 * k] = 0.3 + 0.6 * s
            x[3 * k + 1] = 0.7 - 0.55 * s + 0.02 * sin(9 * s)
            x[3 * k + 2] = 3 * (1 - s) + 0.5 * cos(7 * s)
        }
        let old = x.map { $0 * 0.99 }
        let dt = 50.0
        let (_, jacobian) = try system.assembled(x, old: old, step: dt)
        for j in 0..<(3 * n) {
            let h = 1e-6 * max(1, abs(x[j]))
            var plus = x, minus = x
            plus[j] += h; minus[j] -= h
            let rp = try system.assembled(plus, old: old, step: dt).residual
            let rm = try system.assembled(minus, old: old, step: dt).residual
            for i in max(0, j - 5)...min(3 * n - 1, j + 5) {
                let fd = (rp[i] - rm[i]) / (2 * h)
                let scale = max(1, abs(fd), abs(jacobian[i, j]))
                // Central differences: truncation O(h²·r‴) ≈ 1e-12·r‴ plus round-off ε·|r|/h ≈ 1e-10·|r|;
                // rows are O(1)–O(1e3) here, so 1e-6 relative to the entry scale is a safe margin.
                #expect(abs(fd - jacobian[i, j]) <= 1e-6 * scale, "row \(i) column \(j): fd \(fd) analytic \(jacobian[i, j])")
            }
            // Entries outside the band must be zero in the finite differences too.
            for i in 0..<(3 * n) where abs(i - j) > 5 {
                #expect(rp[i] == rm[i])
            }
        }
    }

    @Test func galvanostaticSiteEnergyLaw() throws {
        var scenario = TestProblems.coarseScenario(cells: 8)
        scenario.thickness = 40e-9
        scenario.surfaceCellWidth = 1e-9
        try check(try scenario.problem())
    }

    @Test func potentiostaticSiteEnergyLaw() throws {
        var scenario = TestProblems.coarseScenario(cells: 8)
        scenario.thickness = 40e-9
        scenario.surfaceCellWidth = 1e-9
        scenario.mode = .potentiostatic(surfacePotential: 0.2)
        try check(try scenario.problem())
    }
}
