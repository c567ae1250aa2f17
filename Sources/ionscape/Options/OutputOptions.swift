import ArgumentParser
import Foundation

/// `--format`, `--out`, `--quiet`.
struct OutputOptions: ParsableArguments {
    @Option(help: "stdout format: table|csv|json (default: table on a terminal, csv otherwise).")
    var format: String?

    @Option(help: "Also write files (CSV, JSON run record, plots) into this directory (created if missing; default: none).")
    var out: String?

    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func resolvedFormat() throws -> OutputFormat {
        guard let format else { return isatty(STDOUT_FILENO) == 1 ? .table : .csv }
        guard let f = OutputFormat(rawValue: format) else {
            throw InputError(name: "--format", value: format, accepted: "table, csv or json")
        }
        return f
    }

    /// Checks, before any computation, that `--format` is known and that `--out` can be
    /// created and written (`OutputDirectory`), so that a long run cannot fail at its end.
    func check() throws {
        _ = try resolvedFormat()
        if let out { try OutputDirectory.prepare(out, option: "--out") }
    }

    /// Prints `table` on stdout and, with `--out`, writes `<name>.csv`, the figure (when given)
    /// as `<name>.png` and `<name>.svg`, and last the run record `<name>.json`, whose timing
    /// then covers the whole run.
    func emit(_ table: ResultTable, name: String, record: RunRecord, figure: GnuplotFigure? = nil) throws {
        try table.requireFinite()
        print(try table.rendered(as: resolvedFormat()), terminator: "")
        guard let out else { return }
        try table.write(to: "\(out)/\(name).csv")
        try figure?.render(stem: name, in: out)
        try record.write(to: "\(out)/\(name).json", results: table)
    }
}
