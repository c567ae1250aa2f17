import Foundation
import SparseSolvers

/// Fully implicit finite-volume solver of the problem in `NernstPlanckPoissonProblem` (SPEC §9).
///
/// Discretisation:
/// - unknowns per cell k: u1 = n1/n_b, u2 = n2/n_b, ψ = eφ/k_BT (scaled for Newton conditioning),
///   interleaved as x[3k + a], so the Jacobian of the three-point stencil is banded with 5 sub-
///   and 5 super-diagonals and is solved by LAPACK `dgbsv` (`SparseSolvers.BandedLU`);
/// - Scharfetter–Gummel face fluxes (`Bernoulli`); the concentration-dependent native D is taken
///   at the face as D1(ū) with ū the arithmetic mean of the two node fillings (a smooth,
///   second-order face value whose Jacobian is analytic);
/// - species rows: (u − u_old) + (Δt/V_k)(F_{k+½} − F_{k−½}) = 0 (backward Euler, first order in
///   Δt, L-stable; second order in Δz), so Σ_k V_k·row = ΔC − Δt·(F_in − F_out): the scheme
///   conserves ions exactly up to the Newton residual;
/// - Poisson rows: (λ_D²/V_k)[(ψ_{k+1} − ψ_k)/h_{k+½} − (ψ_k − ψ_{k−1})/h_{k−½}] + z1u1 + z2u2 − b = 0.
/// Newton uses the analytic Jacobian of exactly these rows.
public struct NernstPlanckPoissonSolver: Sendable {
    public let problem: NernstPlanckPoissonProblem
    public let options: SolverOptions

    public init(problem: NernstPlanckPoissonProblem, options: SolverOptions = SolverOptions()) throws(CAITError) {
        try CAITError.requirePositive("Newton tolerance", options.newtonTolerance)
        guard options.maximumNewtonIterations >= 1 else {
            throw .invalidParameter(name: "maximum Newton iterations", value: "\(options.maximumNewtonIterations)", accepted: "≥ 1")
        }
        try CAITError.requirePositive("minimum step", options.minimumStep, unit: "s")
        switch options.stepControl {
        case let .adaptive(initial, target, maximum):
            try CAITError.requirePositive("initial step", initial, unit: "s")
            try CAITError.require("target change per step", target, in: 1e-6...1, accepted: "1e-6 … 1")
            guard maximum > 0 else {
                throw .invalidParameter(name: "maximum step", value: "\(maximum) s", accepted: "> 0 s")
            }
        case let .prescribed(steps):
            guard !steps.isEmpty else {
                throw .invalidParameter(name: "prescribed steps", value: "none", accepted: "at least one step")
            }
            for (i, s) in steps.enumerated() where !(s.isFinite && s > 0) {
                throw .invalidParameter(name: "prescribed step \(i)", value: "\(s) s", accepted: "finite and > 0 s")
            }
        }
        self.problem = problem
        self.options = options
    }

    /// Integrates from the initial state to `duration` (s) and returns the profiles at
    /// `outputTimes` (each in [0, duration]; the solver lands on them exactly).
    public func solve(duration: Double, outputTimes: [Double]) throws(CAITError) -> NernstPlanckPoissonSolution {
        try CAITError.requirePositive("duration", duration, unit: "s")
        for t in outputTimes {
            try CAITError.require("output time", t, in: 0...duration, accepted: "0 … \(duration) s")
        }
        let outputs = Array(Set(outputTimes)).sorted()
        let system = DiscreteSystem(problem)
        var profiles: [DepthProfile] = []
        var diagnostics = SolverDiagnostics()
        var state = system.initialState()
        var time = 0.0
        var nextOutput = 0
        while nextOutput < outputs.count, outputs[nextOutput] == 0 {
            profiles.append(system.profile(state, time: 0)); nextOutput += 1
        }

        var step: Double
        var prescribedIndex = 0
        switch options.stepControl {
        case let .adaptive(initial, _, maximum): step = min(initial, maximum)
        case let .prescribed(steps): step = steps[0]
        }
        var pending: [Double] = []  // sub-steps left after a failed prescribed step
        var previous: [Double]? = nil, previousStep = 0.0
        while time < duration * (1 - 1e-14) {
            let stop = nextOutput < outputs.count ? outputs[nextOutput] : duration
            var trial = pending.last ?? step
            let landsOnStop = time + trial >= stop * (1 - 1e-12)
            if landsOnStop { trial = stop - time }
            // Newton starts from the linear extrapolation of the last two accepted states.
            var guess: [Double]? = nil
            if let previous, previousStep > 0 {
                let ratio = trial / previousStep
                guess = state.indices.map { state[$0] + ratio * (state[$0] - previous[$0]) }
            }
            let attempt = system.advance(state, by: trial, guess: guess, options: options)
            diagnostics.newtonIterations += attempt.iterations
            diagnostics.dampedNewtonSteps += attempt.damped
            guard let next = attempt.state else {
                diagnostics.rejectedSteps += 1
                let reduced: Double
                if case .prescribed = options.stepControl {
                    if !pending.isEmpty { pending.removeLast() }
                    pending.append(contentsOf: [trial / 2, trial / 2])
                    reduced = trial / 2
                } else {
                    step = trial / 4
                    reduced = step
                }
                guard reduced >= options.minimumStep else {
                    throw .timeStepFailure(time: time, step: trial, reason: attempt.failure)
                }
                continue
            }
            let residual = system.conservationResidual(from: state, to: next, step: trial)
            diagnostics.maximumConservationResidual = max(diagnostics.maximumConservationResidual, residual)
            diagnostics.acceptedSteps += 1
            diagnostics.stepSizes.append(trial)
            let change = system.largestFractionChange(from: state, to: next)
            previous = state
            previousStep = trial
            state = next
            time = landsOnStop ? stop : time + trial
            if landsOnStop, nextOutput < outputs.count, stop == outputs[nextOutput] {
                profiles.append(system.profile(state, time: time)); nextOutput += 1
            }
            switch options.stepControl {
            case let .adaptive(_, target, maximum):
                if !landsOnStop || trial >= step {
                    var factor = change > 0 ? min(2, max(0.5, 0.9 * target / change)) : 2
                    if attempt.iterations > 6 { factor = min(factor, 0.7) }
                    step = min(maximum, trial * factor)
                }
            case let .prescribed(steps):
                if !pending.isEmpty { pending.removeLast() }
                if pending.isEmpty, !landsOnStop || trial >= step {
                    prescribedIndex = min(prescribedIndex + 1, steps.count - 1)
                    step = steps[prescribedIndex]
                }
            }
        }
        return NernstPlanckPoissonSolution(profiles: profiles, diagnostics: diagnostics)
    }
}
