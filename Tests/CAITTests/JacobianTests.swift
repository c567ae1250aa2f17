import Foundation
import Testing
import SparseSolvers
@testable import CAIT

/// The analytic Newton Jacobians against finite differences of the residual, entry by entry.
@Suite struct JacobianTests {
    /// For every column j: central differences of the residual with steps h and h/2, combined by
    /// Richardson extrapolation (truncation O(h⁴)), against the analytic ∂r_i/∂x_j of every row i
    /// in the band. Each entry must agree to 1e-7 of itself plus the round-off of the difference
    /// quotient, 10·ε·S_i/h, where S_i = Σ_j |∂r_i/∂x_j·x_j| + |r_i| bounds the size of the terms
    /// that row i sums (their round-off is what the quotient divides by h). No floor of 1 — an
    /// entry of 1e-3 is checked to 1e-7 of 1e-3, not of 1. Entries outside the band must be zero.
    static func check(_ system: any MethodOfLinesSystem, at x: [Double], scale dt: Double) throws {
        let n = system.dimension
        var residual = [Double](repeating: 0, count: n)
        var jacobian = BandedMatrix(dimension: n, lower: system.lowerBandwidth, upper: system.upperBandwidth)
        try system.assemble(x, scale: dt, residual: &residual, jacobian: &jacobian, withJacobian: true)
        let band = system.lowerBandwidth
        var rowSize = [Double](repeating: 0, count: n)
        for i in 0..<n {
            rowSize[i] = abs(residual[i])
            for j in max(0, i - band)...min(n - 1, i + band) { rowSize[i] += abs(jacobian[i, j] * x[j]) }
        }
        var scratch = BandedMatrix(dimension: n, lower: system.lowerBandwidth, upper: system.upperBandwidth)
        func r(_ y: [Double]) throws -> [Double] {
            var out = [Double](repeating: 0, count: n)
            try system.assemble(y, scale: dt, residual: &out, jacobian: &scratch, withJacobian: false)
            return out
        }
        var checked = 0
        for j in 0..<n {
            let h = 1e-5 * max(1e-3, abs(x[j]))
            func quotient(_ step: Double) throws -> [Double] {
                var plus = x, minus = x
                plus[j] += step; minus[j] -= step
                let (rp, rm) = (try r(plus), try r(minus))
                return (0..<n).map { (rp[$0] - rm[$0]) / (2 * step) }
            }
            let coarse = try quotient(h), fine = try quotient(h / 2)
            for i in 0..<n {
                let fd = (4 * fine[i] - coarse[i]) / 3
                if abs(i - j) > band {
                    #expect(coarse[i] == 0 && fine[i] == 0, "row \(i) column \(j) outside the band")
                    continue
                }
                let analytic = jacobian[i, j]
                let tolerance = 1e-7 * abs(analytic) + 10 * Double.ulpOfOne * rowSize[i] / h
                #expect(abs(fd - analytic) <= tolerance, "row \(i) column \(j): fd \(fd) analytic \(analytic)")
                if analytic != 0 { checked += 1 }
            }
        }
        #expect(checked >= 2 * n)  // the test covers the band, not a handful of entries
    }

    /// A smooth, non-trivial NPP state inside the filling domain (deterministic), with potentials
    /// of a few thermal voltages so that the Bernoulli weights are far from 1.
    static func nppState(cells n: Int) -> [Double] {
        var x = [Double](repeating: 0, count: 3 * n)
        for k in 0..<n {
            let s = Double(k) / Double(n)
            x[3 * k] = 0.3 + 0.6 * s
            x[3 * k + 1] = 0.7 - 0.55 * s + 0.02 * sin(9 * s)
            x[3 * k + 2] = 3 * (1 - s) + 0.5 * cos(7 * s)
        }
        return x
    }

    static func scenario() -> CAITScenario {
        var scenario = TestProblems.coarseScenario(cells: 8)
        scenario.thickness = 40e-9
        scenario.surfaceCellWidth = 1e-9
        return scenario
    }

    @Test func galvanostaticSiteEnergyLaw() throws {
        let system = NernstPlanckPoissonSystem(try Self.scenario().problem())
        try Self.check(system, at: Self.nppState(cells: 8), scale: 50)
    }

    @Test func potentiostaticSiteEnergyLaw() throws {
        var scenario = Self.scenario()
        scenario.mode = .potentiostatic(surfacePotential: 0.2)
        let system = NernstPlanckPoissonSystem(try scenario.problem())
        try Self.check(system, at: Self.nppState(cells: 8), scale: 50)
    }

    /// The Poisson rows are linear in ψ with known coefficients: ∂r/∂u_i = z_i and
    /// ∂r/∂ψ_{k±1} = λ_D²/(V_k·h_{k±½}), the diagonal minus their sum (zero-field front: no face-0
    /// term; grounded back: h_N to the back electrode). Compared exactly, to a few ulp.
    @Test func poissonRowsHaveTheClosedFormCoefficients() throws {
        var scenario = Self.scenario()
        scenario.mode = .galvanostatic(currentDensity: 9e-3)
        let problem = try scenario.problem()
        let system = NernstPlanckPoissonSystem(problem)
        let n = problem.grid.cellCount
        var residual = [Double](repeating: 0, count: 3 * n)
        var jacobian = BandedMatrix(dimension: 3 * n, lower: 5, upper: 5)
        try system.assemble(Self.nppState(cells: n), scale: 50, residual: &residual, jacobian: &jacobian, withJacobian: true)
        let lambda2 = problem.debyeLength * problem.debyeLength
        let (v, h) = (problem.grid.widths, problem.grid.faceDistances)
        for k in 0..<n {
            let row = 3 * k + 2
            #expect(jacobian[row, 3 * k] == 1 && jacobian[row, 3 * k + 1] == 1)
            let left = k > 0 ? lambda2 / (v[k] * h[k]) : 0
            let right = lambda2 / (v[k] * h[k + 1])
            if k > 0 { #expect(abs(jacobian[row, 3 * (k - 1) + 2] - left) <= 4 * Double.ulpOfOne * left) }
            if k < n - 1 { #expect(abs(jacobian[row, 3 * (k + 1) + 2] - right) <= 4 * Double.ulpOfOne * right) }
            #expect(abs(jacobian[row, row] + left + right) <= 4 * Double.ulpOfOne * (left + right))
        }
    }

    /// The electroneutral reduction: a smooth foreign profile from 0.95 to 0 over the front of a
    /// Gaussian SED, where D1 spans several decades and the exponential fitting runs from central
    /// differences (P ≪ 1) to nearly pure upwinding (P ≫ 1).
    @Test func electroneutralReduction() throws {
        var scenario = Self.scenario()
        scenario.cells = 40
        scenario.thickness = 200e-9
        let system = try ElectroneutralSystem(try scenario.problem())
        let x = (0..<40).map { k -> Double in
            let z = (Double(k) + 0.5) / 40
            return 0.95 / (1 + exp((z - 0.5) / 0.06))
        }
        try Self.check(system, at: x, scale: 500)
    }
}
