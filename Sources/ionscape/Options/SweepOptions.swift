import ArgumentParser
import Foundation

/// `--resume` and `--unit-times`: the journal of a sweep's work units and what each one cost.
struct SweepOptions: ParsableArguments {
    @Flag(help: "Continue an interrupted sweep from the realisations already stored in --out.")
    var resume = false

    @Option(help: ArgumentHelp("Also write the wall and CPU seconds and the rank of each work unit (composition point × realisation) computed in this run to this CSV file (default: none).",
                               valueName: "file"))
    var unitTimes: String?

    /// The journal for this sweep, or nil when no `--out` is given.
    func journal(output: OutputOptions, name: String, settings: Settings) throws -> SweepJournal? {
        guard let out = output.out else {
            if resume { throw InputError(name: "--resume", value: "set", accepted: "only together with --out DIR") }
            return nil
        }
        return try SweepJournal(path: "\(out)/.\(name).journal", parameters: Self.journalKey(settings), resume: resume)
    }

    /// Writes `--unit-times`, if asked for.
    func writeUnitTimes<Result>(_ outcome: UnitSweep<Result>.Outcome, names: [String]) throws {
        guard let unitTimes else { return }
        try AtomicFile.write(outcome.unitTimes(names: names).csv, to: unitTimes)
    }

    /// The parameters a journal is valid for: every effective setting except the thread count,
    /// which does not change results.
    static func journalKey(_ settings: Settings) -> String {
        settings.effective.filter { $0.0 != "threads" }.sorted { $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }
}
