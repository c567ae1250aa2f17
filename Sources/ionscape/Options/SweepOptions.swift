import ArgumentParser
import Foundation

/// `--resume`: continue an interrupted sweep from the realisations journaled in `--out`.
struct SweepOptions: ParsableArguments {
    @Flag(help: "Continue an interrupted sweep from the realisations already stored in --out.")
    var resume = false

    /// The journal for this sweep, or nil when no `--out` is given.
    func journal(output: OutputOptions, name: String, settings: Settings) throws -> SweepJournal? {
        guard let out = output.out else {
            if resume { throw InputError(name: "--resume", value: "set", accepted: "only together with --out DIR") }
            return nil
        }
        return try SweepJournal(path: "\(out)/.\(name).journal", parameters: Self.journalKey(settings), resume: resume)
    }

    /// The parameters a journal is valid for: every effective setting except the thread count,
    /// which does not change results.
    static func journalKey(_ settings: Settings) -> String {
        settings.effective.filter { $0.0 != "threads" }.sorted { $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }
}
