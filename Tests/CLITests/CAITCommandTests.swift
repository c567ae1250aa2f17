import Foundation
import Testing

/// cait, cait-fit and reproduce end to end on tiny sizes.
@Suite struct CAITCommandTests {
    private static let short = ["--cells", "120", "--duration", "1", "--thickness", "0.6"]

    /// The foreign content equals the beam dose j·t/e (galvanostatic front, docs/model.md §9), and the
    /// profile columns are the README's.
    @Test func caitProfileCarriesTheDose() throws {
        let r = try CLI.run(["cait", "--format", "csv", "--quiet"] + Self.short)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("depth_nm,time_s,native_fraction,foreign_fraction,potential_V\n"))
        let rows = CLI.rows(r.stdout)
        #expect(rows.count == 120)
        // Content ∫ n2 dz from cell centres: approximate the cell widths by the centre spacing.
        var content = 0.0
        for k in rows.indices {
            let z = rows[k]["depth_nm"]!
            let left = k == 0 ? 0 : 0.5 * (z + rows[k - 1]["depth_nm"]!)
            let right = k == rows.count - 1 ? 600 : 0.5 * (z + rows[k + 1]["depth_nm"]!)
            content += rows[k]["foreign_fraction"]! * (right - left)
        }
        // Dose/n_b in nm: j = 0.9 µA/cm² = 9e-3 A/m² for 1 h.
        let dose = 9e-3 * 3600 / 1.602176634e-19 / 1.44e28 * 1e9
        // Midpoint-in-face reconstruction of the cell widths is exact only on uniform grids;
        // on the graded grid it is good to ~1%.
        #expect(abs(content / dose - 1) <= 0.02, "content \(content) nm vs dose \(dose) nm")
    }

    @Test func caitBadInput() throws {
        let r = try CLI.run(["cait", "--foreign", "Fr"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--foreign") && r.stderr.contains("K, Rb or Cs"))
        let d = try CLI.run(["cait", "--duration=-1"])
        #expect(d.status == 2 && d.stderr.contains("--duration"))
    }

    /// A profile made by the model is fitted back to its parameters from another starting point,
    /// with one progress line per iteration whose solve counts add up: the total is the first
    /// solve and Jacobian (1 + 3), one solve per trial step (one line each) and a new Jacobian
    /// (3 solves) after every accepted step.
    @Test func caitFitRecoversGeneratingParameters() throws {
        let dir = try CLI.temporaryDirectory()
        // Cs⁺ for 2 h: a sharp front (~10 nm) 60 nm deep over a developed plateau, so that all
        // three parameters are identifiable from the profile (a 1 h K⁺ front is as wide as deep).
        let setting = ["--foreign", "Cs", "--cells", "120", "--duration", "2", "--thickness", "0.6"]
        let made = try CLI.run(["cait", "--format", "csv", "--quiet"] + setting)
        let profile = dir.appendingPathComponent("profile.csv")
        try made.stdout.write(to: profile, atomically: true, encoding: .utf8)
        // The default Cs⁺ D_foreign is 1e-20 m²/s: start from twice that and FWHM 0.3 eV.
        let fit = try CLI.run(["cait-fit", "--profile", profile.path, "--sed", "gaussian:fwhm=0.3",
                               "--foreign-diffusion", "2e-20", "--format", "csv"] + setting)
        #expect(fit.status == 0, "\(fit.stderr)")
        let values = Dictionary(uniqueKeysWithValues: fit.stdout.split(separator: "\n").dropFirst().map {
            let f = $0.split(separator: ","); return (String(f[0]), Double(f[1])!)
        })
        // Noise-free data: LM converges to the generating point; the stopping rules (cost at the
        // solver's precision, or decreases below 1e-6 of the cost) leave parameters good to < 1e-3.
        #expect(abs(values["sed_fwhm"]! / 0.25 - 1) <= 1e-3)
        #expect(abs(values["foreign_diffusion"]! / 1e-20 - 1) <= 1e-3)
        let lines = fit.stderr.split(separator: "\n")
        let iterations = lines.filter { $0.contains("cait-fit: iteration ") }
        let accepted = iterations.filter { $0.contains(" accepted:") }.count
        #expect(accepted >= 1)
        let total = lines.last { $0.contains("solves in all") }.flatMap { line in
            line.split(separator: " ").firstIndex(of: "solves").map { Int(line.split(separator: " ")[$0 - 1]) } ?? nil
        }
        #expect(total == 4 + iterations.count + 3 * accepted, "\(fit.stderr)")
    }

    /// The README's chain: the SED histogram that `landscape --histogram` writes is accepted by
    /// `cait --sed table:FILE`; a file with several x needs ",x=X" and says which x it holds.
    @Test func landscapeHistogramFeedsCAIT() throws {
        let dir = try CLI.temporaryDirectory()
        let one = dir.appendingPathComponent("sed.csv").path, two = dir.appendingPathComponent("sed2.csv").path
        for (path, xs) in [(one, "0.5"), (two, "0,1")] {
            let l = try CLI.run(["landscape", "--preset", "li33", "--x", xs, "--size", "12", "--histogram", path, "--quiet"])
            #expect(l.status == 0, "\(l.stderr)")
        }
        let run = ["cait", "--format", "csv"] + Self.short
        let single = try CLI.run(run + ["--sed", "table:\(one)"])
        #expect(single.status == 0, "\(single.stderr)")
        #expect(single.stderr.contains("at x = 0.5"))
        let ambiguous = try CLI.run(run + ["--sed", "table:\(two)"])
        #expect(ambiguous.status == 2 && ambiguous.stderr.contains(",x=X") && ambiguous.stderr.contains("0.0, 1.0"), "\(ambiguous.stderr)")
        let chosen = try CLI.run(run + ["--sed", "table:\(two),x=1"])
        #expect(chosen.status == 0, "\(chosen.stderr)")
        let absent = try CLI.run(run + ["--sed", "table:\(two),x=0.5"])
        #expect(absent.status == 2 && absent.stderr.contains("one of 0.0, 1.0"), "\(absent.stderr)")
    }

    /// --model electroneutral: galvanostatic only (exit 2 with the reason otherwise); the beam
    /// warning when the surface potential exceeds --beam-energy, also with --quiet.
    @Test func electroneutralModelAndBeamWarning() throws {
        let en = try CLI.run(["cait", "--model", "electroneutral", "--format", "csv", "--quiet"] + Self.short)
        #expect(en.status == 0 && !en.stderr.contains("warning"), "\(en.stderr)")
        let refused = try CLI.run(["cait", "--model", "electroneutral", "--mode", "potentiostatic"] + Self.short)
        #expect(refused.status == 2 && refused.stderr.contains("--model") && refused.stderr.contains("Debye layer"), "\(refused.stderr)")
        // After 1 h the front is ~30 nm deep, so the surface sits at ~0.04 V for K⁺: a 0.01 eV beam
        // could not land there.
        let low = try CLI.run(["cait", "--beam-energy", "0.01", "--format", "csv", "--quiet"] + Self.short)
        #expect(low.status == 0 && low.stderr.contains("warning: the surface potential"), "\(low.stderr)")
    }

    @Test func caitFitMissingColumn() throws {
        let dir = try CLI.temporaryDirectory()
        let profile = dir.appendingPathComponent("bad.csv")
        try "depth_nm,native_fraction\n1,0.5\n".write(to: profile, atomically: true, encoding: .utf8)
        let r = try CLI.run(["cait-fit", "--profile", profile.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("line 1") && r.stderr.contains("foreign_fraction"))
    }

    /// The figure set: every plot as PNG and SVG, the tables, report.md and run.json.
    @Test func reproduceWritesTheRunFolder() throws {
        let dir = try CLI.temporaryDirectory()
        let launched = Date()
        let r = try CLI.run(["reproduce", "--smoke", "--out", dir.path, "--quiet"])
        let exited = Date()
        #expect(r.status == 0, "\(r.stderr)")
        // run.json times the whole figure set (it is written last).
        try RunRecordTests.expectTrue(dir.appendingPathComponent("run.json"), launched: launched, exited: exited)
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        for stem in ["ea", "sigma-li33", "sigma-na35", "sigma-na40", "arrhenius", "sed", "cait-profiles", "diffusion-law", "bridge-profile"] {
            #expect(files.contains("\(stem).png") && files.contains("\(stem).svg"), "missing \(stem) plots")
        }
        #expect(files.contains("report.md") && files.contains("run.json"))
        let report = try String(contentsOf: dir.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("![") && report.contains("arrhenius.png"))
    }
}
