/// Errors raised for glass compositions, NFU models and presets (docs/model.md §1, §2, §7).
/// Each message names the offending input, its value and what is accepted.
public enum GlassError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A number outside its accepted range, e.g. `y = 0.7` against `0.30 ≤ y ≤ 0.60`.
    case outOfRange(name: String, value: Double, accepted: String)
    /// The hierarchical model cannot place all network charge (docs/model.md §2, rule 4).
    case infeasibleComposition(x: Double, y: Double, leftoverCharge: Double)
    /// A table of NFU fractions failed validation; `row` counts from 1.
    case invalidTable(row: Int, reason: String)
    /// A composition the NFU table does not cover.
    case notTabulated(name: String, value: Double, accepted: String)
    /// A name that is not one of the accepted ones, e.g. `kind` = "preset" or "alkali".
    case unknownName(kind: String, name: String, accepted: [String])

    public var description: String {
        switch self {
        case let .outOfRange(name, value, accepted):
            return "\(name) = \(value) is out of range; accepted: \(accepted)"
        case let .infeasibleComposition(x, y, leftover):
            return "composition x = \(x), y = \(y) is infeasible in the hierarchical NFU model: "
                + "\(leftover) charges per network former are left after B4, phosphate and B2 formation "
                + "(docs/model.md §2, rule 4)"
        case let .invalidTable(row, reason):
            return "NFU table row \(row): \(reason)"
        case let .notTabulated(name, value, accepted):
            return "NFU table has no entry for \(name) = \(value); tabulated: \(accepted)"
        case let .unknownName(kind, name, accepted):
            return "unknown \(kind) '\(name)'; accepted: \(accepted.joined(separator: ", "))"
        }
    }
}
