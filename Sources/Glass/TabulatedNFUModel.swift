import Foundation

/// One row of a table of measured NFU fractions (e.g. MAS-NMR) at composition (x, y).
public struct NFUTableRow: Sendable, Hashable {
    public let x: Double
    public let y: Double
    public let fractions: NFUFractions

    public init(x: Double, y: Double, fractions: NFUFractions) {
        self.x = x
        self.y = y
        self.fractions = fractions
    }
}

/// NFU fractions given as a table (docs/model.md §2), e.g. measured by MAS-NMR.
///
/// Validation on construction, row by row: x and y inside the docs/model.md §1 ranges, every
/// fraction ≥ 0, B4 + B3 + B2 = x, P3 + P2 + P1 + P0 = 1 − x and the charge balance
/// B4 + B2 + P2 + 2P1 + 3P0 = r = y/(1−y), each within `tolerance` (1e-6); no two rows at the
/// same (x, y). A failing table is rejected, never renormalised.
///
/// Lookup: among the rows at the composition's y, a row at the same x is returned as is.
/// Between two tabulated x at that y the fractions are interpolated linearly in x. This keeps
/// every docs/model.md §2 condition exactly: the group sums are linear in x, and both rows share the
/// same r. Outside the tabulated x range, or at an untabulated y, lookup fails
/// (`GlassError.notTabulated`); there is no extrapolation.
public struct TabulatedNFUModel: NFUModel {
    /// Rows sorted by y, then x.
    public let rows: [NFUTableRow]

    /// Two compositions are the same point when x and y differ by at most this. Table values
    /// come from decimal text, and the same decimal always parses to the same Double, so
    /// any tolerance above rounding works; 1e-9 also absorbs a value recomputed as e.g. 1 − x.
    public static let matchTolerance = 1e-9

    public init(rows: [NFUTableRow], tolerance: Double = 1e-6) throws(GlassError) {
        guard !rows.isEmpty else { throw .invalidTable(row: 0, reason: "the table has no rows") }
        for (n, row) in rows.enumerated() {
            guard Composition.borateRange.contains(row.x) else {
                throw .invalidTable(row: n + 1, reason: "x = \(row.x) is outside 0 ≤ x ≤ 1")
            }
            guard Composition.alkaliRange.contains(row.y) else {
                throw .invalidTable(row: n + 1, reason: "y = \(row.y) is outside 0.30 ≤ y ≤ 0.60")
            }
            if let problem = row.fractions.violation(x: row.x, r: row.y / (1 - row.y), tolerance: tolerance) {
                throw .invalidTable(row: n + 1, reason: "at x = \(row.x), y = \(row.y): \(problem)")
            }
            if let m = rows[..<n].firstIndex(where: {
                abs($0.x - row.x) <= Self.matchTolerance && abs($0.y - row.y) <= Self.matchTolerance
            }) {
                throw .invalidTable(row: n + 1, reason: "x = \(row.x), y = \(row.y) repeats row \(m + 1)")
            }
        }
        self.rows = rows.sorted { ($0.y, $0.x) < ($1.y, $1.x) }
    }

    public func fractions(for composition: Composition) throws(GlassError) -> NFUFractions {
        let series = rows.filter { abs($0.y - composition.y) <= Self.matchTolerance }
        guard let first = series.first, let last = series.last else {
            let ys = Set(rows.map(\.y)).sorted().map { "\($0)" }.joined(separator: ", ")
            throw .notTabulated(name: "y", value: composition.y, accepted: "y ∈ {\(ys)}")
        }
        let x = composition.x
        if let exact = series.first(where: { abs($0.x - x) <= Self.matchTolerance }) {
            return exact.fractions
        }
        guard x > first.x && x < last.x,
              let upper = series.firstIndex(where: { $0.x > x }) else {
            throw .notTabulated(name: "x", value: x,
                                accepted: "\(first.x) ≤ x ≤ \(last.x) at y = \(first.y) (no extrapolation)")
        }
        let lo = series[upper - 1], hi = series[upper]
        let w = (x - lo.x) / (hi.x - lo.x)
        let mixed = zip(lo.fractions.values, hi.fractions.values).map { (1 - w) * $0 + w * $1 }
        return NFUFractions(mixed)!
    }
}

extension TabulatedNFUModel {
    /// Builds a table from text records, e.g. the fields of a CSV file read by the front end.
    /// `header` names the columns: `x`, `y` and the seven units `B4,B3,B2,P3,P2,P1,P0`, in any
    /// order and case; other columns are ignored. Unparseable fields are rejected by row and column.
    public init(header: [String], records: [[String]], tolerance: Double = 1e-6) throws(GlassError) {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let wanted = ["x", "y"] + NetworkFormerUnit.allCases.map { $0.description.lowercased() }
        var columns: [Int] = []
        for name in wanted {
            guard let c = names.firstIndex(of: name) else {
                throw .invalidTable(row: 0, reason: "header lacks column '\(name)'; needed: x, y, B4, B3, B2, P3, P2, P1, P0")
            }
            columns.append(c)
        }
        var rows: [NFUTableRow] = []
        for (n, record) in records.enumerated() {
            var numbers: [Double] = []
            for (name, c) in zip(wanted, columns) {
                let field = c < record.count ? record[c].trimmingCharacters(in: .whitespaces) : ""
                guard let value = Double(field) else {
                    throw .invalidTable(row: n + 1, reason: "column '\(name)' holds '\(field)', not a number")
                }
                numbers.append(value)
            }
            rows.append(NFUTableRow(x: numbers[0], y: numbers[1], fractions: NFUFractions(Array(numbers[2...]))!))
        }
        try self.init(rows: rows, tolerance: tolerance)
    }
}
