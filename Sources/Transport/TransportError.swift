/// Errors raised by the transport stages. Each names the input, its value and the accepted range.
public enum TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidParameter(name: String, value: String, accepted: String)
    /// No cluster of accessible sites joins plane x = 0 to plane x = N_L − 1, even with every link present.
    case noSpanningCluster(String)
    /// A computation failed in a way its own fall-backs could not absorb (e.g. μ(T) did not
    /// converge, or a Kirchhoff solver failed).
    case computationFailed(String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, accepted):
            return "invalid \(name) = \(value); accepted: \(accepted)"
        case let .noSpanningCluster(message), let .computationFailed(message):
            return message
        }
    }
}
