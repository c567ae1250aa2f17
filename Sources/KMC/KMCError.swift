/// Errors of kinetic Monte Carlo runs. Each names the input, its value and the accepted range,
/// or says what made the run impossible.
public enum KMCError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidParameter(name: String, value: String, accepted: String)
    /// No hop is possible: every exit rate of every ion is zero (no vacancy next to any ion,
    /// or all rates underflow at this temperature).
    case frozen(String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, accepted):
            return "invalid \(name) = \(value); accepted: \(accepted)"
        case let .frozen(message):
            return message
        }
    }
}
