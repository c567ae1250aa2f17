/// A caller's judgement of an iterative solver's trial solution (`FactorisationBackend`'s
/// iterative path, `HypreCG`): accept it, or reject it with `excess`, the ratio of the caller's
/// error measure to its tolerance (> 1). The measure is taken to be quadratic in the iterate's
/// error, as a variational bracket is; the solver uses it to schedule the next trial.
public enum TrialVerdict: Sendable, Equatable {
    case accept
    case reject(excess: Double)

    public var isAccepted: Bool { self == .accept }
}
