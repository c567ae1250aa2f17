import ArgumentParser
import Foundation
import Landscape
import Transport

/// `ionscape ea`: disorder-averaged activation energies E_a(x) = ⟨Δ_c⟩ (SPEC §5).
/// CSV: x,Ea_eV,Ea_se_eV,realizations.
struct ActivationEnergyCommand: ParsableCommand {
    static let defaults = (x: "0:1:0.1", size: 30, realizations: 5)

    static let configuration = CommandConfiguration(
        commandName: "ea",
        abstract: "Activation energies E_a(x) from AHL critical-path percolation (SPEC §5), averaged over disorder.",
        discussion: "Defaults here: --x \(defaults.x), --size \(defaults.size), --realizations \(defaults.realizations).")

    @OptionGroup var composition: CompositionOptions
    @OptionGroup var landscape: LandscapeOptions
    @OptionGroup var barrier: BarrierOptions
    @OptionGroup var sweep: SweepOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let glass = try ResolvedGlass(composition, settings: settings, defaultX: Self.defaults.x)
        let resolved = try ResolvedLandscape(landscape, glass: glass, settings: settings, defaultSize: Self.defaults.size,
                                             defaultRealizations: Self.defaults.realizations)
        let u0 = try barrier.resolve(settings: settings, v0: resolved.parameters.v0)
        if try config.finish(settings, output: output) { return }
        let journal = try sweep.journal(output: output, name: "ea", settings: settings)
        let table = try Self.sweep(glass: glass, landscape: resolved, u0: u0,
                                   journal: journal,
                                   progress: ProgressReporter(label: "ea", quiet: output.quiet))
        var record = RunRecord(command: "ea")
        record.add(settings)
        record.extra["nfu_model"] = glass.modelName
        var figure = GnuplotFigure(title: "E_a(x), \(glass.preset.name)-series glass (N_L = \(resolved.lattice.edge), R = \(resolved.realizations))",
                                   xLabel: "x (borate fraction)", yLabel: "E_a (eV)")
        figure.add("⟨Δ_c⟩ ± SE", .errorLines, table.numericRows(["x", "Ea_eV", "Ea_se_eV"]))
        try output.emit(table, name: "ea", record: record, figure: figure)
    }

    /// The E_a(x) table; shared with `reproduce`.
    static func sweep(glass: ResolvedGlass, landscape: ResolvedLandscape, u0: Double,
                      journal: SweepJournal?, progress: ProgressReporter) throws -> ResultTable {
        let builders = try glass.xs.map { try landscape.builder(glass: glass, x: $0) }
        let runner = try RealisationSweep(pointCount: builders.count, realisations: landscape.realizations,
                                          threads: landscape.threads)
        let seed = landscape.seed
        let job: @Sendable (Int, Int) throws -> Double = { point, realisation in
            try CriticalBarrier.of(builders[point].build(seed: seed, realisation: UInt64(realisation)), hopBarrier: u0).value
        }
        let xs = glass.xs
        let work = journal?.journaled({ "x=\(xs[$0]),r=\($1)" }, job) ?? job
        if let journal, journal.storedCount > 0 { progress.note("ea: resuming with \(journal.storedCount) realisations already stored") }
        let averages = try runner.run(progress: { progress.update(completed: $0, total: $1) }, work)
        var table = ResultTable(columns: ["x", "Ea_eV", "Ea_se_eV", "realizations"])
        for (x, a) in zip(glass.xs, averages) {
            table.append([.number(x), .number(a.mean), a.standardError.map { .number($0) } ?? .text(""), .integer(a.values.count)])
        }
        return table
    }
}
