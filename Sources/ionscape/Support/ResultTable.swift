import Foundation

/// One cell of a result table: numbers keep full precision in CSV/JSON.
enum Cell: Sendable {
    case number(Double)
    case integer(Int)
    case text(String)
    case flag(Bool)

    /// Round-trip text for CSV (shortest representation that parses back to the same Double).
    var csv: String {
        switch self {
        case let .number(v): return "\(v)"
        case let .integer(v): return "\(v)"
        case let .text(s): return s.contains(",") || s.contains("\"") ? "\"\(s.replacingOccurrences(of: "\"", with: "\"\""))\"" : s
        case let .flag(b): return b ? "true" : "false"
        }
    }

    /// Compact text for the terminal table.
    var display: String {
        switch self {
        case let .number(v):
            if v == 0 || (abs(v) >= 1e-3 && abs(v) < 1e5) { return String(format: "%.6g", v) }
            return String(format: "%.5e", v)
        case let .integer(v): return "\(v)"
        case let .text(s): return s
        case let .flag(b): return b ? "pass" : "FAIL"
        }
    }

    /// A positive quantity given by its log10, which may lie outside Double's range (σ at low
    /// temperature): the number itself where it is a normal Double, else its decimal text
    /// (17 significant digits, e.g. "3.2e-412"), so that no cell reads 0 or is left empty.
    static func positive(log10 value: Double) -> Cell {
        guard value.isFinite else { return value < 0 ? .number(0) : .text("") }
        let direct = Foundation.pow(10, value)
        if direct.isNormal && direct.isFinite { return .number(direct) }
        let exponent = value.rounded(.down)
        var mantissa = Foundation.pow(10, value - exponent)
        var power = Int(exponent)
        if mantissa >= 10 { mantissa /= 10; power += 1 }
        return .text("\(mantissa)e\(power)")
    }

    var json: Any {
        switch self {
        case let .number(v): return v.isFinite ? v as Any : NSNull()
        case let .integer(v): return v
        case let .text(s): return s
        case let .flag(b): return b
        }
    }
}

/// Output format of stdout (`--format`).
enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, json
}

/// A header row and data rows; rendered as CSV (no comment lines), an aligned table, or JSON.
struct ResultTable: Sendable {
    let columns: [String]
    private(set) var rows: [[Cell]] = []

    init(columns: [String]) { self.columns = columns }

    mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "row width must match the header")
        rows.append(row)
    }

    /// Throws a `ComputationError` when a number in the table is NaN or infinite: results never
    /// carry them (a quantity that is undefined is an empty cell, chosen by the command). Called
    /// before a table is printed or written.
    func requireFinite() throws {
        for row in rows {
            for (column, cell) in zip(columns, row) {
                if case let .number(v) = cell, !v.isFinite {
                    let what = v.isNaN ? "is undefined (not a number)" : (v > 0 ? "overflows" : "overflows negatively")
                    throw ComputationError("\(column) \(what) in the row of \(columns[0]) = \(row.first.map(\.csv) ?? ""): "
                                           + "these parameters take it outside the range of double precision")
                }
            }
        }
    }

    /// Writes the CSV atomically, after `requireFinite()`.
    func write(to path: String) throws {
        try requireFinite()
        try AtomicFile.write(csv, to: path)
    }

    var csv: String {
        ([columns.joined(separator: ",")] + rows.map { $0.map(\.csv).joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    var aligned: String {
        let cells = [columns] + rows.map { $0.map(\.display) }
        let widths = columns.indices.map { c in cells.map { $0[c].count }.max() ?? 0 }
        func line(_ r: [String]) -> String {
            zip(r, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(cells[0]), rule] + cells.dropFirst().map(line)).joined(separator: "\n") + "\n"
    }

    var jsonObject: [[String: Any]] {
        rows.map { row in Dictionary(uniqueKeysWithValues: zip(columns, row.map(\.json))) }
    }

    func rendered(as format: OutputFormat) throws -> String {
        switch format {
        case .csv: return csv
        case .table: return aligned
        case .json:
            let data = try JSONSerialization.data(withJSONObject: jsonObject, options: [.prettyPrinted, .sortedKeys])
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }
}
