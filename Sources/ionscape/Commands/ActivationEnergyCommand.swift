import ArgumentParser
import Foundation
import Landscape
import Transport

/// `ionscape ea`: disorder-averaged activation energies E_a(x) = ⟨Δ_c⟩ (docs/model.md §5).
/// CSV: x,Ea_eV,Ea_se_eV,realizations.
struct ActivationEnergyCommand: ParsableCommand {
    static let defaults = (x: "0:1:0.1", size: 30, realizations: 5)

    static let configuration = CommandConfiguration(
        commandName: "ea",
        abstract: "Activation energies E_a(x) from AHL critical-path percolation (docs/model.md §5), averaged over disorder.",
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
        try resolved.sampling.requireMemory(perSite: MemoryModel.criticalBarrier, jobs: glass.xs.count * resolved.realizations,
                                            command: "ea")
        guard let result = try Self.sweep(glass: glass, landscape: resolved, u0: u0,
                                          journal: { try sweep.journal(output: output, name: "ea", settings: settings) },
                                          progress: ProgressReporter(label: "ea", quiet: output.quiet)) else { return }
        let table = result.table
        try sweep.writeUnitTimes(result.units, names: result.names)
        var record = RunRecord(command: "ea")
        record.add(settings)
        record.extra["nfu_model"] = glass.modelName
        record.extra["work_units"] = result.units.record
        var figure = GnuplotFigure(title: "E_a(x), \(glass.preset.name)-series glass (N_L = \(resolved.lattice.edge), R = \(resolved.realizations))",
                                   xLabel: "x (borate fraction)", yLabel: "E_a (eV)")
        figure.add("⟨Δ_c⟩ ± SE", .errorLines, table.numericRows(["x", "Ea_eV", "Ea_se_eV"]))
        try output.emit(table, name: "ea", record: record, figure: figure)
    }

    /// One unit's result: Δ_c of one landscape (eV).
    struct Unit: Codable, Sendable {
        let criticalBarrier: Double
    }

    /// The E_a(x) table and how its units ran; shared with `reproduce`. Nil on ranks other than 0.
    static func sweep(glass: ResolvedGlass, landscape: ResolvedLandscape, u0: Double,
                      journal: () throws -> SweepJournal?, progress: ProgressReporter)
        throws -> (table: ResultTable, units: UnitSweep<Unit>.Outcome, names: [String])? {
        let builders = try glass.xs.map { try landscape.builder(glass: glass, x: $0) }
        // Validate u0 once, before any landscape is built.
        _ = try EffectiveBarrier(hopBarrier: u0, fermiLevel: 0)
        let (seed, realisations, xs) = (landscape.seed, landscape.realizations, glass.xs)
        let names = xs.flatMap { x in (0..<realisations).map { "x=\(x),r=\($0)" } }
        let units = UnitSweep<Unit>(names: names, partsPerUnit: 1, threads: landscape.threads, unitsPerPoint: realisations,
                                    overRanks: landscape.overRanks)
        guard let outcome = try units.run(label: "ea", journal: journal, progress: progress, compute: { unit, _ in
            let l = builders[unit / realisations].build(seed: seed, realisation: UInt64(unit % realisations))
            return [Unit(criticalBarrier: try CriticalBarrier.of(l, hopBarrier: u0).value)]
        }) else { return nil }
        var table = ResultTable(columns: ["x", "Ea_eV", "Ea_se_eV", "realizations"])
        for (i, x) in xs.enumerated() {
            let a = try DisorderAverage(values: outcome.results[(i * realisations)..<((i + 1) * realisations)].map(\.[0].criticalBarrier))
            table.append([.number(x), .number(a.mean), a.standardError.map { .number($0) } ?? .text(""), .integer(a.values.count)])
        }
        return (table, outcome, names)
    }
}
