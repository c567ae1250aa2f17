/// Errors raised by landscape construction and occupation. Each names the input,
/// its value and the accepted range.
public enum LandscapeError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidParameter(name: String, value: String, accepted: String)
    case infeasible(String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, accepted):
            return "invalid \(name) = \(value); accepted: \(accepted)"
        case let .infeasible(message):
            return message
        }
    }
}
