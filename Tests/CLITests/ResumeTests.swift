import Foundation
import Testing

/// `--resume` after a kill mid-sweep gives the same final CSV as an uninterrupted run, byte for byte.
@Suite struct ResumeTests {
    @Test func resumedSweepIsByteIdentical() throws {
        let arguments = ["ea", "--x", "0:1:0.1", "--size", "40", "--realizations", "8", "--threads", "2",
                         "--format", "csv", "--quiet"]
        let complete = try CLI.temporaryDirectory(), interrupted = try CLI.temporaryDirectory()
        let reference = try CLI.run(arguments + ["--out", complete.path])
        #expect(reference.status == 0, "\(reference.stderr)")

        // Start the same sweep, kill it once some realisations are journaled but not all.
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments + ["--out", interrupted.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try CLI.launch(process)
        let journal = interrupted.appendingPathComponent(".ea.journal")
        let total = 11 * 8
        var stored = 0
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            stored = ((try? String(contentsOf: journal, encoding: .utf8)) ?? "").split(separator: "\n").count - 1
            if stored >= 5 { break }
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the sweep finished before it could be interrupted")
        #expect(stored >= 5 && stored < total)
        #expect(!FileManager.default.fileExists(atPath: interrupted.appendingPathComponent("ea.csv").path))

        let resumed = try CLI.run(arguments + ["--out", interrupted.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout == reference.stdout)
        let a = try Data(contentsOf: complete.appendingPathComponent("ea.csv"))
        let b = try Data(contentsOf: interrupted.appendingPathComponent("ea.csv"))
        #expect(a == b)
    }

    @Test func resumeWithOtherParametersIsRejected() throws {
        let dir = try CLI.temporaryDirectory()
        let first = try CLI.run(["ea", "--x", "0", "--size", "8", "--realizations", "2", "--quiet", "--out", dir.path])
        #expect(first.status == 0)
        let second = try CLI.run(["ea", "--x", "0", "--size", "9", "--realizations", "2", "--quiet", "--out", dir.path, "--resume"])
        #expect(second.status == 2)
        #expect(second.stderr.contains("--resume"))
    }
}
