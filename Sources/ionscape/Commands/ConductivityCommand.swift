import ArgumentParser
import Foundation
import Transport

/// `ionscape conductivity`: σ_dc(x, T) with disorder averages (docs/model.md §6).
/// CSV: x,T_K,log10_sigma_mean,log10_sigma_se,sigma_mean_S_per_cm,realizations,sigma_bound_rel.
struct ConductivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conductivity",
        abstract: "dc conductivities σ(x, T) from Kirchhoff's equations on the eq. (7) conductance network (docs/model.md §6).",
        discussion: "log10_sigma statistics are over the realisations with a spanning cluster; sigma_mean counts the others as 0. sigma_bound_rel is the largest relative half-width (σ_hi − σ_lo)/(2σ) of the certified bracket over the realisations (route 1: Dirichlet and Thomson bounds on the whole network; route 2: its rounding bound; docs/certified-conductivity.md). The realisations (landscapes) are shared by all temperatures. \(defaults.help)")

    static let defaults = ConductivityRunOptions.Defaults(x: "0:1:0.25")

    @OptionGroup var model: ConductivityRunOptions
    @OptionGroup var sweep: SweepOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let run = try model.resolve(settings: settings, defaults: Self.defaults)
        let (glass, resolved, hop, solver) = (run.glass, run.landscape, run.hopping, run.kirchhoff)
        if try config.finish(settings, output: output) { return }
        try run.requireMemory(command: "conductivity")
        let progress = ProgressReporter(label: "conductivity", quiet: output.quiet)
        let runner = run.sweep
        guard let result = try runner.run(journal: { try sweep.journal(output: output, name: "conductivity", settings: settings) },
                                          progress: progress) else { return }
        try sweep.writeUnitTimes(result.outcome, names: result.names)
        let averages = result.averages
        let table = Self.table(xs: glass.xs, temperatures: hop.temperatures, averages: averages)
        var record = RunRecord(command: "conductivity")
        record.add(settings)
        record.extra["spanning_realizations"] = averages.map { $0.map(\.spanningCount) }
        record.extra["work_units"] = result.outcome.record
        record.extra["solves"] = runner.bracketRecord(result)
        if let report = runner.directSolveReport() {
            record.extra["route1"] = report.record
            progress.note(report.line)
        }
        var figure = GnuplotFigure(title: "log σ vs x (N_L = \(resolved.lattice.edge), R = \(resolved.realizations), \(solver.route.rawValue))",
                                   xLabel: "x (borate fraction)", yLabel: "log_{10} σ_{dc} (S/cm)")
        for t in hop.temperatures {
            let rows = table.numericRows(["x", "T_K", "log10_sigma_mean", "log10_sigma_se"]).filter { $0[1] == t }
            figure.add(String(format: "T = %.0f K", t), .errorLines, rows.map { [$0[0], $0[2], $0[3].isFinite ? $0[3] : 0] })
        }
        try output.emit(table, name: "conductivity", record: record, figure: figure)
    }

    static func table(xs: [Double], temperatures: [Double], averages: [[ConductivityAverage]]) -> ResultTable {
        var table = ResultTable(columns: ["x", "T_K", "log10_sigma_mean", "log10_sigma_se", "sigma_mean_S_per_cm",
                                          "realizations", "sigma_bound_rel"])
        for (i, x) in xs.enumerated() {
            for (k, t) in temperatures.enumerated() {
                let a = averages[i][k]
                table.append([.number(x), .number(t),
                              a.log10Sigma.map { .number($0.mean) } ?? .text(""),
                              a.log10Sigma?.standardError.map { .number($0) } ?? .text(""),
                              .positive(log10: a.logMeanSigma / M_LN10), .integer(a.realisations),
                              .number(a.largestRelativeHalfWidth)])
            }
        }
        return table
    }
}
