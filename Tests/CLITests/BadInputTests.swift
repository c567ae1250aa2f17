import Foundation
import Testing

/// Bad input exits with status 2 and a message naming the input and its accepted range (docs/model.md §12).
@Suite struct BadInputTests {
    private func expectBadInput(_ arguments: [String], mentions fragments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): status \(result.status), stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty, "no partial results on stdout for \(arguments)")
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "\(arguments): stderr lacks '\(fragment)': \(result.stderr)")
        }
    }

    @Test func borateFractionOutOfRange() throws {
        try expectBadInput(["nfu", "--x", "1.5"], mentions: ["--x", "1.5", "0 ≤ x ≤ 1"])
        try expectBadInput(["ea", "--x", "1.5", "--size", "8"], mentions: ["--x", "1.5"])
    }

    @Test func alkaliFractionOutOfRange() throws {
        try expectBadInput(["nfu", "--y", "0.2"], mentions: ["--y", "0.2", "0.30 ≤ y ≤ 0.60"])
    }

    @Test func negativeTemperature() throws {
        try expectBadInput(["landscape", "--temperature", "-5", "--size", "8", "--histogram", "/tmp/never-written.csv"],
                           mentions: ["temperature", "-5", "0 < T"])
    }

    @Test func latticeTooSmall() throws {
        try expectBadInput(["landscape", "--size", "2"], mentions: ["--size", "2", "4 ≤ N_L"])
        try expectBadInput(["ea", "--size", "2"], mentions: ["--size", "2"])
    }

    @Test func unknownPreset() throws {
        try expectBadInput(["nfu", "--preset", "k99"], mentions: ["preset", "k99", "li33, na35, na40"])
    }

    @Test func malformedListAndFormat() throws {
        try expectBadInput(["nfu", "--x", "0:1"], mentions: ["--x", "start:stop:step"])
        try expectBadInput(["nfu", "--format", "xml"], mentions: ["--format", "xml", "table, csv or json"])
    }

    @Test func windowOutOfRange() throws {
        try expectBadInput(["conductivity", "--size", "8", "--window", "0.5"], mentions: ["--window", "0.5", "1 < W"])
    }

    @Test func misspeltConfigKeyIsRejected() throws {
        let dir = try CLI.temporaryDirectory()
        let config = dir.appendingPathComponent("run.toml")
        try "preset = \"li33\"\nsigmaa = 0.4\n".write(to: config, atomically: true, encoding: .utf8)
        try expectBadInput(["nfu", "--config", config.path], mentions: ["config key", "sigmaa"])
    }

    @Test func nfuTableWithMissingColumn() throws {
        let dir = try CLI.temporaryDirectory()
        let table = dir.appendingPathComponent("nmr.csv")
        try "x,y,B4,B3,B2,P3,P2,P1\n0,0.33,0,0,0,0.5,0.5,0\n".write(to: table, atomically: true, encoding: .utf8)
        try expectBadInput(["nfu", "--nfu-table", table.path, "--x", "0"], mentions: ["line 1", "missing column 'P0'"])
    }

    @Test func nfuTableWithBadCell() throws {
        let dir = try CLI.temporaryDirectory()
        let table = dir.appendingPathComponent("nmr.csv")
        try "x,y,B4,B3,B2,P3,P2,P1,P0\n0,0.33,0,0,0,0.5074626865671641,0.4925373134328359,0,0\n1,0.33,abc,0,0,0,0,0,0\n"
            .write(to: table, atomically: true, encoding: .utf8)
        try expectBadInput(["nfu", "--nfu-table", table.path, "--x", "0"], mentions: ["line 3", "B4", "abc"])
    }
}
