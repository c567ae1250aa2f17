import Foundation
import Testing

/// The same binary under `mpirun`: sweeps spread over ranks give byte-identical output, a killed
/// rank leaves nothing corrupt and `--resume` completes under another rank count, and failures
/// end every rank with one message. Ranks are oversubscribed on CI's two cores (and allowed to
/// run as root), and the suite runs serialised so that two jobs never share the cores.
@Suite(.serialized) struct MPITests {
    /// `mpirun --oversubscribe -np ranks mpirunOptions… ionscape arguments…`.
    private func mpirun(_ ranks: Int, _ arguments: [String], mpirunOptions: [String] = [], environment extra: [String: String] = [:],
                        perRankStatus: URL? = nil) throws -> CLIResult {
        var command = ["--oversubscribe", "-np", String(ranks)] + mpirunOptions
        if let perRankStatus {
            // Each rank runs under a shell that appends "rank status" to the file and exits 0, so
            // mpirun does not end the other ranks before they report.
            command += ["/bin/sh", "-c", "\"$0\" \"$@\"; echo \"$OMPI_COMM_WORLD_RANK $?\" >> '\(perRankStatus.path)'"]
        }
        return try CLI.run(arguments, launcher: ["mpirun"] + command, environment: MPITests.environment.merging(extra) { $1 })
    }

    /// Lets Open MPI run as root (CI does) and keeps it to shared memory on one node.
    static let environment = ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1", "OMPI_MCA_btl": "self,vader"]

    private func statuses(_ file: URL) throws -> [Int: Int32] {
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        return Dictionary(uniqueKeysWithValues: lines.map { line in
            let parts = line.split(separator: " ")
            return (Int(parts[0])!, Int32(parts[1])!)
        })
    }

    @Test func sweepsAreByteIdenticalForAnyRanksAndThreads() throws {
        // Odd numbers of points and realisations, so that ranks get unequal shares.
        let sweeps = [["ea", "--x", "0:1:0.25", "--size", "12", "--realizations", "3"],
                      ["conductivity", "--x", "0,0.5,1", "--temperature", "303,403", "--size", "10", "--realizations", "3"]]
        for sweep in sweeps {
            let name = sweep[0]
            let plainDirectory = try CLI.temporaryDirectory()
            let plain = try CLI.run(sweep + ["--threads", "2", "--format", "csv", "--quiet", "--out", plainDirectory.path])
            #expect(plain.status == 0, "\(plain.stderr)")
            let reference = try Data(contentsOf: plainDirectory.appendingPathComponent("\(name).csv"))
            for (ranks, threads) in [(2, 1), (3, 2)] {
                let directory = try CLI.temporaryDirectory()
                let run = try mpirun(ranks, sweep + ["--threads", String(threads), "--format", "csv", "--quiet", "--out", directory.path])
                #expect(run.status == 0, "\(name) on \(ranks) ranks: \(run.stderr)")
                #expect(run.stdout == plain.stdout, "\(name): stdout on \(ranks) ranks × \(threads) threads differs")
                #expect(try Data(contentsOf: directory.appendingPathComponent("\(name).csv")) == reference)
                // Rank 0 alone writes: one journal, one CSV, no stray temporary files.
                let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                #expect(!files.contains { $0.hasSuffix(".tmp") }, "\(files)")
            }
        }
    }

    @Test func killedRankEndsTheJobAndResumeCompletesUnderOtherRankCounts() throws {
        let arguments = ["ea", "--x", "0:1:0.1", "--size", "30", "--realizations", "6", "--format", "csv", "--quiet"]
        let completeDirectory = try CLI.temporaryDirectory()
        let complete = try CLI.run(arguments + ["--out", completeDirectory.path])
        #expect(complete.status == 0, "\(complete.stderr)")

        // Three ranks of one thread; once a few units are journaled, kill rank 1.
        let directory = try CLI.temporaryDirectory()
        let job = Process()
        job.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        job.arguments = ["mpirun", "--oversubscribe", "-np", "3", CLI.executable.path] + arguments
            + ["--threads", "1", "--out", directory.path]
        job.environment = ProcessInfo.processInfo.environment.merging(Self.environment) { $1 }
        let errors = Pipe()
        job.standardOutput = FileHandle.nullDevice
        job.standardError = errors
        try CLI.launch(job)
        let journal = directory.appendingPathComponent(".ea.journal")
        let total = 11 * 6
        var stored = 0
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            stored = ((try? String(contentsOf: journal, encoding: .utf8)) ?? "").split(separator: "\n").count - 1
            if stored >= 3 { break }
            usleep(5_000)
        }
        let rank1 = try #require(Self.rankProcess(1, of: job.processIdentifier), "no rank 1 under mpirun")
        kill(rank1, SIGKILL)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        job.waitUntilExit()
        #expect(job.terminationStatus != 0)
        // mpirun names the rank that died; rank 0 names the units that were in flight, rank 1's among them.
        #expect(stderr.contains("rank 1"), "\(stderr)")
        #expect(stderr.range(of: #"x=[0-9.]+,r=[0-9]+ on rank 1"#, options: .regularExpression) != nil, "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("ea.csv").path))
        // Every journal line but a torn last one is a whole unit.
        let lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let units = lines.dropFirst().filter { !$0.isEmpty }
        let whole = units.filter { $0.split(separator: " ").count == 2 && Data(base64Encoded: String($0.split(separator: " ")[1])) != nil }
        #expect(whole.count >= units.count - 1 && whole.count >= 3 && whole.count < total, "\(units.count) lines, \(whole.count) whole")

        // Resume on two ranks, then once more without a launcher: the same CSV as the uninterrupted run.
        let resumed = try mpirun(2, arguments + ["--threads", "1", "--out", directory.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout == complete.stdout)
        #expect(try Data(contentsOf: directory.appendingPathComponent("ea.csv"))
            == Data(contentsOf: completeDirectory.appendingPathComponent("ea.csv")))
        let again = try CLI.run(arguments + ["--out", directory.path, "--resume"])
        #expect(again.status == 0 && again.stdout == complete.stdout, "\(again.stderr)")
    }

    @Test func badInputExitsTwoFromEveryRankWithOneMessage() throws {
        // Found by every rank (an out-of-range flag), and by rank 0 alone (--resume needs --out).
        for (arguments, fragment) in [(["ea", "--x", "0.5", "--size", "2"], "invalid --size = 2"),
                                      (["ea", "--x", "0.5", "--size", "8", "--resume"], "invalid --resume")] {
            let status = try CLI.temporaryDirectory().appendingPathComponent("status")
            let run = try mpirun(3, arguments, perRankStatus: status)
            #expect(try statuses(status) == [0: 2, 1: 2, 2: 2], "\(arguments): \(run.stderr)")
            #expect(run.stderr.components(separatedBy: fragment).count == 2, "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }

    @Test func failedUnitNamesItsRankAndEndsEveryRank() throws {
        let status = try CLI.temporaryDirectory().appendingPathComponent("status")
        let run = try mpirun(3, ["ea", "--x", "0:1:0.5", "--size", "10", "--realizations", "3", "--threads", "1", "--quiet"],
                             environment: ["IONSCAPE_FAIL_UNIT": "x=0.5,r=1"], perRankStatus: status)
        #expect(try statuses(status) == [0: 1, 1: 1, 2: 1], "\(run.stderr)")
        let message = try #require(run.stderr.split(separator: "\n").first { $0.contains("IONSCAPE_FAIL_UNIT") })
        #expect(message.range(of: #"^error: unit x=0.5,r=1 on rank [0-2]: "#, options: .regularExpression) != nil, "\(message)")
        #expect(run.stderr.components(separatedBy: "IONSCAPE_FAIL_UNIT").count == 2, "\(run.stderr)")
    }

    /// Two units fail, on whichever ranks compute them: every rank exits 1, and the one message
    /// names the lower of the two units (the farm's rule: the lowest failing unit is reported,
    /// whatever the order the failures arrive in), the same in three runs.
    @Test func twoFailingUnitsReportTheLowestOnce() throws {
        for _ in 0..<3 {
            let status = try CLI.temporaryDirectory().appendingPathComponent("status")
            let run = try mpirun(3, ["ea", "--x", "0:1:0.5", "--size", "10", "--realizations", "3", "--threads", "1", "--quiet"],
                                 environment: ["IONSCAPE_FAIL_UNIT": "x=1.0,r=0;x=0.5,r=1"], perRankStatus: status)
            #expect(try statuses(status) == [0: 1, 1: 1, 2: 1], "\(run.stderr)")
            #expect(run.stderr.components(separatedBy: "IONSCAPE_FAIL_UNIT").count == 2, "\(run.stderr)")
            #expect(run.stderr.contains("unit x=0.5,r=1 on rank"), "\(run.stderr)")
        }
    }

    @Test func plainRunDoesNotStartMPI() throws {
        // The dynamic loader lists every library it opens (LD_DEBUG=files); MPI_Init opens Open
        // MPI's components (mca_*.so), among them a point-to-point layer (mca_pml_*).
        let arguments = ["ea", "--x", "0.5", "--size", "8", "--realizations", "2", "--threads", "1", "--quiet"]
        func components(_ stderr: String) -> Int {
            stderr.split(separator: "\n").filter { $0.contains("file=") && $0.contains("mca_pml") }.count
        }
        let plain = try CLI.run(arguments, environment: ["LD_DEBUG": "files"])
        #expect(plain.status == 0)
        #expect(components(plain.stderr) == 0)
        let distributed = try mpirun(2, arguments, mpirunOptions: ["-x", "LD_DEBUG"], environment: ["LD_DEBUG": "files"])
        #expect(distributed.status == 0)
        #expect(components(distributed.stderr) >= 2, "each rank loads a point-to-point component")
    }

    /// The process of rank `rank` among the children of mpirun (`OMPI_COMM_WORLD_RANK` in its
    /// environment).
    static func rankProcess(_ rank: Int, of mpirun: Int32) -> Int32? {
        let children = (try? String(contentsOfFile: "/proc/\(mpirun)/task/\(mpirun)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").compactMap { Int32($0) }.first { pid in
            let environ = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
            return environ.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == "OMPI_COMM_WORLD_RANK=\(rank)" }
        }
    }
}
