import Foundation
import SparseSolvers

/// Finite-volume solver of the problem in `NernstPlanckPoissonProblem` (docs/model.md §9).
///
/// Discretisation in space:
/// - unknowns per cell k: u1 = n1/n_b, u2 = n2/n_b, ψ = eφ/k_BT (scaled for Newton conditioning),
///   interleaved as x[3k + a], so the Jacobian of the three-point stencil is banded with 5 sub-
///   and 5 super-diagonals and is factorised by LAPACK `dgbtrf` (`SparseSolvers.BandedLU`);
/// - Scharfetter–Gummel face fluxes (`Bernoulli`); the concentration-dependent native D is taken
///   at the face as D1(ū) with ū the arithmetic mean of the two node fillings (a smooth,
///   second-order face value whose Jacobian is analytic);
/// - species rows du/dt = −(F_{k+½} − F_{k−½})/V_k (second order in Δz), so the content changes
///   only by the boundary fluxes: the scheme conserves ions exactly up to the Newton residual;
/// - Poisson rows: (λ_D²/V_k)[(ψ_{k+1} − ψ_k)/h_{k+½} − (ψ_k − ψ_{k−1})/h_{k−½}] + z1u1 + z2u2 − b = 0.
/// In time: TR-BDF2 with local error control (`TRBDF2Integrator`), Newton with the analytic
/// Jacobian of exactly these rows; the initial potential is made consistent with Poisson first.
public struct NernstPlanckPoissonSolver: Sendable {
    public let problem: NernstPlanckPoissonProblem
    public let options: SolverOptions

    public init(problem: NernstPlanckPoissonProblem, options: SolverOptions = SolverOptions()) throws(CAITError) {
        try options.validate()
        self.problem = problem
        self.options = options
    }

    /// Integrates from the initial state to `duration` (s) and returns the profiles at
    /// `outputTimes` (each in [0, duration]; the solver lands on them exactly).
    public func solve(duration: Double, outputTimes: [Double]) throws(CAITError) -> NernstPlanckPoissonSolution {
        try TRBDF2Integrator(system: NernstPlanckPoissonSystem(problem), options: options)
            .run(duration: duration, outputTimes: outputTimes)
    }
}

/// Solver of the electroneutral limit of a galvanostatic CAIT problem (`ElectroneutralSystem`):
/// one unknown per cell, a tridiagonal Newton matrix, the same TR-BDF2 time stepping. It agrees
/// with `NernstPlanckPoissonSolver` up to O(λ_D²/w²) for profiles of width w ≫ λ_D, and refuses
/// the potentiostatic mode.
public struct ElectroneutralSolver: Sendable {
    public let problem: NernstPlanckPoissonProblem
    public let options: SolverOptions

    public init(problem: NernstPlanckPoissonProblem, options: SolverOptions = SolverOptions()) throws(CAITError) {
        try options.validate()
        _ = try ElectroneutralSystem(problem)
        self.problem = problem
        self.options = options
    }

    /// As `NernstPlanckPoissonSolver.solve`; the potential is integrated from the fluxes.
    public func solve(duration: Double, outputTimes: [Double]) throws(CAITError) -> NernstPlanckPoissonSolution {
        try TRBDF2Integrator(system: ElectroneutralSystem(problem), options: options)
            .run(duration: duration, outputTimes: outputTimes)
    }
}
