import Foundation
import Testing

/// Run records time the whole run, whichever path writes them; output locations that cannot
/// be written are bad input, found before the computation.
@Suite struct RunRecordTests {
    /// (started, wall_seconds) of a run record.
    static func timing(_ url: URL) throws -> (started: Date, wall: Double) {
        let object = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let timing = try #require(object["timing"] as? [String: Any])
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let started = try #require((timing["started"] as? String).flatMap { formatter.date(from: $0) })
        return (started, try #require(timing["wall_seconds"] as? Double))
    }

    /// The record's start lies between launching the process and its first instructions, and
    /// its wall time covers the run: within `slack` of what the test measured around it. The
    /// slack is process start-up and exit (tens of ms for this binary; 0.75 s leaves margin for
    /// a machine loaded by the parallel test suite), below the run's length (> 1 s), so a start
    /// taken after the computation (the old fault) fails.
    static func expectTrue(_ record: URL, launched: Date, exited: Date, slack: Double = 0.75) throws {
        let (started, wall) = try timing(record)
        let elapsed = exited.timeIntervalSince(launched)
        // ISO 8601 with milliseconds: 1 ms of rounding.
        #expect(started.timeIntervalSince(launched) >= -0.001, "started \(started) before the launch \(launched)")
        #expect(started.timeIntervalSince(launched) <= slack, "started \(started) long after the launch \(launched)")
        #expect(wall <= elapsed + 0.001 && wall >= elapsed - slack, "wall \(wall) s for a run of \(elapsed) s")
    }

    static let sweep = ["ea", "--x", "0:1:0.25", "--size", "36", "--realizations", "6", "--format", "csv", "--quiet"]

    @Test func plainRunRecordsTheWholeRun() throws {
        let dir = try CLI.temporaryDirectory()
        let launched = Date()
        let r = try CLI.run(Self.sweep + ["--out", dir.path])
        let exited = Date()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(exited.timeIntervalSince(launched) > 1, "the run is too short to test the timing")
        try Self.expectTrue(dir.appendingPathComponent("ea.json"), launched: launched, exited: exited)
    }

    /// A resumed run times itself (the journal supplies realisations, the record this run's time).
    @Test func resumedRunRecordsItsOwnTime() throws {
        let dir = try CLI.temporaryDirectory()
        let first = try CLI.run(Self.sweep + ["--out", dir.path])
        #expect(first.status == 0)
        // Drop the journal's second half, so the resumed run computes part of the sweep again.
        let journal = dir.appendingPathComponent(".ea.journal")
        let lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n")
        try (lines.prefix(1 + (lines.count - 1) / 2).joined(separator: "\n") + "\n").write(to: journal, atomically: true, encoding: .utf8)
        let launched = Date()
        let r = try CLI.run(Self.sweep + ["--out", dir.path, "--resume"])
        let exited = Date()
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == first.stdout)
        try Self.expectTrue(dir.appendingPathComponent("ea.json"), launched: launched, exited: exited)
    }

    /// --out at an existing file, under a file, or where nothing can be created: exit 2 before
    /// computing, with a plain message naming --out (no Foundation error dump).
    @Test func unwritableOutputIsBadInput() throws {
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("plain.txt")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        for out in [file.path, file.path + "/sub", "/proc/ionscape-no-such-dir"] {
            let r = try CLI.run(["ea", "--x", "0", "--size", "8", "--realizations", "1", "--out", out])
            #expect(r.status == 2, "--out \(out): status \(r.status), \(r.stderr)")
            #expect(r.stderr.contains("--out") && r.stderr.contains(out), "\(r.stderr)")
            #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("Error Domain"), "\(r.stderr)")
            #expect(r.stdout.isEmpty)
        }
        let h = try CLI.run(["landscape", "--size", "8", "--histogram", dir.path])
        #expect(h.status == 2 && h.stderr.contains("--histogram"), "\(h.stderr)")
        let device = try CLI.run(["landscape", "--size", "8", "--histogram", "/dev/null"])
        #expect(device.status == 2, "an atomic write must never replace a device: \(device.stderr)")
    }

    @Test func versionCommand() throws {
        let r = try CLI.run(["version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("ionscape ") && r.stdout.contains("cholmod") && r.stdout.contains("openblas"))
    }
}
