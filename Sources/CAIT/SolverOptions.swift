/// Time-step control of the TR-BDF2 integrator.
public enum TimeStepControl: Sendable, Equatable {
    /// Local error control: a step is accepted when its estimated local error in every fraction
    /// n_i/n_b is ≤ `SolverOptions.errorTolerance`, and the next step is scaled by
    /// clamp(0.9·(tolerance/error)^{1/3}, 0.2, 2); a failed Newton solve or ion balance rejects the
    /// step and retries with a quarter of it.
    case adaptive(initialStep: Double = 1e-3, maximumStep: Double = .infinity)
    /// Prescribed steps (s), taken in order until the end time (the last is shortened to land on
    /// it; if they run out the last one repeats). A step whose Newton solve fails is split into
    /// halves (counted as a rejection). Used for convergence studies and to freeze the step
    /// sequence in fits, so the model is a smooth function of its parameters.
    case prescribed([Double])
}

/// Newton and time-stepping settings.
public struct SolverOptions: Sendable, Equatable {
    public var stepControl: TimeStepControl
    /// Largest local error per step in any fraction n_i/n_b (adaptive stepping). TR-BDF2 is second
    /// order, so the error of a profile falls about 10^{2/3} ≈ 4.6-fold per tenfold tighter tolerance.
    public var errorTolerance: Double
    /// Newton stops when the last full step changed every fraction by ≤ this and every potential
    /// by ≤ this·max(1, |ψ|) (ψ in thermal voltages). Newton converges quadratically, so the
    /// state's residual is then at round-off.
    public var newtonTolerance: Double
    public var maximumNewtonIterations: Int
    /// The smallest step before the solver gives up, s.
    public var minimumStep: Double
    /// Largest ion-balance residual of the run relative to its dose (`SolverDiagnostics.
    /// maximumConservationResidual`), enforced at every step by solving a failing step again with a
    /// tighter Newton tolerance, then by rejecting it.
    public var ionBalanceTolerance: Double
    /// The most steps (accepted and rejected) before the solver gives up with a message that says
    /// so, rather than run for hours on parameters whose stiffness stalls the step control (e.g.
    /// D_bulk ≳ 1e-9 m²/s against D_foreign ≲ 1e-19 m²/s; docs/cait.md, "Step budget").
    public var maximumSteps: Int

    public init(stepControl: TimeStepControl = .adaptive(), errorTolerance: Double = 1e-3, newtonTolerance: Double = 1e-8,
                maximumNewtonIterations: Int = 15, minimumStep: Double = 1e-12, ionBalanceTolerance: Double = 1e-9,
                maximumSteps: Int = 5_000) {
        self.stepControl = stepControl
        self.errorTolerance = errorTolerance
        self.newtonTolerance = newtonTolerance
        self.maximumNewtonIterations = maximumNewtonIterations
        self.minimumStep = minimumStep
        self.ionBalanceTolerance = ionBalanceTolerance
        self.maximumSteps = maximumSteps
    }

    /// Throws `.invalidParameter` for a setting outside its accepted range.
    func validate() throws(CAITError) {
        try CAITError.requirePositive("Newton tolerance", newtonTolerance)
        guard maximumNewtonIterations >= 1 else {
            throw .invalidParameter(name: "maximum Newton iterations", value: "\(maximumNewtonIterations)", accepted: "≥ 1")
        }
        try CAITError.requirePositive("minimum step", minimumStep, unit: "s")
        try CAITError.require("ion balance tolerance", ionBalanceTolerance, in: 1e-14...1e-2, accepted: "1e-14 … 1e-2")
        guard maximumSteps >= 1 else {
            throw .invalidParameter(name: "maximum steps", value: "\(maximumSteps)", accepted: "≥ 1")
        }
        switch stepControl {
        case let .adaptive(initial, maximum):
            try CAITError.requirePositive("initial step", initial, unit: "s")
            try CAITError.require("local error tolerance", errorTolerance, in: 1e-12...0.5, accepted: "1e-12 … 0.5")
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
    }
}

/// Profiles at one time (docs/model.md §9 outputs).
public struct DepthProfile: Sendable, Equatable {
    /// t in s.
    public let time: Double
    /// Cell-centre depths in m.
    public let depth: [Double]
    /// n1/n_b.
    public let nativeFraction: [Double]
    /// n2/n_b.
    public let foreignFraction: [Double]
    /// φ in V.
    public let potential: [Double]
}

/// What the solver did (issue 6 diagnostics).
public struct SolverDiagnostics: Sendable, Equatable {
    public var acceptedSteps = 0
    public var rejectedSteps = 0
    public var newtonIterations = 0
    /// Newton steps that had to be shortened to keep the native filling in its domain.
    public var dampedNewtonSteps = 0
    /// Converged fractions that came out negative by round-off of the linear solve (below 1e-6 of
    /// the last Newton step, where the exact discrete solution is ≥ 0) and were set to 0.
    public var roundOffProjections = 0
    /// Ion balance of the run: max over the species of |C_i(t) − C_i(0) − ∫(J_in − J_out) dt| at the
    /// end, relative to the dose ∫(|J_in| + |J_out|) dt (the ions that crossed the boundaries). During
    /// the run a step that would push it above `SolverOptions.ionBalanceTolerance` (plus the round-off
    /// of the stored fractions) is solved again with a tighter Newton tolerance, and rejected only
    /// when that cannot help.
    public var maximumConservationResidual = 0.0
    /// Steps solved again with a 1000× tighter Newton tolerance because their ion balance failed.
    public var ledgerRefinements = 0
    /// The accepted step sizes in order, s.
    public var stepSizes: [Double] = []
}

/// Output of a run: the requested profiles and the diagnostics.
public struct NernstPlanckPoissonSolution: Sendable {
    public let profiles: [DepthProfile]
    public let diagnostics: SolverDiagnostics
}
