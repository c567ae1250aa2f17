import Foundation
import Testing
@testable import ionscape

/// A command rejects a flag or config key it would ignore (exit 2, naming the key), and every
/// number it reads must be finite.
@Suite struct UnusedParameterTests {
    static let commands = ["nfu", "landscape", "ea", "conductivity", "arrhenius", "validate-kron", "fit", "validate",
                           "cait", "cait-fit", "reproduce", "kmc", "diffusion"]

    private func expectRejected(_ arguments: [String], mentions fragments: [String], in dir: URL? = nil) throws {
        let r = try CLI.run(arguments, in: dir)
        #expect(r.status == 2, "\(arguments): status \(r.status), stderr: \(r.stderr)")
        #expect(r.stdout.isEmpty, "\(arguments): output despite the error")
        for f in fragments { #expect(r.stderr.contains(f), "\(arguments): stderr lacks '\(f)': \(r.stderr)") }
    }

    /// Flags a command does not have are unknown to its parser.
    @Test func flagsOfOtherCommandsAreRejected() throws {
        for flag in [["--temperature", "nan"], ["--nu", "1"], ["--spacing", "1000"], ["--solver", "kron"]] {
            try expectRejected(["ea", "--size", "8"] + flag, mentions: [flag[0]])
        }
        try expectRejected(["nfu", "--size", "8"], mentions: ["--size"])
    }

    /// Output locations are not parameters: never rejected as unused.
    @Test func outputLocationsAreAccepted() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["ea", "--size", "6", "--x", "0.5", "--realizations", "1", "--quiet", "--format", "csv",
                             "--unit-times", dir.appendingPathComponent("units.csv").path, "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("units.csv").path))
    }

    /// Flags a command has but does not use with the other settings are named with the reason.
    @Test func flagsThatDoNotApplyAreRejected() throws {
        try expectRejected(["landscape", "--size", "8", "--temperature", "300"], mentions: ["--temperature", "without --histogram"])
        try expectRejected(["cait", "--potential", "0.3"], mentions: ["--potential", "galvanostatic"])
        try expectRejected(["cait", "--mode", "potentiostatic", "--current-density", "1"], mentions: ["--current-density"])
        try expectRejected(["cait", "--preset", "na35"], mentions: ["--preset", "--sed landscape"])
        try expectRejected(["cait", "--sed", "landscape", "--size", "6", "--realizations", "3"], mentions: ["--realizations"])
        try expectRejected(["validate-kron", "--solver", "kron"], mentions: ["--solver", "both routes"])
        let dir = try CLI.temporaryDirectory()
        let ea = dir.appendingPathComponent("ea.csv")
        try "x,Ea_eV\n0,0.9\n1,0.6\n".write(to: ea, atomically: true, encoding: .utf8)
        try expectRejected(["fit", "--ea", ea.path, "--v0", "0.5"], mentions: ["--v0", "--sigma-data"])
        try expectRejected(["fit", "--ea", ea.path, "--x", "0.5"], mentions: ["--x", "data files"])
        try expectRejected(["fit", "--sigma-data", ea.path, "--method", "least-squares"], mentions: ["--method", "--ea"])
    }

    /// Config keys: of no command, of another command, or not applying here — all rejected.
    @Test func configKeysThatAreNotUsedAreRejected() throws {
        let dir = try CLI.temporaryDirectory()
        for (key, value) in [("cells", "7"), ("mode", "\"bogus\""), ("window", "0.5"), ("temperature", "300"), ("sigmaa", "0.4")] {
            let file = dir.appendingPathComponent("\(key).toml")
            try "size = 8\n\(key) = \(value)\n".write(to: file, atomically: true, encoding: .utf8)
            try expectRejected(["ea", "--config", file.path], mentions: ["config key", "'\(key)'", "`ea`"])
        }
        let file = dir.appendingPathComponent("cait.toml")
        try "potential = 0.2\n".write(to: file, atomically: true, encoding: .utf8)
        try expectRejected(["cait", "--config", file.path], mentions: ["'potential'", "galvanostatic"])
    }

    /// Non-finite numbers are rejected wherever a number is read, from a flag or a config file.
    @Test func nonFiniteNumbersAreRejected() throws {
        let cases: [[String]] = [
            ["nfu", "--y", "nan"], ["nfu", "--x", "nan"], ["landscape", "--v0", "inf"], ["landscape", "--sigma", "nan"],
            ["landscape", "--f0", "nan"], ["ea", "--u0", "nan"], ["conductivity", "--temperature", "nan"],
            ["conductivity", "--nu", "inf"], ["conductivity", "--spacing", "nan"], ["conductivity", "--window", "inf"],
            ["conductivity", "--window-tolerance", "nan"], ["arrhenius", "--temperature", "300:inf:10"],
            ["cait", "--duration", "nan"], ["cait", "--bulk-diffusion", "inf"], ["cait", "--current-density", "nan"],
            ["cait", "--times", "nan"], ["cait", "--temperature", "-inf"], ["cait", "--sed", "gaussian:fwhm=nan"],
        ]
        for c in cases { try expectRejected(c, mentions: [c[1]]) }
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("nan.toml")
        try "v0 = nan\n".write(to: file, atomically: true, encoding: .utf8)
        try expectRejected(["landscape", "--config", file.path], mentions: ["--v0", "nan"])
    }

    /// The keys a command accepts in a config file (found by reflection on its options) are
    /// exactly the long options its parser declares, minus the output locations (--config,
    /// --out, --format, --unit-times).
    @Test(arguments: commands)
    func configKeysMatchTheParser(_ command: String) throws {
        let help = try CLI.run([command, "--experimental-dump-help"])
        #expect(help.status == 0)
        let tool = try #require(JSONSerialization.jsonObject(with: Data(help.stdout.utf8)) as? [String: Any])
        let arguments = try #require((tool["command"] as? [String: Any])?["arguments"] as? [[String: Any]])
        let parserOptions = Set(arguments.filter { $0["kind"] as? String == "option" }
            .compactMap { ($0["names"] as? [[String: Any]])?.first { $0["kind"] as? String == "long" }?["name"] as? String })
            .subtracting(DeclaredParameters.nonParameters)
        let dir = try CLI.temporaryDirectory()
        let file = dir.appendingPathComponent("bogus.toml")
        try "no-such-key = 1\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CLI.run([command, "--config", file.path] + (command == "fit" ? ["--ea", file.path] : [])
                            + (command == "cait-fit" ? ["--profile", file.path] : []))
        #expect(r.status == 2)
        let listed = try #require(r.stderr.components(separatedBy: "its keys are ").last)
        let keys = Set(listed.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: ", "))
        #expect(keys == parserOptions, "\(command): config keys \(keys.sorted()) vs parser \(parserOptions.sorted())")
    }
}
