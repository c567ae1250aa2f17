/// Errors of the conductance network, the Kirchhoff solvers and the σ_dc / Arrhenius stages.
/// Each message names the input, its value and the accepted range.
public enum ConductivityError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidParameter(name: String, value: String, accepted: String)
    /// A solver failed in a way the windowing and fall-back could not absorb.
    case solverFailure(String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, accepted):
            return "invalid \(name) = \(value); accepted: \(accepted)"
        case let .solverFailure(message):
            return message
        }
    }
}
