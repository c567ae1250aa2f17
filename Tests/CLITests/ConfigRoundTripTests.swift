import Foundation
import Testing

/// A dumped configuration means what it says after an edit: for every command, dump a config,
/// change one key in the file, rerun — the output equals the same change made with a flag.
/// Values derived from another key (a preset's V0, a foreign ion's D_foreign) are dumped as
/// comments, so they follow the key they derive from.
@Suite struct ConfigRoundTripTests {
    struct Case: CustomStringConvertible {
        let command: String
        /// Flags of the dumped run.
        let flags: [String]
        /// The key changed in the file (and on the command line), and its new TOML value.
        let key: String, tomlValue: String, flagValue: String
        /// Flags added to both reruns (output form, not parameters).
        var runFlags = ["--format", "csv", "--quiet"]
        /// Compare the dumps of the two reruns instead of their output (slow commands).
        var compareDumps = false
        /// Compare this file, written by the run in its directory, as well as stdout.
        var outputFile: String?
        var description: String { "\(command) \(key) → \(flagValue)" }
    }

    static let tinyCAIT = ["--cells", "40", "--duration", "0.05", "--thickness", "0.2"]

    static let cases: [Case] = [
        Case(command: "nfu", flags: ["--preset", "li33", "--x", "0,0.5,1"], key: "preset", tomlValue: "\"na40\"", flagValue: "na40"),
        Case(command: "landscape", flags: ["--preset", "li33", "--x", "0.5", "--size", "8"], key: "preset",
             tomlValue: "\"na35\"", flagValue: "na35"),
        Case(command: "landscape", flags: ["--x", "0.5", "--size", "8", "--histogram", "h.csv"], key: "temperature",
             tomlValue: "500", flagValue: "500", outputFile: "h.csv"),
        Case(command: "ea", flags: ["--preset", "li33", "--x", "0,1", "--size", "8", "--realizations", "2"], key: "preset",
             tomlValue: "\"na35\"", flagValue: "na35"),
        Case(command: "ea", flags: ["--x", "0,1", "--size", "8", "--realizations", "2"], key: "v0",
             tomlValue: "0.5", flagValue: "0.5"),
        Case(command: "conductivity", flags: ["--preset", "li33", "--x", "0.5", "--size", "8", "--realizations", "2",
                                              "--temperature", "403"], key: "preset", tomlValue: "\"na40\"", flagValue: "na40"),
        Case(command: "arrhenius", flags: ["--preset", "na35", "--x", "0.5", "--size", "8", "--realizations", "2",
                                           "--temperature", "350,450"], key: "preset", tomlValue: "\"li33\"", flagValue: "li33"),
        Case(command: "validate-kron", flags: ["--x", "0.5", "--size", "6", "--realizations", "1", "--temperature", "403"],
             key: "preset", tomlValue: "\"na40\"", flagValue: "na40"),
        Case(command: "cait", flags: ["--foreign", "K"] + tinyCAIT, key: "foreign", tomlValue: "\"Cs\"", flagValue: "Cs"),
        Case(command: "cait", flags: ["--mode", "potentiostatic"] + tinyCAIT, key: "potential", tomlValue: "0.1", flagValue: "0.1"),
        Case(command: "kmc", flags: ["--x", "0.5", "--size", "6", "--realizations", "2", "--temperature", "1500",
                                     "--hops-per-ion", "20", "--blocks", "2"], key: "preset", tomlValue: "\"na40\"", flagValue: "na40"),
        Case(command: "diffusion", flags: ["--landscape", "uniform", "--size", "6", "--realizations", "1", "--filling", "0.3,0.6"],
             key: "temperature", tomlValue: "500", flagValue: "500"),
        Case(command: "validate", flags: ["--seed", "3"], key: "seed", tomlValue: "4", flagValue: "4",
             runFlags: [], compareDumps: true),
        Case(command: "reproduce", flags: ["--seed", "3"], key: "seed", tomlValue: "4", flagValue: "4",
             runFlags: [], compareDumps: true),
        // The fits' runs take tens of seconds; their dumps show what a run would use, derived
        // values included (the preset's alkali and y, the foreign ion's D_foreign).
        Case(command: "fit", flags: ["--ea", "ea.csv", "--size", "8"], key: "preset", tomlValue: "\"na35\"",
             flagValue: "na35", runFlags: [], compareDumps: true),
        Case(command: "cait-fit", flags: ["--profile", "p.csv", "--cells", "40"], key: "foreign", tomlValue: "\"Cs\"",
             flagValue: "Cs", runFlags: [], compareDumps: true),
    ]

    /// `key = value` replaces the line of that key in `toml`, active or commented.
    static func edit(_ toml: String, key: String, value: String) -> String {
        var found = false
        var lines = toml.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let body = line.hasPrefix("# ") ? line.dropFirst(2) : line[...]
            guard body.hasPrefix("\(key) = ") else { return String(line) }
            found = true
            return "\(key) = \(value)"
        }
        if !found { lines.insert("\(key) = \(value)", at: 0) }
        return lines.joined(separator: "\n")
    }

    /// `flags` with `--key value` set to `value` (replaced or added).
    static func flags(_ flags: [String], setting key: String, to value: String) -> [String] {
        var out = flags
        if let k = out.firstIndex(of: "--\(key)") { out[k + 1] = value } else { out += ["--\(key)", value] }
        return out
    }

    @Test(arguments: cases)
    func editedConfigEqualsFlag(_ c: Case) throws {
        let dir = try CLI.temporaryDirectory()
        let dumped = try CLI.run([c.command] + c.flags + ["--dump-config"])
        #expect(dumped.status == 0, "\(dumped.stderr)")
        let file = dir.appendingPathComponent("run.toml")
        try Self.edit(dumped.stdout, key: c.key, value: c.tomlValue).write(to: file, atomically: true, encoding: .utf8)
        let changedFlags = Self.flags(c.flags, setting: c.key, to: c.flagValue)
        let tail = c.compareDumps ? ["--dump-config"] : c.runFlags
        /// stdout, and the output file's text when the case names one.
        func output(_ arguments: [String]) throws -> (status: Int32, text: String, stderr: String) {
            let r = try CLI.run(arguments, in: dir)
            let written = try c.outputFile.map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) } ?? ""
            return (r.status, r.stdout + written, r.stderr)
        }
        let fromConfig = try output([c.command, "--config", file.path] + tail)
        let fromFlags = try output([c.command] + changedFlags + tail)
        #expect(fromConfig.status == 0, "\(c): \(fromConfig.stderr)")
        #expect(fromFlags.status == 0, "\(c): \(fromFlags.stderr)")
        #expect(!fromFlags.text.isEmpty && fromConfig.text == fromFlags.text, "\(c)")
        // The edit did change something (the case tests a real change, not a no-op).
        if !c.compareDumps {
            let unchanged = try output([c.command] + c.flags + c.runFlags)
            #expect(unchanged.text != fromFlags.text, "\(c): the edit changed nothing")
        }
    }

    /// The dump of a preset run carries the preset's values only as comments, so that editing
    /// the preset changes them; the active lines are exactly the flags that were given.
    @Test func presetValuesAreCommentedNotBaked() throws {
        let dumped = try CLI.run(["ea", "--preset", "na35", "--size", "9", "--dump-config"])
        #expect(dumped.status == 0)
        let active = dumped.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(active == ["preset = \"na35\"", "size = 9"])
        for key in ["alkali", "y", "v0", "sigma", "u0"] {
            #expect(dumped.stdout.contains("\n# \(key) = "), "\(key) is not listed as a commented default")
        }
        #expect(dumped.stdout.contains("# v0 = 0.76") && dumped.stdout.contains("from preset na35"))
    }

    /// A flag on top of a dumped config wins, and what derives from it follows: a config dumped
    /// for K⁺ rerun with `--foreign Cs` is the Cs run (D_foreign of Cs, not of K).
    @Test func flagOverConfigCarriesDerivedValues() throws {
        let dir = try CLI.temporaryDirectory()
        let dumped = try CLI.run(["cait", "--foreign", "K"] + Self.tinyCAIT + ["--dump-config"])
        let file = dir.appendingPathComponent("run.toml")
        try dumped.stdout.write(to: file, atomically: true, encoding: .utf8)
        let layered = try CLI.run(["cait", "--config", file.path, "--foreign", "Cs", "--format", "csv"])
        let direct = try CLI.run(["cait", "--foreign", "Cs", "--format", "csv"] + Self.tinyCAIT)
        #expect(layered.status == 0 && direct.status == 0, "\(layered.stderr)")
        #expect(layered.stdout == direct.stdout)
        #expect(layered.stderr.contains("D_foreign(Cs) = 1e-20"), "\(layered.stderr)")  // Cs⁺'s illustrative value (K⁺'s is 1e-19)
    }

    /// An explicit value for a derived key is kept when the key it derives from changes.
    @Test func explicitDerivedValueIsKept() throws {
        let a = try CLI.run(["ea", "--preset", "na40", "--v0", "0.7", "--x", "0.5", "--size", "8", "--realizations", "2",
                             "--dump-config"])
        #expect(a.stdout.contains("\nv0 = 0.7\n"))
    }
}
