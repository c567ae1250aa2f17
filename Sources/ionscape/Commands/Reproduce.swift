import ArgumentParser
import CAIT
import MPIFarm
import Foundation
import Glass
import Landscape
import Transport

/// `ionscape reproduce`: the paper's figure set ([B&M] Figs. 4–10 in kind, [GSW]'s CAIT
/// profiles) plus the bridge, into a run folder with CSV tables, PNG/SVG plots and report.md.
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reproduce the paper's figure set: E_a(x), σ(x, T), Arrhenius, SED/PSED, CAIT K/Rb/Cs profiles, and the bridge.",
        discussion: "Without --quick it uses the paper's sizes (docs/model.md §7): E_a at N_L = 100 with 20 realisations and Δx = 0.04, σ at N_L = 35 with 30 realisations.")

    @Flag(help: "Small sizes: a few minutes on 2 cores.")
    var quick = false

    @Flag(help: .hidden) var smoke = false   // tiny sizes for the end-to-end tests

    @Option(help: "Run folder for outputs.")
    var out: String = "runs/reproduce"

    @Option(help: "Master seed (non-negative integer; default \(defaultSeed)).")
    var seed: UInt64?

    @Option(help: "Worker threads (1 … 1024; default: the cores this process may use).")
    var threads: Int?

    @OptionGroup var config: ConfigOptions

    @Flag(help: "Continue an interrupted run from the realisations already stored in --out.")
    var resume = false

    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func run() throws {
        let sizes = smoke ? FigureSizes.smoke : quick ? FigureSizes.quick : FigureSizes.paper
        let settings = try config.load(for: self)
        let seedText = settings.string("seed", flag: self.seed.map { String($0) }, default: String(defaultSeed))
        guard let seed = UInt64(seedText) else {
            throw InputError(name: "--seed", value: seedText, accepted: "an integer 0…\(UInt64.max)")
        }
        let cores = try settings.integer("threads", flag: threads, default: Cores.usable,
                                         from: "the cores this process may use", accepted: "1 ≤ threads ≤ 1024", valid: { $0 >= 1 && $0 <= 1024 })
        if try config.finish(settings, output: nil) { return }
        try OutputDirectory.prepare(out, option: "--out")
        let progress = ProgressReporter(label: "reproduce", quiet: quiet)
        var report = FigureReport(directory: out, title: quick ? "Ionscape quick reproduction" : "Ionscape reproduction at the paper's sizes")
        let common = ["--seed", String(seed), "--threads", String(cores)]

        // The three sweeps run on every rank of an MPI job; the rest on rank 0 alone.
        try report.timed("E_a(x)") { try activationEnergies(sizes: sizes, common: common, progress: progress, report: &$0) }
        try report.timed("σ(x, T)") { try conductivities(sizes: sizes, common: common, progress: progress, report: &$0) }
        try report.timed("Arrhenius") { try arrhenius(sizes: sizes, common: common, progress: progress, report: &$0) }
        guard Launch.current.isRoot else { return }
        try report.timed("SED") { try siteEnergyDistributions(sizes: sizes, common: common, report: &$0) }
        var caitRuns: [ForeignIon: CAITRun] = [:]
        try report.timed("CAIT") { caitRuns = try caitProfiles(sizes: sizes, progress: progress, report: &$0) }
        try report.timed("bridge") { try bridge(sizes: sizes, common: common, gaussianRuns: caitRuns, progress: progress, report: &$0) }
        try report.timed("network D(n)") {
            try networkDiffusion(sizes: sizes, common: common, threads: cores, progress: progress, report: &$0)
        }
        try report.timed("ac spectra") { try acSpectra(sizes: sizes, common: common, progress: progress, report: &$0) }

        var record = RunRecord(command: "reproduce")
        record.add(settings)
        record.parameters["quick"] = quick
        record.parameters["sizes"] = sizes.description
        record.extra["figures"] = report.figures
        record.extra["stages"] = report.stageRecord
        try record.write(to: "\(out)/run.json")
        try report.write()
        progress.note("reproduce: wrote \(out)/report.md (\(report.figures.count) figures) in \(String(format: "%.0f", Date().timeIntervalSince(record.started))) s")
    }

    // MARK: E_a(x), [B&M] Figs. 4, 6, 9

    private func activationEnergies(sizes: FigureSizes, common: [String], progress: ProgressReporter,
                                    report: inout FigureReport) throws {
        var figure = GnuplotFigure(title: "Activation energy vs borate fraction (N_L = \(sizes.eaSize), R = \(sizes.eaRealizations))",
                                   xLabel: "x (borate fraction)", yLabel: "E_a (eV)")
        var tables: [String] = []
        for preset in Preset.all {
            let (settings, run) = try ConductivityRunOptions.resolve(["--preset", preset.name, "--x", sizes.eaX,
                                                                      "--size", String(sizes.eaSize),
                                                                      "--realizations", String(sizes.eaRealizations)] + common)
            let (glass, landscape) = (run.glass, run.landscape)
            guard let table = try ActivationEnergyCommand.sweep(glass: glass, landscape: landscape, u0: 0.1 * landscape.parameters.v0,
                                                                journal: { try journal("ea-\(preset.name)", settings: settings) },
                                                                progress: ProgressReporter(label: "E_a \(preset.name)", quiet: quiet))?.table
            else { continue }
            try table.write(to: "\(out)/ea-\(preset.name).csv")
            tables.append("ea-\(preset.name).csv")
            figure.add("\(preset.name) (V0 = \(preset.v0) eV, σ_ε = \(preset.sigmaEpsilon))", .errorLines,
                       table.numericRows(["x", "Ea_eV", "Ea_se_eV"]))
        }
        guard Launch.current.isRoot else { return }
        try report.add(figure, stem: "ea", caption: "E_a(x) = ⟨Δ_c⟩ from AHL critical-path percolation (docs/model.md §5), mean ± standard error over realisations, for the three presets of docs/model.md §7.",
                       tables: tables)
        progress.note("reproduce: E_a(x) done")
    }

    // MARK: σ(x, T), [B&M] Figs. 5, 8, 10

    private func conductivities(sizes: FigureSizes, common: [String], progress: ProgressReporter,
                                report: inout FigureReport) throws {
        for preset in Preset.all {
            let arguments = ["--preset", preset.name, "--x", sizes.sigmaX(preset), "--size", String(sizes.sigmaSize),
                             "--realizations", String(sizes.sigmaRealizations), "--temperature", sizes.sigmaTemperatures] + common
            let (settings, run) = try ConductivityRunOptions.resolve(arguments)
            let (glass, hopping) = (run.glass, run.hopping)
            guard let averages = try run.sweep.run(journal: { try journal("sigma-\(preset.name)", settings: settings) },
                                                   progress: ProgressReporter(label: "σ \(preset.name)", quiet: quiet))?.averages
            else { continue }
            let table = ConductivityCommand.table(xs: glass.xs, temperatures: hopping.temperatures, averages: averages)
            try table.write(to: "\(out)/sigma-\(preset.name).csv")
            var figure = GnuplotFigure(title: String(format: "log σ vs x, %@ (ν = %.2g Hz, N_L = %d, R = %d)", preset.name,
                                                         preset.attemptFrequency, sizes.sigmaSize, sizes.sigmaRealizations),
                                       xLabel: "x (borate fraction)", yLabel: "log_{10} σ_{dc} (S/cm)")
            for (k, t) in hopping.temperatures.enumerated() {
                let points = glass.xs.indices.compactMap { i -> [Double]? in
                    guard let l = averages[i][k].log10Sigma else { return nil }
                    return [glass.xs[i], l.mean, l.standardError ?? 0]
                }
                figure.add(String(format: "T = %.0f K", t), .errorLines, points)
            }
            try report.add(figure, stem: "sigma-\(preset.name)",
                           caption: "dc conductivity from Kirchhoff's equations on the eq. (7) network (docs/model.md §6, route 1), ⟨log10 σ⟩ ± standard error over realisations, fixed ν of the preset.",
                           tables: ["sigma-\(preset.name).csv"])
        }
        progress.note("reproduce: σ(x, T) done")
    }

    // MARK: Arrhenius, [B&M] Fig. 7

    private func arrhenius(sizes: FigureSizes, common: [String], progress: ProgressReporter,
                           report: inout FigureReport) throws {
        // Fig. 7(a): 0.35Na2O–0.65[0.2B2O3–0.8P2O5], ν = 5e14 Hz.
        let arguments = ["--preset", "na35", "--x", "0.2", "--size", String(sizes.sigmaSize),
                         "--realizations", String(sizes.sigmaRealizations), "--temperature", sizes.arrheniusTemperatures,
                         "--nu", "5e14"] + common
        let (settings, run) = try ConductivityRunOptions.resolve(arguments)
        guard let result = try ArrheniusCommand.compute(run, journal: { try journal("arrhenius-na35", settings: settings) },
                                                        progress: ProgressReporter(label: "Arrhenius na35", quiet: quiet))
        else { return }
        try result.table.write(to: "\(out)/arrhenius-na35-x0.2.csv")
        guard let fit = result.fits.first else { return }
        var figure = GnuplotFigure(title: String(format: "Arrhenius plot, na35 x = 0.2: E_a = %.3f eV (slope), ⟨Δ_c⟩ = %.3f eV",
                                                 fit.fit.activationEnergy, fit.criticalBarrier),
                                   xLabel: "1000/T (1/K)", yLabel: "T σ_{dc} (K S/cm)")
        figure.logY = true
        let points = result.table.numericRows(["T_K", "T_sigma_K_S_per_cm"]).map { [1000 / $0[0], $0[1]] }
        figure.add("model (geometric mean over realisations)", .points, points)
        // ln(Tσ) = ln A − E_a/(k_B T): the fitted line.
        let line = points.map { p -> [Double] in
            let t = 1000 / p[0]
            return [p[0], exp(fit.fit.logPrefactor - fit.fit.activationEnergy / (PhysicalConstants.boltzmannEV * t))]
        }
        figure.add(String(format: "slope: E_a = %.3f eV", fit.fit.activationEnergy), .lines, line)
        try report.add(figure, stem: "arrhenius",
                       caption: "Tσ_dc vs 1000/T for 0.35Na2O–0.65[0.2B2O3–0.8P2O5] at ν = 5e14 Hz ([B&M] Fig. 7(a)), 303–563 K in 20 K steps; the line is the least-squares Arrhenius fit (docs/model.md §6).",
                       tables: ["arrhenius-na35-x0.2.csv"])
        progress.note("reproduce: Arrhenius done")
    }

    // MARK: SED / PSED

    private func siteEnergyDistributions(sizes: FigureSizes, common: [String], report: inout FigureReport) throws {
        var figure = GnuplotFigure(title: "Site energy distributions, li33 (N_L = \(sizes.eaSize))",
                                   xLabel: "site energy ε (eV)", yLabel: "density (1/eV per accessible site)")
        var table = ResultTable(columns: ["x", "energy_eV", "sed_density_per_eV", "psed_density_per_eV"])
        for x in [0.0, 1.0] {
            let (_, run) = try ConductivityRunOptions.resolve(["--preset", "li33", "--x", String(x), "--size", String(sizes.eaSize)] + common)
            let (glass, landscape) = (run.glass, run.landscape)
            let l = try landscape.builder(glass: glass, x: x).build(seed: landscape.seed, realisation: 0)
            let sed = try l.siteEnergyDistribution(binCount: 80, range: -3.5...1.5)
            let psed = try l.populatedEnergyDistribution(temperature: 403, binCount: 80, range: -3.5...1.5)
            let norm = Double(l.accessibleCount) * sed.histogram.binWidth
            var sedPoints: [[Double]] = [], psedPoints: [[Double]] = []
            for (k, e) in sed.histogram.binCentres.enumerated() {
                let s = sed.histogram.weights[k] / norm, p = psed.histogram.weights[k] / norm
                table.append([.number(x), .number(e), .number(s), .number(p)])
                sedPoints.append([e, s]); psedPoints.append([e, p])
            }
            let colour = "lc rgb '\(GnuplotFigure.palette[x == 0 ? 0 : 1])'"
            figure.add("PSED x = \(x), 403 K (shaded)", .shadedSteps, psedPoints, lineStyle: colour)
            figure.add("SED x = \(x)", .steps, sedPoints, lineStyle: colour)
        }
        try table.write(to: "\(out)/sed-li33.csv")
        try report.add(figure, stem: "sed", caption: "SED (all accessible sites) and PSED (occupied part at 403 K) of li33 landscapes at x = 0 and x = 1, first realisation (docs/model.md §3–§4).",
                       tables: ["sed-li33.csv"])
    }

    // MARK: CAIT, [GSW]

    private func caitProfiles(sizes: FigureSizes, progress: ProgressReporter,
                              report: inout FigureReport) throws -> [ForeignIon: CAITRun] {
        var figure = GnuplotFigure(title: "CAIT depth profiles after 13 h (illustrative Li3B7O12 parameters, not measured)",
                                   xLabel: "depth (nm)", yLabel: "n / n_b")
        figure.extra = ["set xrange [0:400]", "set yrange [-0.05:1.1]"]
        var runs: [ForeignIon: CAITRun] = [:]
        var summary = ResultTable(columns: ["foreign_ion", "D_foreign_m2_per_s", "front_nm", "front_width_nm",
                                            "native_plateau", "newton_iterations", "max_conservation_residual",
                                            "surface_potential_V"])
        for (index, ion) in ForeignIon.allCases.enumerated() {
            var scenario = CAITScenario.illustrative(foreign: ion)
            scenario.cells = sizes.caitCells
            let run = try scenario.simulate(outputTimes: [scenario.duration])
            CAITCommand.warnIfBeamCannotLand(run, progress: progress)
            runs[ion] = run
            let p = run.solution.profiles[0]
            try CAITCommand.profileTable(run).write(to: "\(out)/cait-\(ion.rawValue).csv")
            figure.add("native Li⁺ (\(ion.rawValue)⁺ run)", .lines, zip(p.depth, p.nativeFraction).map { [$0 * 1e9, $1] },
                       lineStyle: GnuplotFigure.pairStyle(index, first: true))
            figure.add("foreign \(ion.rawValue)⁺", .lines, zip(p.depth, p.foreignFraction).map { [$0 * 1e9, $1] },
                       lineStyle: GnuplotFigure.pairStyle(index, first: false))
            summary.append([.text(ion.rawValue), .number(scenario.foreignDiffusivity),
                            run.front.map { .number($0.position * 1e9) } ?? .text(""), run.front.map { .number($0.width * 1e9) } ?? .text(""),
                            run.front.map { .number($0.nativePlateau) } ?? .text(""), .integer(run.solution.diagnostics.newtonIterations),
                            .number(run.solution.diagnostics.maximumConservationResidual), .number(run.surfacePotential)])
            progress.note("reproduce: CAIT \(ion.rawValue)⁺ done")
        }
        try summary.write(to: "\(out)/cait-summary.csv")
        try report.add(figure, stem: "cait-profiles",
                       caption: "Nernst–Planck–Poisson CAIT profiles (docs/model.md §9) with a Gaussian SED of FWHM 250 meV; K⁺, Rb⁺ and Cs⁺ differ only in D_foreign. The native plateau behind the front falls from K⁺ to Cs⁺, as in [GSW]. Parameters are illustrative, not measured.",
                       tables: ["cait-K.csv", "cait-Rb.csv", "cait-Cs.csv", "cait-summary.csv"])
        return runs
    }

    // MARK: The bridge: landscape SED → CAIT diffusion law

    private func bridge(sizes: FigureSizes, common: [String], gaussianRuns: [ForeignIon: CAITRun],
                        progress: ProgressReporter, report: inout FigureReport) throws {
        let (_, bridged) = try bridgeScenario(sizes: sizes, common: common)
        let gaussian = CAITScenario.illustrative(foreign: .potassium)

        var dFigure = GnuplotFigure(title: "Native diffusion coefficient D(n) from the site energy distribution (docs/model.md §9)",
                                    xLabel: "n / n_b", yLabel: "D_{native} / D_{bulk}")
        dFigure.logY = true
        var dTable = ResultTable(columns: ["sed", "fraction", "D_over_Dbulk", "activation_shift_eV"])
        for (name, scenario) in [("Gaussian FWHM 250 meV", gaussian), ("li33 x = 1 landscape SED (bridge)", bridged)] {
            let law = try scenario.nativeDiffusion()
            var points: [[Double]] = []
            for k in 1...200 {
                let u = Double(k) / 200
                let logD = try law.logDiffusivity(fraction: u).logValue - log(scenario.bulkDiffusivity)
                points.append([u, exp(logD)])
                dTable.append([.text(name), .number(u), .number(exp(logD)), .number(try law.activationShift(fraction: u))])
            }
            dFigure.add(name, .lines, points)
        }
        try dTable.write(to: "\(out)/diffusion-law.csv")
        try report.add(dFigure, stem: "diffusion-law",
                       caption: "D_native(n) = D_bulk exp(−(E_F(n_b) − E_F(n))/k_BT) at 353 K for the seed-002 Gaussian SED and for the SED of a li33 x = 1 landscape (V0 = 0.64 eV, σ_ε = 0.42), N_L = \(sizes.bridgeSize): the bridge between the two papers.",
                       tables: ["diffusion-law.csv"])

        let bridgeRun = try bridged.simulate(outputTimes: [bridged.duration])
        try CAITCommand.profileTable(bridgeRun).write(to: "\(out)/bridge-cait-K.csv")
        var pFigure = GnuplotFigure(title: "CAIT K⁺ profile: Gaussian SED vs landscape SED (bridge)",
                                    xLabel: "depth (nm)", yLabel: "n / n_b")
        pFigure.extra = ["set xrange [0:1000]", "set yrange [-0.05:1.1]"]
        if let g = gaussianRuns[.potassium]?.solution.profiles.first {
            pFigure.add("native, Gaussian SED", .lines, zip(g.depth, g.nativeFraction).map { [$0 * 1e9, $1] },
                       lineStyle: GnuplotFigure.pairStyle(0, first: true))
            pFigure.add("foreign, Gaussian SED", .lines, zip(g.depth, g.foreignFraction).map { [$0 * 1e9, $1] },
                       lineStyle: GnuplotFigure.pairStyle(0, first: false))
        }
        let p = bridgeRun.solution.profiles[0]
        pFigure.add("native, landscape SED", .lines, zip(p.depth, p.nativeFraction).map { [$0 * 1e9, $1] },
                       lineStyle: GnuplotFigure.pairStyle(1, first: true))
        pFigure.add("foreign, landscape SED", .lines, zip(p.depth, p.foreignFraction).map { [$0 * 1e9, $1] },
                       lineStyle: GnuplotFigure.pairStyle(1, first: false))
        CAITCommand.warnIfBeamCannotLand(bridgeRun, progress: progress)
        let plateau = bridgeRun.front.map {
            String(format: "%.3g behind a front at %.0f nm", $0.nativePlateau, $0.position * 1e9)
        } ?? "not measured (no foreign ions)"
        try report.add(pFigure, stem: "bridge-profile",
                       caption: "The li33 x = 1 landscape SED, filled to the landscape's own ion count (so the native ions occupy its PSED), fed into the CAIT model (K⁺, illustrative beam and D_bulk): native plateau \(plateau). Neither paper makes this connection.",
                       tables: ["bridge-cait-K.csv"])
        progress.note("reproduce: bridge done")
    }

    /// The sweep journal of one part of the figure set (for `--resume`).
    private func journal(_ name: String, settings: Settings) throws -> SweepJournal {
        try SweepJournal(path: "\(out)/.\(name).journal", parameters: SweepOptions.journalKey(settings), resume: resume)
    }
}

/// Sizes of the figure set: the paper's (docs/model.md §7) or a quick version.
struct FigureSizes: CustomStringConvertible {
    let eaSize: Int, eaRealizations: Int, eaX: String
    let sigmaSize: Int, sigmaRealizations: Int, sigmaTemperatures: String
    /// x grid of the σ sweeps; the paper uses Δx = 0.2 for li33 (Fig. 5) and 0.1 for the Na series (Figs. 8, 10).
    let sigmaXLi: String, sigmaXNa: String
    let arrheniusTemperatures: String
    let bridgeSize: Int, caitCells: Int
    let acSize: Int, acRealizations: Int, acFrequencies: String

    static let quick = FigureSizes(eaSize: 50, eaRealizations: 10, eaX: "0:1:0.1",
                                   sigmaSize: 16, sigmaRealizations: 8, sigmaTemperatures: "303,403,503",
                                   sigmaXLi: "0:1:0.25", sigmaXNa: "0:1:0.25",
                                   arrheniusTemperatures: "303:563:20", bridgeSize: 40, caitCells: 2000,
                                   acSize: 12, acRealizations: 4, acFrequencies: "1:1e12:37")
    static let smoke = FigureSizes(eaSize: 8, eaRealizations: 2, eaX: "0,1",
                                   sigmaSize: 6, sigmaRealizations: 2, sigmaTemperatures: "303,403", sigmaXLi: "0,1", sigmaXNa: "0,1",
                                   arrheniusTemperatures: "303:403:50", bridgeSize: 8, caitCells: 150,
                                   acSize: 6, acRealizations: 2, acFrequencies: "1:1e9:7")
    static let paper = FigureSizes(eaSize: 100, eaRealizations: 20, eaX: "0:1:0.04",
                                   sigmaSize: 35, sigmaRealizations: 30, sigmaTemperatures: "303,403,503",
                                   sigmaXLi: "0:1:0.2", sigmaXNa: "0:1:0.1",
                                   arrheniusTemperatures: "303:563:20", bridgeSize: 100, caitCells: 2000,
                                   acSize: 35, acRealizations: 10, acFrequencies: "1:1e12:61")

    func sigmaX(_ preset: Preset) -> String { preset.alkali == .Li ? sigmaXLi : sigmaXNa }

    var description: String {
        "E_a: N_L=\(eaSize), R=\(eaRealizations), x=\(eaX); σ: N_L=\(sigmaSize), R=\(sigmaRealizations), x=\(sigmaXLi) (Li) / \(sigmaXNa) (Na), T=\(sigmaTemperatures) K; Arrhenius T=\(arrheniusTemperatures) K; bridge N_L=\(bridgeSize); CAIT cells=\(caitCells); ac N_L=\(acSize), R=\(acRealizations), f=\(acFrequencies) Hz"
    }
}

extension ResultTable {
    /// The named numeric columns of every row, for plotting.
    func numericRows(_ names: [String]) -> [[Double]] {
        let indices = names.compactMap { columns.firstIndex(of: $0) }
        return rows.map { row in indices.map { i in
            switch row[i] {
            case let .number(v): return v
            case let .integer(v): return Double(v)
            default: return .nan
            }
        } }
    }
}
