import ArgumentParser
import CAIT
import Foundation
import Glass
import Landscape
import Transport

/// `ionscape reproduce`: the paper's figure set (seed 000 Figs. 4–10 in kind, seed 002's CAIT
/// profiles) plus the bridge, into a run folder with CSV tables, PNG/SVG plots and report.md.
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reproduce the paper's figure set: E_a(x), σ(x, T), Arrhenius, SED/PSED, CAIT K/Rb/Cs profiles, and the bridge.",
        discussion: "Without --quick it uses the paper's sizes (SPEC §7): E_a at N_L = 100 with 20 realisations and Δx = 0.04, σ at N_L = 35 with 30 realisations.")

    @Flag(help: "Small sizes: a few minutes on 2 cores.")
    var quick = false

    @Option(help: "Run folder for outputs.")
    var out: String = "runs/reproduce"

    @Option(help: "Master seed (non-negative integer).")
    var seed: UInt64 = defaultSeed

    @Option(help: "Worker threads (≥ 1; default: all cores).")
    var threads: Int?

    @Flag(help: "Continue an interrupted run from the realisations already stored in --out.")
    var resume = false

    @Flag(help: "No progress output on stderr.")
    var quiet = false

    func run() throws {
        let sizes = quick ? FigureSizes.quick : FigureSizes.paper
        let cores = threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard cores >= 1 else { throw InputError(name: "--threads", value: "\(cores)", accepted: "≥ 1") }
        let progress = ProgressReporter(label: "reproduce", quiet: quiet)
        var report = FigureReport(directory: out, title: quick ? "Ionscape quick reproduction" : "Ionscape reproduction at the paper's sizes")
        let started = Date()
        let common = ["--seed", String(seed), "--threads", String(cores)]

        try activationEnergies(sizes: sizes, common: common, progress: progress, report: &report)
        try siteEnergyDistributions(sizes: sizes, common: common, report: &report)
        let caitRuns = try caitProfiles(sizes: sizes, progress: progress, report: &report)
        try bridge(sizes: sizes, common: common, gaussianRuns: caitRuns, progress: progress, report: &report)

        var record = RunRecord(command: "reproduce")
        record.parameters = ["quick": quick, "seed": String(seed), "threads": cores, "sizes": sizes.description]
        record.extra["figures"] = report.figures
        record.extra["wall_seconds_total"] = Date().timeIntervalSince(started)
        try record.write(to: "\(out)/run.json")
        try report.write()
        progress.note("reproduce: wrote \(out)/report.md (\(report.figures.count) figures) in \(String(format: "%.0f", Date().timeIntervalSince(started))) s")
    }

    // MARK: E_a(x), seed 000 Figs. 4, 6, 9

    private func activationEnergies(sizes: FigureSizes, common: [String], progress: ProgressReporter,
                                    report: inout FigureReport) throws {
        var figure = GnuplotFigure(title: "Activation energy vs borate fraction (N_L = \(sizes.eaSize), R = \(sizes.eaRealizations))",
                                   xLabel: "x (borate fraction)", yLabel: "E_a (eV)")
        var tables: [String] = []
        for preset in Preset.all {
            let (settings, glass, landscape) = try Self.resolve(["--preset", preset.name, "--x", sizes.eaX,
                                                                 "--size", String(sizes.eaSize),
                                                                 "--realizations", String(sizes.eaRealizations)] + common)
            let journal = try SweepJournal(path: "\(out)/.ea-\(preset.name).journal",
                                           parameters: settings.effective.filter { $0.0 != "threads" }
                                               .map { "\($0.0)=\($0.1)" }.joined(separator: " "),
                                           resume: resume)
            let table = try ActivationEnergyCommand.sweep(glass: glass, landscape: landscape, u0: 0.1 * landscape.parameters.v0,
                                                          journal: journal, progress: ProgressReporter(label: "E_a \(preset.name)", quiet: quiet))
            try AtomicFile.write(table.csv, to: "\(out)/ea-\(preset.name).csv")
            tables.append("ea-\(preset.name).csv")
            figure.add("\(preset.name) (V0 = \(preset.v0) eV, σ_ε = \(preset.sigmaEpsilon))", .errorLines,
                       table.numericRows(["x", "Ea_eV", "Ea_se_eV"]))
        }
        try report.add(figure, stem: "ea", caption: "E_a(x) = ⟨Δ_c⟩ from AHL critical-path percolation (SPEC §5), mean ± standard error over realisations, for the three presets of SPEC §7.",
                       tables: tables)
        progress.note("reproduce: E_a(x) done")
    }

    // MARK: SED / PSED

    private func siteEnergyDistributions(sizes: FigureSizes, common: [String], report: inout FigureReport) throws {
        var figure = GnuplotFigure(title: "Site energy distributions, li33 (N_L = \(sizes.eaSize))",
                                   xLabel: "site energy ε (eV)", yLabel: "density (1/eV per accessible site)")
        var table = ResultTable(columns: ["x", "energy_eV", "sed_density_per_eV", "psed_density_per_eV"])
        for x in [0.0, 1.0] {
            let (_, glass, landscape) = try Self.resolve(["--preset", "li33", "--x", String(x), "--size", String(sizes.eaSize)] + common)
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
            figure.add("SED x = \(x)", .steps, sedPoints)
            figure.add("PSED x = \(x), 403 K", .steps, psedPoints)
        }
        try AtomicFile.write(table.csv, to: "\(out)/sed-li33.csv")
        try report.add(figure, stem: "sed", caption: "SED (all accessible sites) and PSED (occupied part at 403 K) of li33 landscapes at x = 0 and x = 1, first realisation (SPEC §3–§4).",
                       tables: ["sed-li33.csv"])
    }

    // MARK: CAIT, seed 002

    private func caitProfiles(sizes: FigureSizes, progress: ProgressReporter,
                              report: inout FigureReport) throws -> [ForeignIon: CAITRun] {
        var figure = GnuplotFigure(title: "CAIT depth profiles after 13 h (illustrative Li3B7O12 parameters, not measured)",
                                   xLabel: "depth (nm)", yLabel: "n / n_b")
        figure.extra = ["set xrange [0:400]", "set yrange [-0.05:1.1]"]
        var runs: [ForeignIon: CAITRun] = [:]
        var summary = ResultTable(columns: ["foreign_ion", "D_foreign_m2_per_s", "front_nm", "front_width_nm",
                                            "native_plateau", "newton_iterations", "max_conservation_residual"])
        for ion in ForeignIon.allCases {
            var scenario = CAITScenario.illustrative(foreign: ion)
            scenario.cells = sizes.caitCells
            let run = try scenario.simulate(outputTimes: [scenario.duration])
            runs[ion] = run
            let p = run.solution.profiles[0]
            try AtomicFile.write(CAITCommand.profileTable(run).csv, to: "\(out)/cait-\(ion.rawValue).csv")
            figure.add("native Li⁺ (\(ion.rawValue)⁺ run)", .lines, zip(p.depth, p.nativeFraction).map { [$0 * 1e9, $1] })
            figure.add("foreign \(ion.rawValue)⁺", .lines, zip(p.depth, p.foreignFraction).map { [$0 * 1e9, $1] })
            summary.append([.text(ion.rawValue), .number(scenario.foreignDiffusivity),
                            .number((run.front?.position ?? .nan) * 1e9), .number((run.front?.width ?? .nan) * 1e9),
                            .number(run.front?.nativePlateau ?? .nan), .integer(run.solution.diagnostics.newtonIterations),
                            .number(run.solution.diagnostics.maximumConservationResidual)])
            progress.note("reproduce: CAIT \(ion.rawValue)⁺ done")
        }
        try AtomicFile.write(summary.csv, to: "\(out)/cait-summary.csv")
        try report.add(figure, stem: "cait-profiles",
                       caption: "Nernst–Planck–Poisson CAIT profiles (SPEC §9) with a Gaussian SED of FWHM 250 meV; K⁺, Rb⁺ and Cs⁺ differ only in D_foreign. The native plateau behind the front falls from K⁺ to Cs⁺, as in seed 002. Parameters are illustrative, not measured.",
                       tables: ["cait-K.csv", "cait-Rb.csv", "cait-Cs.csv", "cait-summary.csv"])
        return runs
    }

    // MARK: The bridge: landscape SED → CAIT diffusion law

    private func bridge(sizes: FigureSizes, common: [String], gaussianRuns: [ForeignIon: CAITRun],
                        progress: ProgressReporter, report: inout FigureReport) throws {
        let (_, glass, landscape) = try Self.resolve(["--preset", "li33", "--x", "1", "--size", String(sizes.bridgeSize)] + common)
        let l = try landscape.builder(glass: glass, x: 1).build(seed: landscape.seed, realisation: 0)
        var bridged = CAITScenario.illustrative(foreign: .potassium)
        bridged.cells = sizes.caitCells
        bridged.distribution = try TabulatedSiteEnergyDistribution(landscape: l)
        bridged.vacancyFraction = landscapeVacancyFraction(l)   // fill the landscape's own occupied sites (its PSED)
        let gaussian = CAITScenario.illustrative(foreign: .potassium)

        var dFigure = GnuplotFigure(title: "Native diffusion coefficient D(n) from the site energy distribution (SPEC §9)",
                                    xLabel: "n / n_b", yLabel: "D_native / D_bulk")
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
        try AtomicFile.write(dTable.csv, to: "\(out)/diffusion-law.csv")
        try report.add(dFigure, stem: "diffusion-law",
                       caption: "D_native(n) = D_bulk exp(−(E_F(n_b) − E_F(n))/k_BT) at 353 K for the seed-002 Gaussian SED and for the SED of a li33 x = 1 landscape (V0 = 0.64 eV, σ_ε = 0.42), N_L = \(sizes.bridgeSize): the bridge between the two papers.",
                       tables: ["diffusion-law.csv"])

        let run = try bridged.simulate(outputTimes: [bridged.duration])
        try AtomicFile.write(CAITCommand.profileTable(run).csv, to: "\(out)/bridge-cait-K.csv")
        var pFigure = GnuplotFigure(title: "CAIT K⁺ profile: Gaussian SED vs landscape SED (bridge)",
                                    xLabel: "depth (nm)", yLabel: "n / n_b")
        pFigure.extra = ["set xrange [0:400]", "set yrange [-0.05:1.1]"]
        if let g = gaussianRuns[.potassium]?.solution.profiles.first {
            pFigure.add("native, Gaussian SED", .lines, zip(g.depth, g.nativeFraction).map { [$0 * 1e9, $1] })
            pFigure.add("foreign, Gaussian SED", .lines, zip(g.depth, g.foreignFraction).map { [$0 * 1e9, $1] })
        }
        let p = run.solution.profiles[0]
        pFigure.add("native, landscape SED", .lines, zip(p.depth, p.nativeFraction).map { [$0 * 1e9, $1] })
        pFigure.add("foreign, landscape SED", .lines, zip(p.depth, p.foreignFraction).map { [$0 * 1e9, $1] })
        let plateau = run.front.map { String(format: "%.3g", $0.nativePlateau) } ?? "n/a"
        try report.add(pFigure, stem: "bridge-profile",
                       caption: "The li33 x = 1 landscape SED, filled to the landscape's own ion count (so the native ions occupy its PSED), fed into the CAIT model (K⁺, illustrative beam and D_bulk): native plateau \(plateau). Neither paper makes this connection.",
                       tables: ["bridge-cait-K.csv"])
        progress.note("reproduce: bridge done")
    }

    /// Resolves run settings exactly as the commands do, from command-line style arguments.
    static func resolve(_ arguments: [String]) throws -> (Settings, ResolvedGlass, ResolvedLandscape) {
        let parsed = try SweepArguments.parse(arguments)
        let settings = Settings(config: ConfigFile(values: [:]))
        let glass = try ResolvedGlass(parsed.composition, settings: settings, defaultX: "0")
        return (settings, glass, try ResolvedLandscape(parsed.landscape, glass: glass, settings: settings,
                                                       defaultSize: 30, defaultRealizations: 1))
    }
}

/// Sizes of the figure set: the paper's (SPEC §7) or a quick version.
struct FigureSizes: CustomStringConvertible {
    let eaSize: Int, eaRealizations: Int, eaX: String
    let sigmaSize: Int, sigmaRealizations: Int, sigmaX: String, sigmaTemperatures: String
    let arrheniusTemperatures: String
    let bridgeSize: Int, caitCells: Int

    static let quick = FigureSizes(eaSize: 40, eaRealizations: 8, eaX: "0:1:0.1",
                                   sigmaSize: 14, sigmaRealizations: 6, sigmaX: "0:1:0.25", sigmaTemperatures: "303,403,503",
                                   arrheniusTemperatures: "303:563:20", bridgeSize: 40, caitCells: 2000)
    static let paper = FigureSizes(eaSize: 100, eaRealizations: 20, eaX: "0:1:0.04",
                                   sigmaSize: 35, sigmaRealizations: 30, sigmaX: "0:1:0.1", sigmaTemperatures: "303,403,503",
                                   arrheniusTemperatures: "303:563:20", bridgeSize: 100, caitCells: 2000)

    var description: String {
        "E_a: N_L=\(eaSize), R=\(eaRealizations), x=\(eaX); σ: N_L=\(sigmaSize), R=\(sigmaRealizations), x=\(sigmaX), T=\(sigmaTemperatures) K; Arrhenius T=\(arrheniusTemperatures) K; bridge N_L=\(bridgeSize); CAIT cells=\(caitCells)"
    }
}

/// The option groups of the sweep commands, parsed together from one argument list.
struct SweepArguments: ParsableArguments {
    @OptionGroup var composition: CompositionOptions
    @OptionGroup var landscape: LandscapeOptions
    @OptionGroup var hopping: HoppingOptions
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
