import ArgumentParser
import Foundation
import KMC
import Landscape
import WorkUnits

/// `ionscape kmc`: kinetic Monte Carlo of the ions with site exclusion (docs/kmc.md).
/// CSV: x,T_K,filling,D_tracer_m2_per_s,D_tracer_se,D_sigma_m2_per_s,D_sigma_se,haven_ratio,haven_ratio_se,
/// sigma_S_per_cm,sigma_se,realizations, then correlation_factor,correlation_factor_se,equilibrated_runs.
struct KMCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmc",
        abstract: "Kinetic Monte Carlo of ions hopping with site exclusion: D*, D_σ, σ, the Haven ratio and the correlation factor (docs/kmc.md).",
        discussion: """
            Rejection-free kinetic Monte Carlo with the Metropolis rates ν e^{−βu0} min(1, e^{−β(ε_j−ε_i)}) on the accessible ion \
            sites, periodic in x, y and z, no field. Each realisation equilibrates (stated criterion in docs/kmc.md), then measures \
            --blocks blocks of equal duration over --hops-per-ion hops per ion. D* (tracer) and D_σ (centre of mass) come from the \
            growth of the mean square displacements between the middle and the end of each block; σ = n e² D_σ/(k_BT); \
            H_R = D*/D_σ; f is the tracer correlation factor. Errors: standard errors over the realisations (over the blocks of \
            the one run when --realizations 1). KMC is feasible where the hops an ion needs to leave its local traps fit the run: \
            high T for the presets' landscapes (docs/kmc.md, "Time scales"). x is empty for --landscape uniform. \
            Defaults here: --x 0.5, --size 12, --realizations 4, --temperature 1000, --hops-per-ion 1000, --blocks 20.
            """)

    @OptionGroup var composition: CompositionOptions
    @OptionGroup var landscape: LandscapeOptions
    @OptionGroup var hopping: HoppingOptions
    @OptionGroup var filling: FillingOptions
    @OptionGroup var kmc: KMCRunOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let sites = try ResolvedTransportLandscape(filling, composition: composition, landscape: landscape, settings: settings,
                                                   defaultX: "0.5", defaultSize: 12, defaultRealizations: 4, defaultFillings: nil)
        let hop = try ResolvedHopping(hopping, preset: sites.preset, v0: sites.v0, settings: settings, defaultTemperatures: "1000")
        let schedule = try kmc.resolve(settings: settings)
        if try config.finish(settings, output: output) { return }
        let progress = ProgressReporter(label: "kmc", quiet: output.quiet)
        let results = try Self.compute(sites: sites, hopping: hop, schedule: schedule, progress: progress)
        let table = Self.table(results)
        var record = RunRecord(command: "kmc")
        record.add(settings)
        record.extra["points"] = results.map { $0.record }
        for r in results { progress.note(r.line) }
        var figure: GnuplotFigure? = nil
        if sites.fillings.count > 1 {
            var f = GnuplotFigure(title: "Kinetic Monte Carlo (N_L = \(sites.sampling.lattice.edge), R = \(sites.sampling.realizations))",
                                  xLabel: "filling c", yLabel: "D (m^2/s)")
            f.logY = true
            for x in sites.xs {
                for t in hop.temperatures {
                    let rows = results.filter { $0.x == x && $0.temperature == t }
                    let label = (x.map { "x = \($0), " } ?? "") + String(format: "T = %.0f K", t)
                    f.add("D*, \(label)", .errorLines, rows.map { [$0.filling, $0.transport.tracer.mean, $0.transport.tracer.standardError ?? 0] })
                    f.add("D_σ, \(label)", .errorLines, rows.map { [$0.filling, $0.transport.charge.mean, $0.transport.charge.standardError ?? 0] })
                }
            }
            figure = f
        }
        try output.emit(table, name: "kmc", record: record, figure: figure)
    }

    /// One row of results.
    struct Point {
        let x: Double?
        let temperature: Double
        /// The filling actually run, N/N_acc.
        let filling: Double
        let transport: KMCTransport
        let hopsPerIon: Double
        let equilibrationHopsPerIon: Double

        var record: [String: Any] {
            ["x": x.map { $0 as Any } ?? NSNull(), "T_K": temperature, "filling": filling,
             "equilibrated_runs": transport.equilibratedRuns, "realizations": transport.realizations,
             "production_hops_per_ion": hopsPerIon, "equilibration_hops_per_ion": equilibrationHopsPerIon,
             "frozen_runs": transport.frozenRuns,
             "rattling_ratio": transport.rattlingRatio.map { $0 as Any } ?? NSNull()]
        }

        var line: String {
            let place = (x.map { "x = \($0), " } ?? "uniform lattice, ") + String(format: "T = %g K, c = %.4g", temperature, filling)
            var text = "kmc: \(place): equilibrated \(transport.equilibratedRuns)/\(transport.realizations) runs after "
                + String(format: "%.0f hops per ion; %.0f hops per ion measured", equilibrationHopsPerIon, hopsPerIon)
            if transport.frozenRuns > 0 {
                text += "; \(transport.frozenRuns)/\(transport.realizations) runs froze (no hop within any time a run can "
                    + "represent: the rates out of every occupied site are 0, or so small at this T that a block would last "
                    + "beyond 1e308/Γ0), so their configuration holds for ever: they add D* = D_σ = 0, and whether they were in "
                    + "equilibrium cannot be judged"
            }
            if let ratio = transport.rattlingRatio {
                text += String(format: "; first-half/second-half tracer ratio %.2f", ratio)
                if ratio > 1.2 {
                    text += " (> 1.2: within a block the ions still mostly rattle between neighbouring sites; "
                        + "D*, H_R and f may not be converged — raise --hops-per-ion)"
                }
            }
            return text
        }
    }

    /// Every (x, T, c) point, realisations in parallel; results stored by index and every job on its
    /// own streams, so they are bit-identical for any --threads.
    static func compute(sites: ResolvedTransportLandscape, hopping: ResolvedHopping, schedule: KMCSchedule,
                        progress: ProgressReporter) throws -> [Point] {
        let parameters = try hopping.temperatures.map {
            try KMCParameters(temperature: $0, attemptFrequency: hopping.attemptFrequency, barrier: hopping.u0,
                              latticeConstant: hopping.spacing)
        }
        var keys: [(x: Double?, t: Int, c: Double?)] = []
        for x in sites.xs { for t in parameters.indices { for c in sites.fillings { keys.append((x, t, c)) } } }
        let realisations = sites.sampling.realizations
        let seed = sites.sampling.seed
        let points = keys
        let flat = try LocalUnits.run(count: keys.count * realisations, threads: sites.sampling.threads,
                                      progress: { progress.update(completed: $0, total: $1) }) { job in
            let (p, r) = (job / realisations, job % realisations)
            let key = points[p]
            let (landscape, landscapeKey) = try sites.landscape(x: key.x, filling: key.c, realisation: r)
            let stream = KMCRun.dynamicsStream(seed: seed, landscapeKey: landscapeKey,
                                               temperature: parameters[key.t].temperature, filling: key.c, realisation: r)
            return try KMCRun.run(landscape: landscape, parameters: parameters[key.t], schedule: schedule, stream: stream)
        }
        let runs = keys.indices.map { p in Array(flat[(p * realisations)..<((p + 1) * realisations)]) }
        return try zip(keys, runs).map { key, results in
            let first = results[0]
            let hops = results.reduce(0) { $0 + $1.hops.reduce(0, +) }
            let equilibration = results.reduce(0) { $0 + $1.equilibrationHops }
            let ions = Double(first.ionCount * results.count)
            return Point(x: key.x, temperature: parameters[key.t].temperature,
                         filling: Double(first.ionCount) / Double(first.siteCount),
                         transport: try KMCTransport(runs: results), hopsPerIon: Double(hops) / ions,
                         equilibrationHopsPerIon: Double(equilibration) / ions)
        }
    }

    static func table(_ points: [Point]) -> ResultTable {
        var table = ResultTable(columns: ["x", "T_K", "filling", "D_tracer_m2_per_s", "D_tracer_se", "D_sigma_m2_per_s",
                                          "D_sigma_se", "haven_ratio", "haven_ratio_se", "sigma_S_per_cm", "sigma_se",
                                          "realizations", "correlation_factor", "correlation_factor_se", "equilibrated_runs"])
        func cell(_ v: Double?) -> Cell { v.flatMap { $0.isFinite ? .number($0) : nil } ?? .text("") }
        for p in points {
            let t = p.transport
            table.append([p.x.map { .number($0) } ?? .text(""), .number(p.temperature), .number(p.filling),
                          cell(t.tracer.mean), cell(t.tracer.standardError), cell(t.charge.mean), cell(t.charge.standardError),
                          cell(t.havenRatio?.mean), cell(t.havenRatio?.standardError),
                          cell(t.conductivity.mean), cell(t.conductivity.standardError), .integer(t.realizations),
                          cell(t.correlationFactor?.mean), cell(t.correlationFactor?.standardError), .integer(t.equilibratedRuns)])
        }
        return table
    }
}

/// Run-length flags of `kmc` (docs/kmc.md, "Estimators" and "Equilibration").
struct KMCRunOptions: ParsableArguments {
    @Option(name: .customLong("hops-per-ion"), parsing: .unconditional,
            help: "Production length in hops per ion (0 < H ≤ 1e9; default 1000). At low T most hops are back-and-forth between neighbouring sites, so D needs many more.")
    var hopsPerIon: Double?

    @Option(parsing: .unconditional, help: "Blocks of equal duration the production is cut into (2 … 1000000; default 20).")
    var blocks: Int?

    @Option(help: "Initial configuration: fermi-dirac (default; each site occupied with its Fermi–Dirac probability at the network's μ, then exactly N ions), random, or lowest-energy.")
    var start: String?

    @Option(name: .customLong("equilibration-windows"), parsing: .unconditional,
            help: "Most equilibration windows of max(N, 1000) hops before production starts anyway (16 … 1000000; default 400).")
    var equilibrationWindows: Int?

    func resolve(settings: Settings) throws -> KMCSchedule {
        let hops = try settings.double("hops-per-ion", flag: hopsPerIon, default: 1000, unit: "",
                                       accepted: "0 < H ≤ 1e9", valid: { $0 > 0 && $0 <= 1e9 })
        let blocks = try settings.integer("blocks", flag: blocks, default: 20, accepted: "2 … 1000000",
                                          valid: { $0 >= 2 && $0 <= 1_000_000 })
        let startName = settings.string("start", flag: start, default: InitialConfiguration.fermiDirac.rawValue)
        guard let start = InitialConfiguration(rawValue: startName) else {
            throw InputError(name: "--start", value: startName, accepted: "fermi-dirac, random or lowest-energy")
        }
        let windows = try settings.integer("equilibration-windows", flag: equilibrationWindows, default: 400,
                                           accepted: "16 … 1000000", valid: { $0 >= 16 && $0 <= 1_000_000 })
        return try KMCSchedule(equilibration: EquilibrationCriterion(maximumWindows: windows), productionHopsPerIon: hops,
                               blocks: blocks, start: start)
    }
}
