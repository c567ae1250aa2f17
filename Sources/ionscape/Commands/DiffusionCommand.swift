import ArgumentParser
import Foundation
import Landscape
import SparseSolvers
import Transport
import WorkUnits

/// `ionscape diffusion`: network σ and the chemical diffusion coefficient D_chem over fillings
/// (docs/kmc.md, "D(n)"). CSV: x,T_K,filling,log10_sigma_mean,log10_sigma_se,D_chem_m2_per_s,D_chem_se,realizations.
struct DiffusionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diffusion",
        abstract: "Chemical diffusion coefficient D_chem(c) = σ(c)/(e² ∂n/∂μ) of the conductance network over ion fillings c (docs/kmc.md).",
        discussion: """
            At each filling c the landscape holds N = round(c·N_acc) ions, μ solves Σ f(ε_i − μ) = N, σ is the network's dc \
            conductivity (--solver cholmod|kron) and ∂n/∂μ = β Σ f_i(1 − f_i)/V. The same landscapes serve every filling and \
            temperature. D_chem is the mean over the realisations (0 where no cluster spans), with its standard error; \
            log10_sigma over the spanning realisations. The table drives `cait --diffusion table:FILE`. filling is N/N_acc as \
            run; x is empty for --landscape uniform. Defaults here: --x 0.5, --size 20, --realizations 3, --temperature 353, \
            --filling 0.05:0.95:0.05.
            """)

    @OptionGroup var composition: CompositionOptions
    @OptionGroup var landscape: LandscapeOptions
    @OptionGroup var hopping: HoppingOptions
    @OptionGroup var filling: FillingOptions
    @OptionGroup var kirchhoff: KirchhoffOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let sites = try ResolvedTransportLandscape(filling, composition: composition, landscape: landscape, settings: settings,
                                                   defaultX: "0.5", defaultSize: 20, defaultRealizations: 3,
                                                   defaultFillings: "0.05:0.95:0.05")
        let hop = try ResolvedHopping(hopping, preset: sites.preset, v0: sites.v0, settings: settings, defaultTemperatures: "353")
        let solver = try ResolvedKirchhoff(kirchhoff, settings: settings, size: sites.sampling.lattice.edge)
        if try config.finish(settings, output: output) { return }
        let progress = ProgressReporter(label: "diffusion", quiet: output.quiet)
        let rows = try Self.compute(sites: sites, hopping: hop, solver: solver, progress: progress)
        let table = Self.table(rows)
        var record = RunRecord(command: "diffusion")
        record.add(settings)
        var figure = GnuplotFigure(title: "Chemical diffusion coefficient of the network (N_L = \(sites.sampling.lattice.edge), R = \(sites.sampling.realizations))",
                                   xLabel: "filling c", yLabel: "D_{chem} (m^2/s)")
        figure.logY = true
        for x in sites.xs {
            for t in hop.temperatures {
                let points = rows.filter { $0.x == x && $0.temperature == t && $0.diffusivity.mean > 0 }
                let label = (x.map { "x = \($0), " } ?? "uniform, ") + String(format: "T = %.0f K", t)
                figure.add(label, .errorLines, points.map { [$0.filling, $0.diffusivity.mean, $0.diffusivity.standardError ?? 0] })
            }
        }
        try output.emit(table, name: "diffusion", record: record, figure: figure)
    }

    /// One (x, T, c) point: D_chem and σ per realisation.
    struct Row {
        let x: Double?
        let temperature: Double
        /// N/N_acc as run.
        let filling: Double
        let diffusivity: DisorderAverage
        let conductivity: ConductivityAverage
    }

    /// Every (x, T, c) point, realisations in parallel (results independent of --threads).
    static func compute(sites: ResolvedTransportLandscape, hopping: ResolvedHopping, solver: ResolvedKirchhoff,
                        progress: ProgressReporter) throws -> [Row] {
        let parameters = try HoppingParameters(attemptFrequency: hopping.attemptFrequency, barrier: hopping.u0,
                                               latticeConstant: hopping.spacing)
        var keys: [(x: Double?, t: Double, c: Double?)] = []
        for x in sites.xs { for t in hopping.temperatures { for c in sites.fillings { keys.append((x, t, c)) } } }
        let points = keys
        let realisations = sites.sampling.realizations
        // Realisations use the cores: route 1 solves its windows in turn, with AMD (METIS is not
        // thread-safe), and BLAS runs single-threaded, so nothing depends on --threads.
        let policy = solver.policy.forRealisationSweeps
        let route = solver.route
        BLASThreads.set(1)
        let flat = try LocalUnits.run(count: keys.count * realisations, threads: sites.sampling.threads,
                                      progress: { progress.update(completed: $0, total: $1) }) { job in
            let (p, r) = (job / realisations, job % realisations)
            let landscape = try sites.landscape(x: points[p].x, filling: points[p].c, realisation: r).0
            let d = try ChemicalDiffusion(landscape: landscape, temperature: points[p].t, hopping: parameters,
                                          route: route, policy: policy)
            return (filling: landscape.filling, diffusivity: d.diffusivity, conductivity: d.conductivity)
        }
        let results = keys.indices.map { p in Array(flat[(p * realisations)..<((p + 1) * realisations)]) }
        return try zip(keys, results).map { key, runs in
            Row(x: key.x, temperature: key.t, filling: runs[0].filling,
                diffusivity: try DisorderAverage(values: runs.map(\.diffusivity)),
                conductivity: ConductivityAverage(runs.map(\.conductivity)))
        }
    }

    static func table(_ rows: [Row]) -> ResultTable {
        var table = ResultTable(columns: ["x", "T_K", "filling", "log10_sigma_mean", "log10_sigma_se", "D_chem_m2_per_s",
                                          "D_chem_se", "realizations"])
        for row in rows {
            let l = row.conductivity.log10Sigma
            table.append([row.x.map { .number($0) } ?? .text(""), .number(row.temperature), .number(row.filling),
                          l.map { .number($0.mean) } ?? .text(""), l?.standardError.map { .number($0) } ?? .text(""),
                          .number(row.diffusivity.mean), row.diffusivity.standardError.map { .number($0) } ?? .text(""),
                          .integer(row.diffusivity.values.count)])
        }
        return table
    }
}
