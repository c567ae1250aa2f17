/// Time-step control of the implicit solver.
public enum TimeStepControl: Sendable, Equatable {
    /// Adaptive backward Euler: after each accepted step the next step is scaled by
    /// clamp(0.9·targetChange/maxChange, ½, 2), where maxChange is the largest change of any
    /// fraction n_i/n_b in the step, and is cut to ≤ 0.7× when Newton needed more than 6
    /// iterations; a failed Newton solve rejects the step and retries with a quarter of it.
    case adaptive(initialStep: Double = 1e-3, targetChange: Double = 0.05, maximumStep: Double = .infinity)
    /// Prescribed steps (s), taken in order until the end time (the last is shortened to land on
    /// it; if they run out the last one repeats). A step whose Newton solve fails is split into
    /// halves (counted as a rejection). Used for convergence studies and to freeze the step
    /// sequence in fits, so the model is a smooth function of its parameters.
    case prescribed([Double])
}

/// Newton and time-stepping settings.
public struct SolverOptions: Sendable, Equatable {
    public var stepControl: TimeStepControl
    /// Newton stops when the last full step changed every fraction by ≤ this and every potential
    /// by ≤ this·max(1, |ψ|) (ψ in thermal voltages). Newton converges quadratically, so the
    /// state's residual is then at round-off.
    public var newtonTolerance: Double
    public var maximumNewtonIterations: Int
    /// The smallest step before the solver gives up, s.
    public var minimumStep: Double

    public init(stepControl: TimeStepControl = .adaptive(), newtonTolerance: Double = 1e-8,
                maximumNewtonIterations: Int = 15, minimumStep: Double = 1e-12) {
        self.stepControl = stepControl
        self.newtonTolerance = newtonTolerance
        self.maximumNewtonIterations = maximumNewtonIterations
        self.minimumStep = minimumStep
    }
}

/// Profiles at one time (SPEC §9 outputs).
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
    /// max over accepted steps and species of |ΔC_i − Δt·(J_in − J_out)| / (n_b·d): ions in − ions
    /// out against the change in content, relative to the background content of the sample.
    public var maximumConservationResidual = 0.0
    /// The accepted step sizes in order, s.
    public var stepSizes: [Double] = []
}

/// Output of a run: the requested profiles and the diagnostics.
public struct NernstPlanckPoissonSolution: Sendable {
    public let profiles: [DepthProfile]
    public let diagnostics: SolverDiagnostics
}
