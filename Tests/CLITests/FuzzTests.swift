import Foundation
import Landscape
import Synchronization
import Testing

/// Seeded fuzzing of the whole command line: generated argument vectors and
/// config files for every command — boundary numbers (nan, ±inf, 1e-320, 1e308, −0), huge
/// ranges, wrong types, unknown and other commands' keys, unusable paths. Every run must end
/// with exit status 0, 1 or 2 (never a signal, never a hang), and no output of a run — stdout,
/// the files of --out, and the progress of a successful run — may hold a NaN or an infinity.
///
/// The cases are a pure function of `FuzzTests.seed`, so a failure reproduces: the report
/// prints each failing argument vector and config file. Valid runs are kept tiny (N_L ≤ 5,
/// one or two realisations, CAIT on 20–25 cells for seconds of beam time) so the set stays cheap
/// on 2 cores; the slow commands (validate, reproduce, cait-fit) only get inputs that must be
/// rejected (their valid runs are tested elsewhere).
@Suite struct FuzzTests {
    static let seed: UInt64 = 0x1005_CA9E
    /// 1200 cases keep this test near 3 minutes of `make test` on 2 cores (each case starts the
    /// debug binary, ~0.14 s of CPU); `IONSCAPE_FUZZ_CASES=N` runs the first N of the same
    /// sequence (e.g. 20000 before a release).
    static let caseCount = ProcessInfo.processInfo.environment["IONSCAPE_FUZZ_CASES"].flatMap { Int($0) } ?? 1200
    /// A run longer than this is reported as a hang (valid fuzz runs take well under a second).
    static let timeLimit = 30.0

    @Test func everyRunEndsCleanly() throws {
        var generator = FuzzGenerator(seed: Self.seed)
        let cases = (0..<Self.caseCount).map { generator.next(index: $0) }
        let failures = Mutex<[String]>([])
        let statusCounts = Mutex<[Int32: Int]>([:])
        let next = Atomic<Int>(0)
        let durations = Mutex<[(Double, Int)]>([])
        let failedRuns = Mutex<[String]>([])
        var before = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &before)
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            while true {
                let k = next.add(1, ordering: .relaxed).oldValue
                guard k < cases.count else { return }
                let c = cases[k]
                do {
                    let started = Date()
                    let outcome = try c.run(timeLimit: Self.timeLimit)
                    let seconds = Date().timeIntervalSince(started)
                    durations.withLock { $0.append((seconds, k)) }
                    statusCounts.withLock { $0[outcome.status, default: 0] += 1 }
                    if outcome.status == 1 { failedRuns.withLock { $0.append("  \(outcome.message)\n    \(c)") } }
                    if let problem = outcome.problem { failures.withLock { $0.append("case \(k): \(problem)\n  \(c)") } }
                } catch {
                    failures.withLock { $0.append("case \(k): could not run: \(error)\n  \(c)") }
                }
            }
        }
        let found = failures.withLock { $0 }
        // What the runs cost: wall time here, CPU time of the children (independent of how busy
        // the machine is), the slowest cases, and a sample of the failed computations (exit 1).
        var after = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &after)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        let cpu = seconds(after.ru_utime) + seconds(after.ru_stime) - seconds(before.ru_utime) - seconds(before.ru_stime)
        let slowest = durations.withLock { $0 }.sorted { $0.0 > $1.0 }.prefix(5)
        print(String(format: "fuzz: %d cases in %.0f s (children's CPU %.0f s); exit statuses %@; slowest:\n", cases.count,
                     Date().timeIntervalSince(started), cpu, "\(statusCounts.withLock { $0 }.sorted { $0.key < $1.key })")
              + slowest.map { String(format: "  %.1f s ", $0.0) + cases[$0.1].description }.joined(separator: "\n")
              + "\nfailed computations (exit 1), first of \(failedRuns.withLock { $0.count }):\n"
              + failedRuns.withLock { $0.prefix(12).joined(separator: "\n") })
        #expect(found.isEmpty, "\(found.count) fuzz failures:\n\(found.prefix(40).joined(separator: "\n"))")
        // The generator must reach every outcome class, or it tests less than it claims.
        let counts = statusCounts.withLock { $0 }
        #expect((counts[0] ?? 0) >= Self.caseCount / 10, "too few successful runs: \(counts)")
        #expect((counts[2] ?? 0) >= Self.caseCount / 4, "too few rejected inputs: \(counts)")
    }
}

/// Files the generated arguments point at, in a fresh directory of their own for each case, so
/// that no case sees another's outputs (a `--histogram sed.csv` of one case overwrote the input of
/// another, and the exit-status counts of one seed varied between runs).
struct Fixtures {
    let directory: URL
    var path: (String) -> String { { directory.appendingPathComponent($0).path } }

    init() throws {
        directory = try CLI.temporaryDirectory()
        let files: [(String, String)] = [
            ("nfu.csv", "x,y,B4,B3,B2,P3,P2,P1,P0\n0,0.33,0,0,0,0.5074626865671641,0.4925373134328359,0,0\n"
                + "1,0.33,0.4925373134328359,0.5074626865671641,0,0,0,0,0\n"),
            ("ea.csv", "x,Ea_eV\n0,0.9\n0.5,0.7\n1,0.6\n"),
            ("sigma.csv", "x,T_K,sigma_S_per_cm\n0.5,403,1e-6\n"),
            ("profile.csv", "depth_nm,native_fraction,foreign_fraction\n1,0.2,0.8\n10,0.5,0.5\n50,0.9,0.1\n100,1,0\n"),
            ("sed.csv", "energy_eV,density\n-1,0\n-0.5,1\n0,2\n0.5,1\n1,0\n"),
            ("garbage.csv", "x,\"unterminated\n1,2,3\n\u{0}\u{1}\n"),
            ("empty.csv", ""),
            ("nan.csv", "x,Ea_eV\n0,nan\n1,inf\n"),
            ("bad.toml", "this is = = not toml ["),
        ]
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("a-directory"), withIntermediateDirectories: true)
    }
}

/// One generated run.
struct FuzzCase: CustomStringConvertible, Sendable {
    let index: Int
    let arguments: [String]
    /// Config file text (written next to the fixtures) when the case uses --config.
    let config: String?
    /// --out directory, relative to the case's directory, when the case writes files (inspected
    /// for NaN afterwards).
    let out: String?

    var description: String {
        "ionscape " + arguments.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")
            + (config.map { "\n  config:\n    " + $0.replacingOccurrences(of: "\n", with: "\n    ") } ?? "")
    }

    struct Outcome {
        let status: Int32
        let problem: String?
        /// The last line of stderr (the error message of a failed run).
        var message = ""
    }

    /// Runs the case in a fresh copy of the fixtures, removed afterwards.
    func run(timeLimit: Double) throws -> Outcome {
        let fixtures = try Fixtures()
        defer { try? FileManager.default.removeItem(at: fixtures.directory) }
        var arguments = self.arguments
        if let config {
            let file = fixtures.path("config-\(index).toml")
            try config.write(toFile: file, atomically: true, encoding: .utf8)
            arguments += ["--config", file]
        }
        let stdout = fixtures.path("stdout-\(index)"), stderr = fixtures.path("stderr-\(index)")
        FileManager.default.createFile(atPath: stdout, contents: nil)
        FileManager.default.createFile(atPath: stderr, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: stdout); try? FileManager.default.removeItem(atPath: stderr) }
        let process = Process()
        process.executableURL = CLI.executable
        process.arguments = arguments
        process.currentDirectoryURL = fixtures.directory
        process.standardOutput = FileHandle(forWritingAtPath: stdout)
        process.standardError = FileHandle(forWritingAtPath: stderr)
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try CLI.launch(process)
        if done.wait(timeout: .now() + timeLimit) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            done.wait()
            return Outcome(status: -1, problem: "no exit within \(timeLimit) s (hang?)")
        }
        let status = process.terminationStatus
        let out = (try? String(contentsOfFile: stdout, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
        if process.terminationReason == .uncaughtSignal {
            return Outcome(status: -status, problem: "killed by signal \(status); stderr: \(err.suffix(600))")
        }
        guard [0, 1, 2].contains(status) else {
            return Outcome(status: status, problem: "exit status \(status); stderr: \(err.suffix(600))")
        }
        // Messages may echo a non-finite value the case itself gave ("invalid --x = nan"); anything
        // else that prints one said "nan" where it should have said what could not be computed.
        var texts = [("stdout", out)]
        let givesNonFinite = Self.nonFiniteToken(in: arguments.joined(separator: " ") + " " + (config ?? "")) != nil
        if status == 0 || !givesNonFinite { texts.append(("stderr", err)) }
        if let out = self.out.map(fixtures.path), let names = try? FileManager.default.contentsOfDirectory(atPath: out) {
            for name in names where [".csv", ".json", ".md", ".dat"].contains(where: name.hasSuffix) {
                texts.append((name, (try? String(contentsOfFile: "\(out)/\(name)", encoding: .utf8)) ?? ""))
            }
        }
        if status == 0, let k = arguments.firstIndex(of: "--histogram"), k + 1 < arguments.count,
           let text = try? String(contentsOfFile: fixtures.directory.appendingPathComponent(arguments[k + 1]).path, encoding: .utf8) {
            texts.append(("histogram", text))
        }
        for (name, text) in texts {
            if let token = Self.nonFiniteToken(in: text) {
                return Outcome(status: status, problem: "'\(token)' in \(name) (status \(status)): \(text.prefix(400))")
            }
        }
        return Outcome(status: status, problem: nil, message: String(err.split(separator: "\n").last ?? ""))
    }

    /// A "nan" or "inf(inity)" printed as a number: a whole word, so that words such as
    /// "information" do not count.
    static func nonFiniteToken(in text: String) -> String? {
        for m in text.matches(of: /(?i)([A-Za-z0-9_]?)[-+]?(nan|inf|infinity)(?![A-Za-z0-9_])/) where m.output.1.isEmpty {
            return String(m.output.0)
        }
        return nil
    }
}

/// The fuzzer's draws: Landscape's SplitMix64 (Steele, Lea & Flood 2014), seeded by `FuzzTests.seed`.
extension SplitMix64 {
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
}

/// Generates the cases: per command, a few of its own options, sometimes another command's
/// option or an unknown one, sometimes a config file; values drawn mostly from a tiny valid
/// pool and otherwise from boundary and malformed values.
struct FuzzGenerator {
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(state: seed)
    }

    /// Numbers that break naive code.
    static let boundaryNumbers = ["nan", "-nan", "inf", "-inf", "infinity", "1e-320", "-1e-320", "1e308", "-1e308", "1.8e308",
                                  "0", "-0", "-1", "1e-17", "4.9e-324", "9223372036854775807", "9223372036854775808",
                                  "18446744073709551616", "0x10", "1_000", "", " ", "abc", "1,", ",", "1e", "--", "1:2:3:4"]
    static let boundaryLists = ["0:1:1e-320", "300:400:1e-17", "0:1e308:1e-308", "-inf:inf:1", "1:0:0.1", "0:1:0", "0:1:-0.1",
                                "0:1", "0::1", "nan:1:0.1", "0:1:1e-6", "0:1:1e-5", "1e308:1.7e308:1e300", ",,", "0,nan,1"]

    /// Small valid values (tiny runs) per option, then the kind of value it takes.
    static let valid: [String: [String]] = [
        "preset": ["li33", "na35", "na40", "NA40"], "x": ["0", "0.5", "1", "0,1", "0:1:0.5", "0.25"],
        "y": ["0.3", "0.33", "0.45", "0.6"], "alkali": ["Li", "Na", "K", "Rb", "Cs"],
        "v0": ["0.5", "0.64", "1", "100"], "sigma": ["0", "0.3", "0.42", "2", "100"], "f0": ["0.05", "0.2", "0.9", "1e-9"],
        "u0": ["0", "0.05", "0.5", "100"], "size": ["4", "5"], "realizations": ["1", "2"],
        "seed": ["0", "1", "42", "18446744073709551615"], "threads": ["1", "2", "1024"],
        "temperature": ["300", "403", "303,403", "200:400:100", "1e5", "10", "1"], "nu": ["1e13", "4e14", "1e20", "1e-3"],
        "spacing": ["5", "1", "1e4", "1e-3"], "solver": ["cholmod", "kron"], "window": ["1e4", "1.5", "1e30"],
        "window-tolerance": ["1e-3", "1e-12", "0.999"], "bins": ["1", "10", "100000"],
        "foreign": ["K", "Rb", "Cs"], "mode": ["galvanostatic", "potentiostatic"],
        "current-density": ["0", "0.9", "10", "1e6"], "potential": ["0.05", "-0.1", "0", "100", "-100"],
        "sed": ["gaussian:fwhm=0.25", "gaussian:sigma=0.05", "gaussian:fwhm=3", "table:sed.csv", "landscape"],
        "duration": ["0.001", "0.005"], "thickness": ["0.05", "0.2", "0.01", "1e4"], "cells": ["20", "25"],
        "bulk-diffusion": ["3e-17", "1e-40", "1e-10", "1"], "foreign-diffusion": ["1e-20", "1e-40", "1"],
        "vacancy-fraction": ["0.1", "1e-6", "0.999"], "times": ["0.001", "0.0005,0.001", "0.0002:0.001:0.0004"],
        "method": ["endpoints", "least-squares"], "sigma-range": ["0.05:1.2", "0.1:0.5", "0:10"], "u0-ratio": ["0", "0.1", "10"],
        "diffusion": ["seed", "network", "table:sed.csv"], "filling": ["0.5", "0.1,0.9", "0.01", "0.2:0.8:0.3"],
        "landscape": ["composition", "uniform", "rbm:beta=20"], "hops-per-ion": ["10", "50"], "blocks": ["2", "20"],
        "frequency": ["1:1e9:5", "1e3", "1,10,100", "1e6:1e6:1"], "ac-window": ["1e4", "10", "1e8"],
        "poles-per-decade": ["3", "0.5", "20"],
        "start": ["fermi-dirac", "random", "lowest-energy"], "equilibration-windows": ["16", "400"],
        "format": ["csv", "json", "table"],
    ]
    static let fileOptions: Set<String> = ["nfu-table", "histogram", "ea", "sigma-data", "profile"]
    static let listOptions: Set<String> = ["x", "temperature", "times", "filling"]

    static let keys: [String: [String]] = {
        let composition = ["preset", "x", "y", "alkali", "nfu-table"]
        let landscape = ["v0", "sigma", "f0", "size", "realizations", "seed", "threads"]
        let hopping = ["u0", "temperature", "nu", "spacing"]
        let kirchhoff = ["solver", "window", "window-tolerance"]
        let cait = ["foreign", "mode", "current-density", "potential", "sed", "duration", "thickness", "cells",
                    "bulk-diffusion", "foreign-diffusion", "vacancy-fraction", "times", "temperature", "diffusion"]
        return [
            "nfu": composition, "landscape": composition + landscape + ["histogram", "temperature", "bins"],
            "ea": composition + landscape + ["u0"], "conductivity": composition + landscape + hopping + kirchhoff,
            "arrhenius": composition + landscape + hopping + kirchhoff, "validate-kron": composition + landscape + hopping + kirchhoff,
            "fit": composition + landscape + hopping + kirchhoff + ["ea", "sigma-data", "method", "sigma-range", "u0-ratio"],
            "validate": ["seed", "threads"], "cait": cait + composition + landscape, "cait-fit": cait + ["profile"],
            "reproduce": ["seed", "threads"],
            "kmc": composition + landscape + hopping + ["filling", "landscape", "hops-per-ion", "blocks", "start", "equilibration-windows"],
            "diffusion": composition + landscape + hopping + kirchhoff + ["filling", "landscape"],
            "ac": composition + landscape + hopping + ["filling", "landscape", "frequency", "ac-window", "poles-per-decade"],
        ]
    }()
    /// Commands whose valid runs take seconds: they only get inputs that must be rejected.
    static let slow: Set<String> = ["validate", "reproduce", "cait-fit"]
    static let allKeys = Array(Set(keys.values.joined())).sorted()

    mutating func file(for option: String) -> String {
        let good: [String: String] = ["nfu-table": "nfu.csv", "ea": "ea.csv", "sigma-data": "sigma.csv", "profile": "profile.csv",
                                      "histogram": "hist-\(random.below(1000)).csv"]
        return random.chance(0.7) ? good[option]! : random.pick(["garbage.csv", "empty.csv", "nan.csv", "missing.csv", "a-directory",
                                                                  "/dev/null", "/proc/no/such", "ea.csv", "profile.csv", "bad.toml"])
    }

    mutating func value(for option: String, invalid: Bool) -> String {
        if Self.fileOptions.contains(option) { return file(for: option) }
        if !invalid, let pool = Self.valid[option] { return random.pick(pool) }
        if Self.listOptions.contains(option) && random.chance(0.5) { return random.pick(Self.boundaryLists) }
        return random.chance(0.8) ? random.pick(Self.boundaryNumbers) : random.pick(["landscape", "table:missing.csv",
            "table:garbage.csv", "gaussian:", "gaussian:fwhm=-1", "gaussian:fwhm=1e-320", "gaussian:sigma=1e308",
            "mumps", "LI33", "k99", "Xx", "potentiostatic ", "true"])
    }

    /// A TOML literal for `text`, sometimes of the wrong type.
    mutating func tomlValue(_ text: String) -> String {
        switch random.below(10) {
        case 0: return random.pick(["true", "[1, \"a\"]", "{ a = 1 }", "[]", "1979-05-27", "nan", "-inf", "[[1]]"])
        case 1, 2:
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        default:
            // Bare when TOML reads it as a number, quoted otherwise.
            if text.wholeMatch(of: /[+-]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?|[+-]?(nan|inf)/) != nil { return text }
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
    }

    mutating func next(index: Int) -> FuzzCase {
        let command = random.pick(Array(Self.keys.keys).sorted())
        let own = Self.keys[command]!
        var arguments = [command]
        var config: String?
        var out: String?
        // A slow command always gets at least one bad value; the others in about half the cases.
        let mustFail = Self.slow.contains(command)
        let anyInvalid = mustFail || random.chance(0.45)
        var invalidPlaced = false
        var chosen = Set<String>()
        var flags: [(String, String)] = []
        for _ in 0..<random.below(5) {
            let key = own[random.below(own.count)]
            guard chosen.insert(key).inserted else { continue }
            let bad = anyInvalid && (random.chance(0.35) || (mustFail && !invalidPlaced))
            invalidPlaced = invalidPlaced || bad
            flags.append((key, value(for: key, invalid: bad)))
        }
        if mustFail {
            // A value no command accepts for these keys, on the command line (where nothing
            // overrides it): the slow commands must stop at their parameters.
            flags.removeAll { $0.0 == "seed" || $0.0 == "threads" }
            flags.append((random.pick(["seed", "threads"]), random.pick(["nan", "abc", "-1", "1e308", "", "1.5"])))
        }
        // Keep valid sweeps tiny: a lattice edge and realisations unless the case sets them.
        if ["landscape", "ea", "conductivity", "arrhenius", "validate-kron", "fit", "kmc", "diffusion", "ac"].contains(command)
            || flags.contains(where: { $0.1 == "landscape" || $0.1 == "network" }) {
            if !chosen.contains("size") { flags.append(("size", random.pick(["4", "5"]))) }
            if !chosen.contains("realizations") && command != "cait" { flags.append(("realizations", random.pick(["1", "2"]))) }
            if command == "kmc" && !chosen.contains("hops-per-ion") { flags.append(("hops-per-ion", random.pick(["10", "50"]))) }
        }
        // A long valid list where it stays cheap (nfu: 10001 rows); for the sweeps, long lists
        // come as ranges that must be rejected.
        if command == "nfu" && random.chance(0.1) { flags.removeAll { $0.0 == "x" }; flags.append(("x", "0:1:1e-4")) }
        if command == "cait" || command == "cait-fit" {
            for (key, pool) in [("cells", ["20", "25"]), ("duration", ["0.001", "0.005"]), ("thickness", ["0.05", "0.1"])]
                where !chosen.contains(key) { flags.append((key, random.pick(pool))) }
        }
        if command == "fit" && !chosen.contains("ea") && !chosen.contains("sigma-data") && random.chance(0.8) {
            flags.append((random.chance(0.5) ? "ea" : "sigma-data", random.chance(0.8) ? (random.chance(0.5) ? "ea.csv" : "sigma.csv") : "garbage.csv"))
        }
        if command == "cait-fit" && !chosen.contains("profile") && random.chance(0.9) { flags.append(("profile", "profile.csv")) }
        if !mustFail && random.chance(0.08) {
            flags.append((random.pick(Self.allKeys), random.pick(Self.valid.values.randomElementList(&random))))
        }
        if random.chance(0.03) { flags.append(("no-such-flag", "1")) }
        // Split the parameters between the command line and a config file.
        var tomlLines: [String] = []
        let useConfig = random.chance(0.25)
        for (key, value) in flags {
            if useConfig && random.chance(0.6) && key != "histogram" && !(mustFail && (key == "seed" || key == "threads")) {
                tomlLines.append("\(key) = \(tomlValue(value))")
            } else {
                arguments += random.chance(0.1) ? ["--\(key)=\(value)"] : ["--\(key)", value]
            }
        }
        if useConfig {
            if random.chance(0.1) { tomlLines.append("\(random.pick(Self.allKeys)) = \(tomlValue(random.pick(Self.boundaryNumbers)))") }
            if random.chance(0.05) { tomlLines.append(random.pick(["[section]\nx = 1", "x = 1\nx = 2", "= 1", "\"\" = 1"])) }
            config = tomlLines.joined(separator: "\n") + "\n"
        }
        if command != "reproduce" && random.chance(0.12) {
            let target = random.chance(0.85) ? "out-\(index)" : random.pick(["ea.csv", "/proc/no/such", "ea.csv/sub"])
            if target.hasPrefix("out-") { out = target }
            arguments += ["--out", target]
        }
        if command == "reproduce" {
            // Bounded even if an input slipped through: the smallest figure set, in its own folder.
            arguments += ["--smoke", "--out", "reproduce-\(index)"]
        } else {
            arguments += ["--format", random.chance(0.9) ? random.pick(["csv", "json", "table"]) : "xml"]
        }
        arguments.append("--quiet")
        if random.chance(0.05) { arguments.append("--dump-config") }
        return FuzzCase(index: index, arguments: arguments, config: config, out: out)
    }
}

extension Dictionary<String, [String]>.Values {
    /// One of the value lists, drawn with `random`.
    fileprivate func randomElementList(_ random: inout SplitMix64) -> [String] {
        let all = Array(self)
        return all[random.below(all.count)]
    }
}
