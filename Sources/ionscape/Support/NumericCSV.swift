import Foundation
import SwiftCSV

/// A CSV file of numbers with named columns (header row), read with SwiftCSV.
/// Missing columns and unparsable cells are reported with the file's line number.
struct NumericCSV {
    let path: String
    /// Column name → values, in row order.
    let columns: [String: [Double]]
    /// The file line number of each data row (the header is line 1).
    let lineNumbers: [Int]

    /// The column names of the file's header row.
    static func header(path: String, what: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(name: what, value: path, accepted: "a readable CSV file")
        }
        let first = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        return first.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Reads the `required` columns, and those of `optional` that the header has.
    init(path: String, required: [String], optional: [String] = [], what: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(name: what, value: path, accepted: "a readable CSV file")
        }
        let csv: EnumeratedCSV
        do { csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false) } catch {
            throw InputError("\(path): not valid CSV: \(error)")
        }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
        for name in required where !header.contains(name) {
            throw InputError("\(path), line 1: missing column '\(name)' (\(what) needs columns \(required.joined(separator: ",")); found \(header.joined(separator: ",")))")
        }
        // Physical line of each record: SwiftCSV skips blank lines, so count them here.
        let physical = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.map { $0.offset + 1 }
        let wanted = required + optional.filter { header.contains($0) && !required.contains($0) }
        var out: [String: [Double]] = Dictionary(uniqueKeysWithValues: wanted.map { ($0, []) })
        var lines: [Int] = []
        for (k, row) in csv.rows.enumerated() {
            let line = k + 1 < physical.count ? physical[k + 1] : k + 2
            guard row.count == header.count else {
                throw InputError("\(path), line \(line): expected \(header.count) fields, found \(row.count)")
            }
            for name in wanted {
                let cell = row[header.firstIndex(of: name)!].trimmingCharacters(in: .whitespaces)
                guard let v = Double(cell), v.isFinite else {
                    throw InputError("\(path), line \(line): column '\(name)' holds '\(cell)', not a finite number")
                }
                out[name]!.append(v)
            }
            lines.append(line)
        }
        guard !lines.isEmpty else { throw InputError("\(path): no data rows after the header") }
        self.path = path
        self.columns = out
        self.lineNumbers = lines
    }
}
