import Foundation
import Testing

/// cait, cait-fit and reproduce end to end on tiny sizes.
@Suite struct CAITCommandTests {
    private static let short = ["--cells", "120", "--duration", "1", "--thickness", "0.6"]

    /// The foreign content equals the beam dose j·t/e (galvanostatic front, SPEC §9), and the
    /// profile columns follow CLI.md.
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

    /// A profile made by the model is fitted back to its parameters from another starting point.
    @Test func caitFitRecoversGeneratingParameters() throws {
        let dir = try CLI.temporaryDirectory()
        let made = try CLI.run(["cait", "--format", "csv", "--quiet"] + Self.short)
        let profile = dir.appendingPathComponent("profile.csv")
        try made.stdout.write(to: profile, atomically: true, encoding: .utf8)
        let fit = try CLI.run(["cait-fit", "--profile", profile.path, "--sed", "gaussian:fwhm=0.3",
                               "--foreign-diffusion", "2e-20", "--format", "csv", "--quiet"] + Self.short)
        #expect(fit.status == 0, "\(fit.stderr)")
        let values = Dictionary(uniqueKeysWithValues: fit.stdout.split(separator: "\n").dropFirst().map {
            let f = $0.split(separator: ","); return (String(f[0]), Double(f[1])!)
        })
        // Noise-free data: LM converges to the generating point; the stopping rule (relative cost
        // change 1e-6) leaves parameters good to well below 1e-3.
        #expect(abs(values["sed_fwhm"]! / 0.25 - 1) <= 1e-3)
        #expect(abs(values["foreign_diffusion"]! / 1e-20 - 1) <= 1e-3)
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
