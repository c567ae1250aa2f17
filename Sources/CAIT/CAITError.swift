/// Failures of the CAIT model. Every case names the offending input, its value and the
/// accepted range, so the front end can print it unchanged.
public enum CAITError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A user input outside its accepted range.
    case invalidParameter(name: String, value: String, accepted: String)
    /// A native filling outside the domain of the filling map (0 < n/n_b < 1/(1 − f_v)).
    case fillingOutOfDomain(fraction: Double, upperLimit: Double)
    /// The time stepper could not make progress (Newton failed down to the smallest step).
    case timeStepFailure(time: Double, step: Double, reason: String)
    /// A linear solve failed (singular Jacobian and the like).
    case linearSolve(String)
    /// A profile analysis or fit could not be carried out on the given data.
    case analysis(String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, accepted):
            return "invalid \(name) = \(value); accepted: \(accepted)"
        case let .fillingOutOfDomain(fraction, upper):
            return "native filling n/n_b = \(fraction) is outside the filling map's domain; accepted: 0 < n/n_b < \(upper)"
        case let .timeStepFailure(time, step, reason):
            return "time stepping failed at t = \(time) s with step \(step) s: \(reason)"
        case let .linearSolve(message):
            return "linear solve failed: \(message)"
        case let .analysis(message):
            return message
        }
    }

    /// Throws `.invalidParameter` unless `value` is finite and inside `range`.
    static func require(_ name: String, _ value: Double, in range: ClosedRange<Double>, accepted: String) throws(CAITError) {
        guard value.isFinite, range.contains(value) else {
            throw .invalidParameter(name: name, value: "\(value)", accepted: accepted)
        }
    }

    /// Throws `.invalidParameter` unless `value` is finite and strictly positive.
    static func requirePositive(_ name: String, _ value: Double, unit: String = "") throws(CAITError) {
        guard value.isFinite, value > 0 else {
            throw .invalidParameter(name: name, value: "\(value)\(unit.isEmpty ? "" : " " + unit)",
                                    accepted: "finite and > 0\(unit.isEmpty ? "" : " " + unit)")
        }
    }
}
