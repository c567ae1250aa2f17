import Foundation
import SparseSolvers

/// Time integration of a `MethodOfLinesSystem` by TR-BDF2 (R. E. Bank et al., IEEE Trans.
/// Electron Devices 32, 1992 (1985); M. E. Hosea & L. F. Shampine, Appl. Numer. Math. 20, 21
/// (1996)), the one-step, second-order, L-stable scheme of drift–diffusion device simulators.
///
/// A step of length k from x_n (rate f_n) takes a trapezoidal stage to t_n + γk and a BDF2 stage
/// to t_n + k, γ = 2 − √2. Both stages solve x − base − θk·f(x) = 0 on the differential rows and
/// g(x) = 0 on the algebraic rows, with the same θ = γ/2 = (1 − γ)/(2 − γ):
///   stage 1: base = x_n + θk·f_n;       stage 2: base = a·x* − b·x_n,
/// a = 1/(γ(2 − γ)), b = (1 − γ)²/(γ(2 − γ)). The rates at the stages follow from the stage
/// equations, f = (x − base)/(θk), so no extra evaluation is needed.
///
/// Local error (Hosea & Shampine eq. 3.3): τ ≈ 2Ck·(f_n/γ − f*/(γ(1 − γ)) + f_{n+1}/(1 − γ)),
/// C = (−3γ² + 4γ − 2)/(12(2 − γ)), passed through (I − θk·J)⁻¹ (Shampine's filter, with the
/// last stage-2 factors) so that stiff components do not inflate it. A step is accepted when
/// max_i |τ_i| ≤ tolerance over the ion fractions; the next step is k·clamp(0.9·(tol/|τ|)^{1/3}, 0.2, 2).
///
/// Ion balance: the scheme conserves ions exactly up to the Newton residual, with the quadrature
/// ΔC = θk·[a(N_n + N*) + N_{n+1}] of the boundary flows N = J(0) − J(d). The integrator keeps this
/// ledger L over the run; it holds the Newton remainders of the stages, which a tighter Newton
/// tolerance shrinks (a wrong flux quadrature would break it by O(1) of a step's transfer). A
/// step that would make |L| exceed `SolverOptions.ionBalanceTolerance` of the ions that
/// crossed the boundaries so far (the dose), plus the round-off of the stored fractions (a native
/// fraction near 1 cannot record a change below ε; this allowance matters only in the first
/// steps), is solved again with a Newton tolerance 1000× tighter, down to `finestNewtonTolerance`;
/// only then is it rejected and cut to a quarter (more steps would only add more remainders).
final class TRBDF2Integrator {
    static let gamma = 2 - 2.0.squareRoot()
    static let theta = gamma / 2
    static let a = 1 / (gamma * (2 - gamma))
    static let b = (1 - gamma) * (1 - gamma) / (gamma * (2 - gamma))
    static let errorConstant = (-3 * gamma * gamma + 4 * gamma - 2) / (12 * (2 - gamma))
    /// Tightest Newton tolerance a ledger failure asks for: the fractions' round-off (~1e-16) times
    /// the cells' count leaves no further gain.
    static let finestNewtonTolerance = 1e-14

    let system: any MethodOfLinesSystem
    let options: SolverOptions
    private let n: Int
    private let differential: [Bool]
    private var lu: BandedLU
    private var residual: [Double]

    init(system: any MethodOfLinesSystem, options: SolverOptions) {
        self.system = system
        self.options = options
        n = system.dimension
        differential = system.differentialRows
        lu = BandedLU(dimension: n, lower: system.lowerBandwidth, upper: system.upperBandwidth)
        residual = [Double](repeating: 0, count: n)
    }

    // MARK: Newton on one stage

    struct StageOutcome {
        var state: [Double]?
        var iterations = 0
        var damped = 0
        /// Converged fractions that were negative by round-off and set to 0.
        var projected = 0
        var failure = ""
    }

    /// Newton on x − base − h·f(x) = 0 (differential rows), g(x) = 0 (algebraic rows), from `guess`.
    /// h = 0 solves the algebraic rows alone with the differential rows held at `base`.
    ///
    /// Full Newton: the iteration matrix I − h·∂f/∂x (and ∂g/∂x) is assembled and factorised at
    /// every iterate (reusing it, a chord iteration, converged linearly and cost more in all). Each
    /// step is shortened (halved up to 40 times) until the native filling stays in the domain of
    /// its diffusion law. Steps are measured in the scaled max norm |δ| = max_i |δ_i|/tol_i, with
    /// tol_i = tol for fractions and tol·max(1, |ψ|) for potentials. A converged fraction that is
    /// negative by less than 1e-6 of the last step is round-off of the banded solve where the exact
    /// discrete solution is ≥ 0 (the foreign fraction ahead of the front underflows to the
    /// subnormal range) and is set to 0; a larger negative fraction fails the stage.
    func solveStage(base: [Double], scale h: Double, guess: [Double], tolerance: Double) -> StageOutcome {
        var outcome = StageOutcome()
        var x = system.isInsideDomain(guess) ? guess : base
        var trial = x
        var previousLargest = Double.infinity
        for iteration in 1...options.maximumNewtonIterations {
            outcome.iterations = iteration
            lu.matrix.zero()
            do {
                try system.assemble(x, scale: h, residual: &residual, jacobian: &lu.matrix, withJacobian: true)
            } catch {
                outcome.failure = error.description
                return outcome
            }
            for i in 0..<n where differential[i] {
                residual[i] += x[i] - base[i]
                lu.matrix[i, i] += 1
            }
            do {
                try lu.factorise()
                try lu.solve(&residual)
            } catch {
                outcome.failure = "Newton linear solve: \(error)"
                return outcome
            }
            var fraction = 1.0
            for _ in 0..<40 {
                for i in 0..<n { trial[i] = x[i] - fraction * residual[i] }
                if system.isInsideDomain(trial) { break }
                fraction *= 0.5
            }
            guard system.isInsideDomain(trial) else {
                outcome.failure = "Newton update leaves the native filling domain"
                return outcome
            }
            if fraction < 1 { outcome.damped += 1 }
            var converged = fraction == 1
            var largest = 0.0
            for i in 0..<n {
                let d = abs(residual[i])  // the Newton step
                guard d.isFinite else {
                    outcome.failure = "Newton update is not finite"
                    return outcome
                }
                let limit = differential[i] ? tolerance : tolerance * max(1, abs(trial[i]))
                largest = max(largest, d / limit)
            }
            // Converged when the error left after this step, estimated from the contraction rate
            // ρ = |δ_m|/|δ_{m−1}| as ρ/(1 − ρ)·|δ_m| (Hairer & Wanner, Solving ODEs II, §IV.8), or
            // the step itself, is within the tolerance.
            let contraction = previousLargest.isFinite ? largest / previousLargest : .infinity
            if largest > 1 && !(contraction < 1 && largest * contraction / (1 - contraction) <= 1) { converged = false }
            x = trial
            if converged {
                for i in 0..<n where differential[i] && x[i] < 0 {
                    guard -x[i] <= 1e-6 * tolerance * largest else {
                        outcome.failure = "Newton converged to a negative ion fraction \(x[i]) in row \(i)"
                        return outcome
                    }
                    x[i] = 0
                    outcome.projected += 1
                }
                outcome.state = x
                return outcome
            }
            previousLargest = largest
        }
        outcome.failure = "Newton did not converge in \(options.maximumNewtonIterations) iterations"
        return outcome
    }

    /// The rate f(x) on the differential rows (0 on the algebraic rows).
    func rate(_ x: [Double]) throws(CAITError) -> [Double] {
        var r = [Double](repeating: 0, count: n)
        try system.assemble(x, scale: 1, residual: &r, jacobian: &lu.matrix, withJacobian: false)
        for i in 0..<n { r[i] = differential[i] ? -r[i] : 0 }
        return r
    }

    // MARK: One TR-BDF2 step

    struct StepOutcome {
        var state: [Double]?
        /// x* at t_n + γk.
        var stage: [Double] = []
        /// f_{n+1} from the BDF2 stage equation.
        var rate: [Double] = []
        /// Filtered local error estimate, max over the fractions relative to the tolerance (0 if not estimated).
        var errorRatio = 0.0
        /// Boundary flows N = J_in − J_out per species at the stage and the end (for the ledger).
        var stageFlows: [(inflow: Double, outflow: Double)] = []
        var endFlows: [(inflow: Double, outflow: Double)] = []
        var iterations = 0
        var damped = 0
        var projected = 0
        var failure = ""
    }

    /// The Lagrange polynomial through `points` (times relative to any origin) evaluated at `t`.
    static func extrapolate(_ points: [(time: Double, state: [Double])], to t: Double) -> [Double] {
        var result = [Double](repeating: 0, count: points[0].state.count)
        for (j, p) in points.enumerated() {
            var weight = 1.0
            for (m, q) in points.enumerated() where m != j { weight *= (t - q.time) / (p.time - q.time) }
            for i in result.indices { result[i] += weight * p.state[i] }
        }
        return result
    }

    /// One step of length k from x_n (at time 0 of `history`'s clock) with rate f_n. The Newton
    /// predictors extrapolate the last states: `history` holds up to two earlier points (times
    /// < 0) — the previous step's stage and start — and the stage-2 predictor also uses x*.
    func step(from x: [Double], rate f: [Double], size k: Double, history: [(time: Double, state: [Double])],
              estimateError: Bool, newtonTolerance: Double) -> StepOutcome {
        var outcome = StepOutcome()
        let h = Self.theta * k
        var base = [Double](repeating: 0, count: n)
        for i in 0..<n { base[i] = differential[i] ? x[i] + h * f[i] : 0 }
        let points = history + [(time: 0.0, state: x)]
        let guess = Self.extrapolate(points, to: Self.gamma * k)
        /// Solves one stage, adds its Newton counts to `outcome`, and returns the state and its rate.
        func solve(guess: [Double]) -> (state: [Double], rate: [Double])? {
            let result = solveStage(base: base, scale: h, guess: guess, tolerance: newtonTolerance)
            outcome.iterations += result.iterations
            outcome.projected += result.projected
            outcome.damped += result.damped
            guard let state = result.state else { outcome.failure = result.failure; return nil }
            var rate = [Double](repeating: 0, count: n)
            for i in 0..<n where differential[i] { rate[i] = (state[i] - base[i]) / h }
            return (state, rate)
        }
        guard let (stage, stageRate) = solve(guess: guess) else { return outcome }
        for i in 0..<n { base[i] = differential[i] ? Self.a * stage[i] - Self.b * x[i] : 0 }
        let secondPoints = Array((points + [(time: Self.gamma * k, state: stage)]).suffix(3))
        guard let (end, endRate) = solve(guess: Self.extrapolate(secondPoints, to: k)) else { return outcome }

        do {
            outcome.stageFlows = try system.boundaryFluxes(stage)
            outcome.endFlows = try system.boundaryFluxes(end)
        } catch {
            outcome.failure = error.description
            return outcome
        }
        if estimateError {
            let g = Self.gamma
            var tau = [Double](repeating: 0, count: n)
            for i in 0..<n where differential[i] {
                tau[i] = 2 * Self.errorConstant * k * (f[i] / g - stageRate[i] / (g * (1 - g)) + endRate[i] / (1 - g))
            }
            do { try lu.solve(&tau) } catch {
                outcome.failure = "error filter: \(error)"
                return outcome
            }
            var worst = 0.0
            for i in 0..<n where differential[i] { worst = max(worst, abs(tau[i])) }
            outcome.errorRatio = worst / options.errorTolerance
        }
        outcome.state = end
        outcome.stage = stage
        outcome.rate = endRate
        return outcome
    }

    // MARK: The run

    /// Integrates from the system's initial state (its algebraic rows made consistent first) to
    /// `duration` and returns the profiles at `outputTimes` (landed on exactly).
    func run(duration: Double, outputTimes: [Double]) throws(CAITError) -> NernstPlanckPoissonSolution {
        try CAITError.requirePositive("duration", duration, unit: "s")
        for t in outputTimes {
            try CAITError.require("output time", t, in: 0...duration, accepted: "0 … \(duration) s")
        }
        let outputs = Array(Set(outputTimes)).sorted()
        var diagnostics = SolverDiagnostics()
        let initial = system.initialState()
        let consistent = solveStage(base: initial, scale: 0, guess: initial, tolerance: options.newtonTolerance)
        guard var state = consistent.state else {
            throw .timeStepFailure(time: 0, step: 0, reason: "initial potential: \(consistent.failure)")
        }
        var f = try rate(state)
        var flows = try system.boundaryFluxes(state)
        let species = system.speciesCount
        var ledger = [Double](repeating: 0, count: species), dose = ledger, roundOff = ledger

        var profiles: [DepthProfile] = []
        var time = 0.0
        var nextOutput = 0
        while nextOutput < outputs.count, outputs[nextOutput] == 0 {
            profiles.append(system.profile(state, time: 0)); nextOutput += 1
        }
        var step: Double
        var prescribedIndex = 0
        switch options.stepControl {
        case let .adaptive(initial, maximum): step = min(initial, maximum)
        case let .prescribed(steps): step = steps[0]
        }
        let adaptive: Bool
        if case .adaptive = options.stepControl { adaptive = true } else { adaptive = false }
        var pending: [Double] = []  // sub-steps left after a failed prescribed step
        /// The last step's start and stage, times relative to the current state.
        var history: [(time: Double, state: [Double])] = []
        while time < duration * (1 - 1e-14) {
            let stop = nextOutput < outputs.count ? outputs[nextOutput] : duration
            var trial = pending.last ?? step
            let landsOnStop = time + trial >= stop * (1 - 1e-12)
            if landsOnStop { trial = stop - time }
            guard diagnostics.acceptedSteps + diagnostics.rejectedSteps < options.maximumSteps else {
                throw .timeStepFailure(time: time, step: trial,
                                       reason: "no end after \(options.maximumSteps) steps (\(diagnostics.rejectedSteps) rejected): "
                                           + "the step control stalls for these parameters")
            }
            // The step, solved again with a tighter Newton tolerance while its ion balance fails.
            var newtonTolerance = options.newtonTolerance
            var attempt: StepOutcome
            var newLedger: [Double], newDose: [Double], newRoundOff: [Double]
            while true {
                attempt = self.step(from: state, rate: f, size: trial, history: history, estimateError: adaptive,
                                    newtonTolerance: newtonTolerance)
                diagnostics.newtonIterations += attempt.iterations
                diagnostics.roundOffProjections += attempt.projected
                diagnostics.dampedNewtonSteps += attempt.damped
                (newLedger, newDose, newRoundOff) = (ledger, dose, roundOff)
                guard let next = attempt.state else { break }
                let changes = system.contentChanges(from: state, to: next)
                let h = Self.theta * trial
                var balanced = true
                for s in 0..<species {
                    let (i0, o0) = flows[s], (i1, o1) = attempt.stageFlows[s], (i2, o2) = attempt.endFlows[s]
                    let transported = h * (Self.a * ((i0 - o0) + (i1 - o1)) + (i2 - o2))
                    newLedger[s] += changes[s].change - transported
                    newDose[s] += h * (Self.a * (abs(i0) + abs(o0) + abs(i1) + abs(o1)) + abs(i2) + abs(o2))
                    newRoundOff[s] += changes[s].roundOff
                    if balanced && abs(newLedger[s]) > options.ionBalanceTolerance * newDose[s] + newRoundOff[s] {
                        balanced = false
                        attempt.failure = "ion balance of species \(s + 1) violated: |Δcontent − (in − out)| = "
                            + "\(abs(newLedger[s])) m·n_b against a dose of \(newDose[s]) m·n_b"
                    }
                }
                if balanced { break }
                guard newtonTolerance > Self.finestNewtonTolerance else { attempt.state = nil; break }
                newtonTolerance = max(newtonTolerance * 1e-3, Self.finestNewtonTolerance)
                diagnostics.ledgerRefinements += 1
            }
            guard let next = attempt.state, attempt.errorRatio <= 1 else {
                diagnostics.rejectedSteps += 1
                let reduced: Double
                if case .prescribed = options.stepControl {
                    if !pending.isEmpty { pending.removeLast() }
                    pending.append(contentsOf: [trial / 2, trial / 2])
                    reduced = trial / 2
                } else if attempt.state == nil {
                    step = trial / 4
                    reduced = step
                } else {
                    step = trial * max(0.2, 0.9 * pow(attempt.errorRatio, -1.0 / 3))
                    reduced = step
                }
                guard reduced >= options.minimumStep else {
                    throw .timeStepFailure(time: time, step: trial,
                                           reason: attempt.failure.isEmpty ? "local error above the tolerance" : attempt.failure)
                }
                continue
            }
            ledger = newLedger
            dose = newDose
            roundOff = newRoundOff
            diagnostics.acceptedSteps += 1
            diagnostics.stepSizes.append(trial)
            history = [(time: -trial, state: state), (time: (Self.gamma - 1) * trial, state: attempt.stage)]
            state = next
            f = attempt.rate
            flows = attempt.endFlows
            time = landsOnStop ? stop : time + trial
            if landsOnStop, nextOutput < outputs.count, stop == outputs[nextOutput] {
                profiles.append(system.profile(state, time: time)); nextOutput += 1
            }
            switch options.stepControl {
            case let .adaptive(_, maximum):
                if !landsOnStop || trial >= step {
                    let factor = attempt.errorRatio > 0 ? min(2, max(0.2, 0.9 * pow(attempt.errorRatio, -1.0 / 3))) : 2
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
        for s in 0..<species where ledger[s] != 0 {
            diagnostics.maximumConservationResidual = max(diagnostics.maximumConservationResidual, abs(ledger[s]) / dose[s])
        }
        return NernstPlanckPoissonSolution(profiles: profiles, diagnostics: diagnostics)
    }
}
