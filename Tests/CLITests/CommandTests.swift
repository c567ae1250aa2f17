import Foundation
import Testing

/// Each subcommand on tiny sizes, checked against independent facts.
@Suite struct CommandTests {
    /// The `nfu` table accounts for the formula unit y M2O–(1−y)[x B2O3–(1−x) P2O5]: with
    /// 2(1−y) network cations, the boron units add up to 2x(1−y), the phosphorus units to
    /// 2(1−x)(1−y) and the unit charges to the 2y alkali ions; and Li borate at 33.3 mol% Li2O
    /// has the measured N4 ≈ 0.42 (¹¹B NMR, Bray and O'Keefe 1963; ± 0.02 between studies).
    @Test func nfuTableIsStoichiometric() throws {
        let result = try CLI.run(["nfu", "--preset", "na35", "--x", "0:1:0.25", "--format", "csv"])
        #expect(result.status == 0)
        let rows = CLI.rows(result.stdout)
        #expect(rows.count == 5)
        for row in rows {
            let (x, y) = (row["x"]!, row["y"]!), n = 2 * (1 - y)
            // The CSV carries shortest round-trip decimals, so sums are exact to a few ulp.
            #expect(abs(n * (row["B4"]! + row["B3"]! + row["B2"]!) - 2 * x * (1 - y)) <= 1e-12)
            #expect(abs(n * (row["P3"]! + row["P2"]! + row["P1"]! + row["P0"]!) - 2 * (1 - x) * (1 - y)) <= 1e-12)
            #expect(abs(n * (row["B4"]! + row["B2"]! + row["P2"]! + 2 * row["P1"]! + 3 * row["P0"]!) - 2 * y) <= 1e-12)
        }
        let borate = try CLI.run(["nfu", "--alkali", "Li", "--x", "1", "--y", "0.3333333333333333", "--format", "csv"])
        let n4 = try #require(CLI.rows(borate.stdout).first?["B4"])
        #expect(abs(n4 - 0.42) <= 0.02, "N4 = \(n4)")
    }

    /// Counts follow docs/model.md §3 exactly: blocked = round(f_bl·N_tot), N = round((1 − f0)·N_acc).
    @Test func landscapeCounts() throws {
        let result = try CLI.run(["landscape", "--preset", "na40", "--x", "0.5", "--size", "10", "--format", "csv"])
        #expect(result.status == 0)
        let row = try #require(CLI.rows(result.stdout).first)
        let r = 0.4 / 0.6, fbl = 1 - r / 0.95
        let blocked = (fbl * 1000).rounded()
        #expect(row["accessible"] == 1000 - blocked)
        #expect(row["ions"] == ((1 - 0.05) * (1000 - blocked)).rounded())
    }

    @Test func activationEnergiesArePositiveWithErrors() throws {
        let result = try CLI.run(["ea", "--x", "0,1", "--size", "10", "--realizations", "3", "--format", "csv", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = CLI.rows(result.stdout)
        #expect(rows.count == 2)
        // Δ_c ≥ u0 = 0.1·V0 for every realisation (eq. (8b): the other terms are non-negative).
        #expect(rows.allSatisfy { $0["Ea_eV"]! >= 0.064 && $0["Ea_se_eV"]! > 0 && $0["realizations"] == 3 })
    }

    @Test func dumpConfigRoundTrips() throws {
        let dir = try CLI.temporaryDirectory()
        let dumped = try CLI.run(["ea", "--preset", "na35", "--x", "0,0.5", "--size", "9", "--dump-config"])
        #expect(dumped.status == 0)
        let config = dir.appendingPathComponent("run.toml")
        try dumped.stdout.write(to: config, atomically: true, encoding: .utf8)
        let fromConfig = try CLI.run(["ea", "--config", config.path, "--format", "csv", "--quiet", "--realizations", "2"])
        let fromFlags = try CLI.run(["ea", "--preset", "na35", "--x", "0,0.5", "--size", "9", "--format", "csv", "--quiet",
                                     "--realizations", "2"])
        #expect(fromConfig.status == 0, "\(fromConfig.stderr)")
        #expect(fromConfig.stdout == fromFlags.stdout)
    }

    /// Route 1's window keys survive the round trip too (`window-tolerance`, and `window`, the fixed W).
    @Test func conductivityConfigRoundTrips() throws {
        let dir = try CLI.temporaryDirectory()
        let flags = ["conductivity", "--x", "0.5", "--size", "12", "--realizations", "2", "--temperature", "403",
                     "--window", "1e4", "--window-tolerance", "1e-4"]
        let dumped = try CLI.run(flags + ["--dump-config"])
        #expect(dumped.status == 0, "\(dumped.stderr)")
        #expect(dumped.stdout.contains("window") && dumped.stdout.contains("window-tolerance"))
        let config = dir.appendingPathComponent("run.toml")
        try dumped.stdout.write(to: config, atomically: true, encoding: .utf8)
        let fromConfig = try CLI.run(["conductivity", "--config", config.path, "--format", "csv", "--quiet"])
        let fromFlags = try CLI.run(flags + ["--format", "csv", "--quiet"])
        #expect(fromConfig.status == 0, "\(fromConfig.stderr)")
        #expect(!fromFlags.stdout.isEmpty && fromConfig.stdout == fromFlags.stdout)
    }
}
