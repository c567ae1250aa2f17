/// Errors of the MPI layer. Each names the call or variable that failed, so a message can say
/// which rank and what went wrong.
public enum MPIError: Error, Equatable, CustomStringConvertible {
    /// A launcher variable that is not a rank or size (`name` = `value`).
    case launchEnvironment(name: String, value: String)
    /// `MPI_Init_thread` failed or was called after `MPI_Finalize`.
    case initialisation(String)
    /// The MPI library gives less thread support than the caller needs.
    case threadSupport(provided: ThreadLevel, required: ThreadLevel)
    /// An MPI call returned an error code (with `MPI_ERRORS_RETURN` set on the communicator).
    case call(function: String, code: Int32, message: String)

    public var description: String {
        switch self {
        case let .launchEnvironment(name, value):
            return "launcher variable \(name) = \(value) is not a valid rank or size (expected an integer, rank < size)"
        case let .initialisation(message):
            return "MPI initialisation failed: \(message)"
        case let .threadSupport(provided, required):
            return "the MPI library provides thread level \(provided), \(required) is needed"
        case let .call(function, code, message):
            return "\(function) failed with MPI error \(code): \(message)"
        }
    }
}

/// MPI's thread-support levels (MPI-3.1 §12.4.3), weakest first.
public enum ThreadLevel: Int, Comparable, Sendable, CustomStringConvertible {
    case single, funneled, serialized, multiple

    public static func < (a: ThreadLevel, b: ThreadLevel) -> Bool { a.rawValue < b.rawValue }

    /// Throws `MPIError.threadSupport` unless `provided` ≥ `required`.
    public static func require(_ required: ThreadLevel, provided: ThreadLevel) throws(MPIError) {
        guard provided >= required else { throw .threadSupport(provided: provided, required: required) }
    }

    public var description: String {
        switch self {
        case .single: "MPI_THREAD_SINGLE"
        case .funneled: "MPI_THREAD_FUNNELED"
        case .serialized: "MPI_THREAD_SERIALIZED"
        case .multiple: "MPI_THREAD_MULTIPLE"
        }
    }
}
