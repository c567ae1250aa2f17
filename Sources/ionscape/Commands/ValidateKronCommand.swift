import ArgumentParser
import Foundation
import Transport

/// `ionscape validate-kron`: route 1 (windowed CHOLMOD) vs route 2 (iterative Kron reduction) on
/// the same landscape networks. CSV: case,spread,sigma_direct,sigma_kron,relative_difference,
/// sigma_lower,sigma_upper,inside (route 2's σ, within its rounding bound, inside route 1's bracket).
struct ValidateKronCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-kron",
        abstract: "Validate the iterative Kron reduction against the sparse direct solve on the same networks (docs/model.md §6).",
        discussion: "One case per (x, T, realisation); the temperatures of one landscape are one work unit, spread over threads and, under mpirun or srun, over ranks. The spread is g_max/g_min over the spanning part of the network. sigma_lower and sigma_upper are route 1's certified bracket; inside says whether route 2's σ, within its own rounding bound, lies in it (docs/certified-conductivity.md). Both are rigorous, so a case outside makes the command fail (exit 1). Route 1's window W, solved size and bracket width go to stderr and the JSON record. --solver does not apply: both routes run. \(defaults.help)")

    static let defaults = ConductivityRunOptions.Defaults(size: 12, realizations: 3, temperatures: "303,403,563", readsRoute: false)

    @OptionGroup var model: ConductivityRunOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let run = try model.resolve(settings: settings, defaults: Self.defaults)
        let (glass, resolved, hop, solver) = (run.glass, run.landscape, run.hopping, run.kirchhoff)
        if try config.finish(settings, output: output) { return }
        try run.landscape.sampling.requireMemory(perSite: max(MemoryModel.directSolve,
                                                              MemoryModel.conductivity(route: "kron", edge: run.landscape.lattice.edge)),
                                                 jobs: glass.xs.count * resolved.realizations, command: "validate-kron")
        let parameters = try HoppingParameters(attemptFrequency: hop.attemptFrequency, barrier: hop.u0, latticeConstant: hop.spacing)
        let progress = ProgressReporter(label: "validate-kron", quiet: output.quiet)
        // A work unit is one landscape (x, realisation) with both routes at every temperature.
        let builders = try glass.xs.map { try resolved.builder(glass: glass, x: $0) }
        let (xs, temperatures, realisations, seed, policy) = (glass.xs, hop.temperatures, resolved.realizations, resolved.seed, solver.policy)
        let names = xs.flatMap { x in (0..<realisations).map { "x=\(x),r=\($0)" } }
        let units = UnitSweep<RouteComparison>(names: names, partsPerUnit: temperatures.count, threads: resolved.threads,
                                               unitsPerPoint: realisations, overRanks: resolved.overRanks)
        guard let outcome = try units.run(label: "validate-kron", journal: { nil }, progress: progress, arrived: { _, comparisons in
            for c in comparisons {
                let d = c.direct.direct!
                progress.note(String(format: "validate-kron: %@: W = %.0e, %d unknowns, bracket width %.2e, |Δσ|/σ = %.2e%@",
                                     c.name, d.window, d.solvedSize, d.bracket.relativeWidth, c.relativeDifference,
                                     c.kronInsideBracket ? "" : " — route 2 OUTSIDE the bracket"))
            }
        }, compute: { unit, parts in
            let (point, r) = (unit / realisations, unit % realisations)
            let l = builders[point].build(seed: seed, realisation: UInt64(r))
            return try parts.map { k in
                let t = temperatures[k]
                let network = try ConductanceNetwork(landscape: l, temperature: t, hopping: parameters)
                return try RouteValidation.compare(name: "x=\(xs[point]),T=\(t),r=\(r)", network: network, policy: policy)
            }
        }) else { return }
        var table = ResultTable(columns: ["case", "spread", "sigma_direct", "sigma_kron", "relative_difference",
                                          "sigma_lower", "sigma_upper", "inside"])
        var details: [[String: Any]] = []
        var outside: [String] = []
        for c in outcome.results.joined() {
            let d = c.direct.direct!
            if !c.kronInsideBracket { outside.append(c.name) }
            table.append([.text(c.name), .positive(log10: c.logSpread / M_LN10), .positive(log10: c.direct.log10Sigma),
                          .positive(log10: c.kron.log10Sigma), .number(c.relativeDifference),
                          .positive(log10: c.direct.bracket.logLower / M_LN10),
                          .positive(log10: c.direct.bracket.logUpper / M_LN10), .text(c.kronInsideBracket ? "true" : "false")])
            details.append(["case": c.name, "window": d.window, "solved_size": d.solvedSize,
                            "windows_tried": d.tried.map { ["window": $0.window, "relative_width": $0.relativeWidth] },
                            "bracket_relative_width": d.bracket.relativeWidth,
                            "kron_rounding_bound": c.kronRoundingBound,
                            "covers_whole_network": d.coversWholeNetwork,
                            "events": d.events.map { "\($0)" }])
        }
        var record = RunRecord(command: "validate-kron")
        record.add(settings)
        record.extra["route1"] = details
        record.extra["work_units"] = outcome.record
        try output.emit(table, name: "validate-kron", record: record)
        if !outside.isEmpty {
            throw ComputationError("route 2's σ lies outside route 1's certified bracket in \(outside.count) case(s): \(outside.joined(separator: "; "))")
        }
    }
}
