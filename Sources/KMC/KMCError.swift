/// Errors of kinetic Monte Carlo runs: each names the input, its value and the accepted range.
/// (A configuration in which no hop is possible is a result, not an error: `KMCRunResult.frozenAfterHops`.)
public enum KMCError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidParameter(name: String, value: String, accepted: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, accepted):
            return "invalid \(name) = \(value); accepted: \(accepted)"
        }
    }
}
