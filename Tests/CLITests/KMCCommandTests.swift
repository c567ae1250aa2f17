import Foundation
import Testing

/// `kmc`, `diffusion` and `cait --diffusion` end to end, on tiny sizes.
@Suite struct KMCCommandTests {
    static let kmcColumns = "x,T_K,filling,D_tracer_m2_per_s,D_tracer_se,D_sigma_m2_per_s,D_sigma_se,haven_ratio,haven_ratio_se,"
        + "sigma_S_per_cm,sigma_se,realizations,correlation_factor,correlation_factor_se,equilibrated_runs"
    static let diffusionColumns = "x,T_K,filling,log10_sigma_mean,log10_sigma_se,D_chem_m2_per_s,D_chem_se,realizations"

    /// The CLI contract's columns, one row per (x, T, c), and output that does not depend on --threads.
    @Test func kmcColumnsAndThreadIndependence() throws {
        let base = ["kmc", "--size", "6", "--realizations", "3", "--x", "0.5", "--temperature", "1500,2000",
                    "--hops-per-ion", "50", "--blocks", "4", "--format", "csv", "--quiet"]
        let one = try CLI.run(base + ["--threads", "1"]), two = try CLI.run(base + ["--threads", "2"])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
        #expect(one.stdout.hasPrefix(Self.kmcColumns + "\n"))
        #expect(!one.stdout.isEmpty && one.stdout == two.stdout)
        let rows = CLI.rows(one.stdout)
        #expect(rows.count == 2 && rows.allSatisfy { $0["realizations"] == 3 && $0["D_tracer_m2_per_s"]! > 0 })
    }

    /// 20 K at 1 % filling: some runs freeze, the others wait ~1e100/Γ0 in deep traps between fast
    /// hops. Every run ends with exit 0 and finite numbers (empty cells only where H_R or f is
    /// undefined), and nothing says NaN (it printed "mean time per hop -nan" and wrote out of
    /// bounds before).
    @Test func frozenAndDeepTrapRunsEndCleanly() throws {
        let r = try CLI.run(["kmc", "--preset", "li33", "--x", "0.5", "--size", "6", "--temperature", "20", "--filling", "0.01",
                             "--start", "random", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!(r.stdout + r.stderr).lowercased().contains("nan"))
        let row = try #require(CLI.rows(r.stdout).first)
        for column in ["D_tracer_m2_per_s", "D_sigma_m2_per_s", "sigma_S_per_cm"] {
            let value = try #require(row[column], "\(column) is empty")
            #expect(value.isFinite && value >= 0)
        }
        #expect(r.stderr.contains("froze"))
    }

    /// The uniform lattice through the CLI: D_σ = D0(1 − c) with D0 = ν e^{−βu0} a² (within 4 SE
    /// plus the 1/M finite-size term, M = 512), x empty, and the filling as asked.
    @Test func kmcUniformLatticeGivesTheLatticeGasLaw() throws {
        let r = try CLI.run(["kmc", "--landscape", "uniform", "--size", "8", "--filling", "0.5", "--realizations", "1",
                             "--temperature", "500", "--nu", "1e13", "--u0", "0", "--hops-per-ion", "1500",
                             "--blocks", "500", "--format", "csv", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[1].hasPrefix(","))
        let row = try #require(CLI.rows(r.stdout).first)
        let d0 = 1e13 * 25e-20
        #expect(row["filling"] == 0.5)
        #expect(abs(row["D_sigma_m2_per_s"]! - 0.5 * d0) <= 4 * row["D_sigma_se"]! + d0 / 512,
                "D_σ = \(row["D_sigma_m2_per_s"]!) ± \(row["D_sigma_se"]!)")
    }

    /// `diffusion` on the uniform lattice is exact: D_chem = ν e^{−βu0} a² at every filling.
    @Test func diffusionOfTheUniformLatticeIsTheBareRate() throws {
        let r = try CLI.run(["diffusion", "--landscape", "uniform", "--size", "6", "--filling", "0.1:0.9:0.2",
                             "--temperature", "400", "--nu", "1e13", "--u0", "0.1", "--realizations", "1",
                             "--format", "csv", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix(Self.diffusionColumns + "\n"))
        let rows = CLI.rows(r.stdout)
        let exact = 1e13 * exp(-0.1 / (8.617333262e-5 * 400)) * 25e-20
        #expect(rows.count == 5)
        // μ to 1e-12 in N (a few 1e-11 in f(1 − f)); 1e-9 leaves room.
        for row in rows { #expect(abs(row["D_chem_m2_per_s"]! / exact - 1) <= 1e-9) }
    }

    /// The table `diffusion` writes drives `cait --diffusion table:FILE`, and `--diffusion network`
    /// computes its own from the landscape flags; both say which law they used.
    @Test func diffusionTableDrivesCAIT() throws {
        let dir = try CLI.temporaryDirectory()
        let d = try CLI.run(["diffusion", "--size", "8", "--x", "1", "--realizations", "1", "--temperature", "353",
                             "--filling", "0.05:0.95:0.1", "--format", "csv", "--quiet"])
        #expect(d.status == 0, "\(d.stderr)")
        let table = dir.appendingPathComponent("d.csv")
        try d.stdout.write(to: table, atomically: true, encoding: .utf8)
        let c = try CLI.run(["cait", "--diffusion", "table:\(table.path)", "--vacancy-fraction", "0.1", "--cells", "120",
                             "--duration", "1", "--format", "csv"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stderr.contains("native D(n): table \(table.path)"))
        let profile = CLI.rows(c.stdout)
        #expect(profile.count == 120 && profile.allSatisfy { $0["native_fraction"]!.isFinite })
        let n = try CLI.run(["cait", "--diffusion", "network", "--size", "8", "--cells", "120", "--duration", "1",
                             "--format", "csv"])
        #expect(n.status == 0, "\(n.stderr)")
        #expect(n.stderr.contains("native D(n): network D_chem(c) of a 8³ landscape"))
    }

    /// Bad input: exit 2 with the input, its value and the accepted range.
    @Test func badInputIsRejected() throws {
        let dir = try CLI.temporaryDirectory()
        let twice = dir.appendingPathComponent("twice.csv")
        try "filling,D_chem_m2_per_s\n0.5,1e-12\n0.5,2e-12\n".write(to: twice, atomically: true, encoding: .utf8)
        let narrow = dir.appendingPathComponent("narrow.csv")
        try "filling,D_chem_m2_per_s\n0.2,1e-12\n0.5,2e-12\n".write(to: narrow, atomically: true, encoding: .utf8)
        let cases: [([String], [String])] = [
            (["kmc", "--filling", "1.2", "--size", "6"], ["--filling", "0 < c < 1"]),
            (["kmc", "--landscape", "glass", "--size", "6"], ["--landscape", "composition or uniform"]),
            (["kmc", "--start", "hot", "--size", "6"], ["--start", "fermi-dirac"]),
            (["kmc", "--blocks", "1", "--size", "6"], ["--blocks"]),
            (["kmc", "--landscape", "uniform", "--x", "0.5", "--size", "6"], ["--x", "uniform"]),
            (["diffusion", "--filling", "0", "--size", "6"], ["--filling"]),
            (["diffusion", "--filling", "0.0001", "--size", "6", "--realizations", "1"], ["filling", "vacancy"]),
            (["cait", "--diffusion", "fast"], ["--diffusion", "seed, network or table:FILE"]),
            (["cait", "--diffusion", "table:\(twice.path)"], ["two rows for filling 0.5"]),
            (["cait", "--diffusion", "table:\(narrow.path)"], ["bulk filling", "0.2 … 0.5"]),
            (["cait-fit", "--diffusion", "network", "--profile", twice.path], ["--diffusion"]),
        ]
        for (arguments, fragments) in cases {
            let r = try CLI.run(arguments)
            #expect(r.status == 2, "\(arguments): status \(r.status), stderr \(r.stderr)")
            for f in fragments { #expect(r.stderr.contains(f), "\(arguments): stderr lacks '\(f)': \(r.stderr)") }
        }
    }
}
