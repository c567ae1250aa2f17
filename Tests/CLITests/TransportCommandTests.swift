import Foundation
import Testing

/// conductivity, arrhenius, validate-kron and validate on tiny sizes.
@Suite struct TransportCommandTests {
    @Test func conductivityIsIndependentOfTheRoute() throws {
        let base = ["conductivity", "--x", "0.5", "--size", "8", "--realizations", "2", "--temperature", "403",
                    "--window-tolerance", "1e-9", "--format", "csv", "--quiet"]
        let direct = try CLI.run(base + ["--solver", "cholmod"]), kron = try CLI.run(base + ["--solver", "kron"])
        #expect(direct.status == 0 && kron.status == 0, "\(direct.stderr) \(kron.stderr)")
        let a = try #require(CLI.rows(direct.stdout).first), b = try #require(CLI.rows(kron.stdout).first)
        // Two independent solvers: route 1's certified bracket is ≤ 1e-9 wide (so its midpoint is
        // within 5e-10 of the true σ) and route 2 is within its rounding bound, u·Σ_k(f_k + 70)
        // ≈ 1.1e-16 · 400 pivots · ~100 ≈ 5e-12 at N_L = 8, so the two log10 σ differ by at most
        // (5e-10 + 5e-12)/ln 10 ≈ 2.2e-10; 1e-9 leaves room.
        #expect(abs(a["log10_sigma_mean"]! - b["log10_sigma_mean"]!) <= 1e-9)
        #expect(a["sigma_bound_rel"]! <= 5e-10 && b["sigma_bound_rel"]! <= 1e-10)
        #expect(a["realizations"] == 2)
    }

    /// One σ (one x, T and realisation) takes the single-σ route-1 policy (METIS; a second thread
    /// for the bracket's spanning forest when there are two). The output is byte-identical.
    @Test func singleConductivityIsIndependentOfThreads() throws {
        let base = ["conductivity", "--x", "0.5", "--size", "24", "--realizations", "1", "--temperature", "403",
                    "--format", "csv", "--quiet"]
        let one = try CLI.run(base + ["--threads", "1"]), two = try CLI.run(base + ["--threads", "2"])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr) \(two.stderr)")
        #expect(!one.stdout.isEmpty && one.stdout == two.stdout)
    }

    /// The run record carries route 1's own reports, checked against route 2 on the same
    /// landscapes: every solve's certified bracket (default windows, and a fixed W = 10 whose
    /// brackets are wide) contains route 2's σ of the same realisation and temperature; the
    /// default brackets meet the tolerance (none above it), the W = 10 ones are each wider than it
    /// (all 6 counted above); sigma_bound_rel is the half-width of the widest.
    @Test func conductivityRecordReportsRouteOne() throws {
        func solves(_ extra: [String]) throws -> (stdout: String, record: [String: Any], solves: [[String: Any]]) {
            let dir = try CLI.temporaryDirectory()
            let r = try CLI.run(["conductivity", "--x", "0.5", "--size", "12", "--realizations", "3", "--temperature", "303,403",
                                 "--format", "csv", "--quiet", "--out", dir.path] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let record = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: dir.appendingPathComponent("conductivity.json"))) as? [String: Any])
            return (r.stdout, record, try #require(record["solves"] as? [[String: Any]]))
        }
        func key(_ s: [String: Any]) -> String { "\(s["realization"]!) \(s["T_K"]!)" }
        let kron = try solves(["--solver", "kron"]).solves
        let reference = Dictionary(uniqueKeysWithValues: kron.map { (key($0), $0["log10_sigma"] as! Double) })
        for (extra, allAbove) in [([String](), false), (["--window", "10"], true)] {
            let run = try solves(extra)
            let route1 = try #require(run.record["route1"] as? [String: Any])
            #expect(route1["solves"] as? Int == 6 && run.solves.count == 6)
            var widest = 0.0
            for solve in run.solves {
                let lower = try #require(solve["log10_sigma_lower"] as? Double), upper = try #require(solve["log10_sigma_upper"] as? Double)
                let other = try #require(reference[key(solve)])
                // Route 2's own rounding bound is ~1e-13 relative here, far inside any of these brackets.
                #expect(lower <= other && other <= upper, "\(extra): route 2's log10 σ \(other) outside [\(lower), \(upper)]")
                let width = pow(10, upper - lower) - 1
                #expect(allAbove ? width > 1e-3 : width <= 1e-3)
                widest = max(widest, width)
            }
            #expect(route1["above_tolerance"] as? Int == (allAbove ? 6 : 0))
            let halfWidths = CLI.rows(run.stdout).map { $0["sigma_bound_rel"]! }
            // Half-width (hi − lo)/(2σ) of each point's widest bracket: between (hi − lo)/(2 hi) and (hi − lo)/(2 lo).
            #expect(halfWidths.count == 2 && halfWidths.allSatisfy { $0 > 0 && $0 <= widest / 2 * (1 + 1e-9) })
            #expect(halfWidths.max()! >= widest / (2 * (1 + widest)) * (1 - 1e-9))
        }
    }

    @Test func unknownSolverIsBadInput() throws {
        let r = try CLI.run(["conductivity", "--solver", "lu", "--size", "8"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--solver") && r.stderr.contains("cholmod, mumps, amg, auto or kron"))
    }

    /// The Arrhenius slope at low T approaches ⟨Δ_c⟩ of the same landscapes (docs/model.md §6); on a tiny
    /// lattice at 200–300 K within 5% (the library test asserts 3% on larger lattices).
    @Test func arrheniusSlopeApproachesCriticalBarrier() throws {
        let dir = try CLI.temporaryDirectory()
        let r = try CLI.run(["arrhenius", "--x", "0.5", "--size", "10", "--realizations", "3", "--temperature", "200:300:25",
                             "--format", "csv", "--quiet", "--out", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(CLI.rows(r.stdout).count == 5)
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("arrhenius.json"))) as? [String: Any]
        let fit = try #require((record?["activation_energy"] as? [[String: Any]])?.first)
        let ea = try #require(fit["Ea_eV"] as? Double), dc = try #require(fit["critical_barrier_eV"] as? Double)
        #expect(abs(ea / dc - 1) <= 0.05, "E_a = \(ea), Δ_c = \(dc)")
    }

    @Test func validateKronRoutesAgree() throws {
        let r = try CLI.run(["validate-kron", "--size", "8", "--realizations", "1", "--temperature", "303,563",
                             "--window-tolerance", "1e-9", "--format", "csv", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "case,spread,sigma_direct,sigma_kron,relative_difference,sigma_lower,sigma_upper,inside")
        #expect(lines.count == 3)
        // The case names hold commas (quoted); the numeric columns follow the closing quote.
        let numeric = lines.dropFirst().map { line -> [String: Double] in
            let values = line.split(separator: "\"").last!.split(separator: ",").map(String.init)
            let names = ["spread", "sigma_direct", "sigma_kron", "relative_difference", "sigma_lower", "sigma_upper"]
            return Dictionary(uniqueKeysWithValues: zip(names, values.map { Double($0) ?? .nan }))
        }
        for row in numeric {
            // Route 1's bracket is ≤ 1e-9 wide, so the midpoint is within 5e-10 of the truth, and
            // route 2 within its rounding bound: the agreement target 1e-8 holds with room.
            #expect(row["relative_difference"]! <= 1e-8)
            #expect(row["sigma_lower"]! <= row["sigma_kron"]! * (1 + 1e-12) && row["sigma_kron"]! <= row["sigma_upper"]! * (1 + 1e-12))
        }
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",true") })
    }

    @Test func validateAllOraclesPass() throws {
        let r = try CLI.run(["validate", "--format", "csv", "--quiet"])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "check,expected,measured,tolerance,pass")
        #expect(lines.count >= 10)
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",true") })
    }
}
