import Landscape

/// Errors of the conductance network, the Kirchhoff solvers and the σ_dc / Arrhenius stages.
/// Each message names the input, its value and the accepted range.
public enum ConductivityError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidParameter(name: String, value: String, accepted: String)
    /// The landscape's occupation (μ(T), SPEC §4) could not be formed.
    case landscape(LandscapeError)
    /// A solver failed in a way the windowing and fall-back could not absorb.
    case solverFailure(String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, accepted):
            return "invalid \(name) = \(value); accepted: \(accepted)"
        case let .landscape(error):
            return error.description
        case let .solverFailure(message):
            return message
        }
    }
}
