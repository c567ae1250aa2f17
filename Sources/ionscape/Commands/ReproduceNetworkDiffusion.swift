import CAIT
import Foundation
import Landscape

extension Reproduce {
    /// The bridge's landscape (li33, x = 1, realisation 0) and the K⁺ CAIT scenario on its SED,
    /// filled to the landscape's own ion count (its PSED), with seed 002's native law.
    func bridgeScenario(sizes: FigureSizes, common: [String]) throws -> (SiteEnergyLandscape, CAITScenario) {
        let (_, run) = try ConductivityRunOptions.resolve(["--preset", "li33", "--x", "1", "--size", String(sizes.bridgeSize)] + common)
        let (glass, landscape) = (run.glass, run.landscape)
        let l = try landscape.builder(glass: glass, x: 1).build(seed: landscape.seed, realisation: 0)
        var scenario = CAITScenario.illustrative(foreign: .potassium)
        scenario.cells = sizes.caitCells
        scenario.distribution = try TabulatedSiteEnergyDistribution(landscape: l)
        scenario.vacancyFraction = landscapeVacancyFraction(l)
        return (l, scenario)
    }

    /// Seed 002's E_F-shift law against the network's chemical diffusion coefficient as the native
    /// D(n) of CAIT (docs/kmc.md, "D(n) from the network"), both from the li33 x = 1 landscape of
    /// the bridge: the two D(n) curves, and the K⁺ profile each gives.
    func networkDiffusion(sizes: FigureSizes, common: [String], threads: Int, progress: ProgressReporter,
                          report: inout FigureReport) throws {
        let (l, seed) = try bridgeScenario(sizes: sizes, common: common)
        let table = try networkDiffusionTable(l, temperature: seed.temperature, threads: threads)
        var network = seed
        network.nativeDiffusionTable = table

        var dTable = ResultTable(columns: ["law", "fraction", "D_over_Dbulk"])
        var dFigure = GnuplotFigure(title: "Native D(n): seed 002's E_F-shift law vs the network's D_{chem} (li33 x = 1, N_L = \(sizes.bridgeSize), 353 K)",
                                    xLabel: "n / n_b", yLabel: "D_{native} / D_{bulk}")
        dFigure.logY = true
        let laws = [("seed 002's E_F-shift law (landscape SED)", seed), ("network D_chem(c) (same landscape)", network)]
        let plotLabels = ["seed 002's E_F-shift law (landscape SED)", "network D_{chem}(c) (same landscape)"]
        for (k, (name, scenario)) in laws.enumerated() {
            let law = try scenario.nativeDiffusionLaw()
            let upper = law.fillingUpperLimit ?? 1
            var points: [[Double]] = []
            for k in 1..<200 {
                let u = upper * Double(k) / 200
                let ratio = try law.evaluate(fraction: u).value / scenario.bulkDiffusivity
                guard ratio > 0 else { continue }   // below the smallest double: off the log axis
                points.append([u, ratio])
                dTable.append([.text(name), .number(u), .number(ratio)])
            }
            dFigure.add(plotLabels[k], .lines, points)
        }
        var raw = ResultTable(columns: ["filling", "D_chem_relative"])
        for (c, d) in zip(table.fillings, table.diffusivities) { raw.append([.number(c), .number(d)]) }
        try AtomicFile.write(dTable.csv, to: "\(out)/diffusion-network.csv")
        try AtomicFile.write(raw.csv, to: "\(out)/network-dchem.csv")
        let bulk = try TabulatedDiffusion.interpolated(table, at: 1 - seed.vacancyFraction)
        let peak = zip(table.fillings, table.diffusivities).max { $0.1 < $1.1 }!
        let seedLaw = try seed.nativeDiffusion()
        let lowest = table.fillings[0] / (1 - seed.vacancyFraction)
        let seedDrop = (try seedLaw.logDiffusivity(fraction: lowest).logValue - log(seed.bulkDiffusivity)) / M_LN10
        let shape = String(format: "D_chem is largest at c = %.2f (%.2g × its bulk value) and at the smallest filling c = %.2g is %.2g × its bulk value, where the E_F-shift law has fallen by %.0f decades",
                           peak.0, peak.1 / bulk, table.fillings[0], table.diffusivities[0] / bulk, -seedDrop)
        try report.add(dFigure, stem: "diffusion-network",
                       caption: "The native ions' D(n) from one li33 x = 1 landscape (realisation 0) at 353 K, both scaled to D_bulk at n = n_b: seed 002's law D_bulk exp(−(E_F(n_b) − E_F(n))/k_BT) from the landscape's SED, and the chemical diffusion coefficient D_chem = σ/(e² ∂n/∂μ) of the landscape's conductance network at the fillings c = n/N_s of network-dchem.csv (docs/kmc.md; held constant outside them). \(shape). The E_F-shift law is the mobility of ions activated from E_F to a fixed level; D_chem divides the network's σ by ∂n/∂μ, which falls with σ as the ions deplete.",
                       tables: ["diffusion-network.csv", "network-dchem.csv"])

        var pFigure = GnuplotFigure(title: "CAIT K⁺ profiles with each native D(n) (li33 x = 1 landscape)",
                                    xLabel: "depth (nm)", yLabel: "n / n_b")
        pFigure.extra = ["set xrange [0:1000]", "set yrange [-0.05:1.1]"]
        var summary: [String] = []
        for (name, scenario) in laws {
            let result = try scenario.simulate(outputTimes: [scenario.duration])
            let p = result.solution.profiles[0]
            let short = name.hasPrefix("seed") ? "E_F-shift law" : "network D_{chem}"
            pFigure.add("native, \(short)", .lines, zip(p.depth, p.nativeFraction).map { [$0 * 1e9, $1] })
            pFigure.add("foreign, \(short)", .lines, zip(p.depth, p.foreignFraction).map { [$0 * 1e9, $1] })
            let stem = name.hasPrefix("seed") ? "network-cait-K-seed.csv" : "network-cait-K-network.csv"
            try AtomicFile.write(CAITCommand.profileTable(result).csv, to: "\(out)/\(stem)")
            let law = name.hasPrefix("seed") ? "E_F-shift law" : "network D_chem"
            summary.append("\(law): " + (result.front.map {
                String(format: "replacement front at %.0f nm over a native plateau of %.3g", $0.position * 1e9, $0.nativePlateau)
            } ?? "no sharp replacement front (a mixed zone)"))
        }
        try report.add(pFigure, stem: "network-profile",
                       caption: "CAIT K⁺ profiles after 13 h (illustrative beam, D_bulk and D_foreign; not measured) from the same landscape SED and vacancy fraction, with the native D(n) of the figure above: \(summary.joined(separator: "; ")).",
                       tables: ["network-cait-K-seed.csv", "network-cait-K-network.csv"])
        progress.note("reproduce: network D(n) done (\(summary.joined(separator: "; ")))")
    }
}
