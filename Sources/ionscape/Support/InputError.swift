/// Bad command-line or file input. The front end exits with status 2 for these (docs/model.md §12).
struct InputError: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) { description = message }

    /// "invalid NAME = VALUE; accepted: RANGE", the shape every input error takes.
    init(name: String, value: String, accepted: String) {
        description = "invalid \(name) = \(value); accepted: \(accepted)"
    }
}

/// A computation that failed on valid input. The front end exits with status 1 (docs/model.md §12).
struct ComputationError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
