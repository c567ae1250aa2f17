import Foundation
import Testing

/// A run that needs more memory than the machine allows is refused before it allocates:
/// exit 2, naming what it needs and what the machine has, instead of dying mid-run.
@Suite struct MemoryBudgetTests {
    /// Runs ionscape under an address-space limit of `kilobytes` (ulimit -v, i.e. RLIMIT_AS).
    private func runLimited(_ arguments: [String], kilobytes: Int) throws -> CLIResult {
        let quoted = ([CLI.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v \(kilobytes) && exec \(quoted)"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try CLI.launch(process)
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                         stderr: String(decoding: e, as: UTF8.self))
    }

    /// `landscape --size 1024` (1.07e9 sites, ~18 GB) under a 4 GB limit: refused at once.
    @Test func oversizedLandscapeIsRefused() throws {
        let r = try runLimited(["landscape", "--size", "1024", "--x", "0.5"], kilobytes: 4_000_000)
        #expect(r.status == 2, "status \(r.status): \(r.stderr.suffix(400))")
        #expect(r.stderr.contains("--size 1024") && r.stderr.contains("needs about") && r.stderr.contains("GB"), "\(r.stderr)")
        #expect(r.stderr.contains("RLIMIT_AS"), "the message names the limit it hit: \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// The estimate scales with the landscapes in work at once, and a run that fits goes ahead.
    @Test func estimateFollowsSizeAndThreads() throws {
        // E_a at N_L = 512 (1.3e8 sites × 30 B × 2 threads ≈ 8 GB) does not fit in 4 GB…
        let big = try runLimited(["ea", "--size", "512", "--realizations", "2", "--threads", "2", "--x", "0.5"], kilobytes: 4_000_000)
        #expect(big.status == 2 && big.stderr.contains("2 landscapes at once"), "\(big.stderr.suffix(400))")
        // …while a small run under the same limit computes normally.
        let small = try runLimited(["ea", "--size", "8", "--realizations", "2", "--x", "0.5", "--format", "csv", "--quiet"],
                                   kilobytes: 4_000_000)
        #expect(small.status == 0, "\(small.stderr)")
        #expect(CLI.rows(small.stdout).count == 1)
    }
}
