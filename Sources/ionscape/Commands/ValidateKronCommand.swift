import ArgumentParser
import Foundation
import Transport

/// `ionscape validate-kron`: route 1 (windowed CHOLMOD) vs route 2 (iterative Kron reduction) on
/// the same landscape networks (SPEC §6). CSV: case,spread,sigma_direct,sigma_kron,relative_difference.
struct ValidateKronCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-kron",
        abstract: "Validate the iterative Kron reduction against the sparse direct solve on the same networks (SPEC §6).",
        discussion: "One case per (x, T, realisation). The spread is g_max/g_min over the spanning part of the network. Route 1's window W, solved size and convergence change go to stderr and the JSON record. --solver does not apply: both routes run. \(defaults.help)")

    static let defaults = ConductivityRunOptions.Defaults(size: 12, realizations: 3, temperatures: "303,403,563", readsRoute: false)

    @OptionGroup var model: ConductivityRunOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let run = try model.resolve(settings: settings, defaults: Self.defaults)
        let (glass, resolved, hop, solver) = (run.glass, run.landscape, run.hopping, run.kirchhoff)
        if try config.finish(settings, output: output) { return }
        let parameters = try HoppingParameters(attemptFrequency: hop.attemptFrequency, barrier: hop.u0, latticeConstant: hop.spacing)
        let progress = ProgressReporter(label: "validate-kron", quiet: output.quiet)
        var table = ResultTable(columns: ["case", "spread", "sigma_direct", "sigma_kron", "relative_difference"])
        var details: [[String: Any]] = []
        let total = glass.xs.count * hop.temperatures.count * resolved.realizations
        for x in glass.xs {
            let builder = try resolved.builder(glass: glass, x: x)
            for r in 0..<resolved.realizations {
                let l = builder.build(seed: resolved.seed, realisation: UInt64(r))
                for t in hop.temperatures {
                    let name = "x=\(x),T=\(t),r=\(r)"
                    let network = try ConductanceNetwork(landscape: l, temperature: t, hopping: parameters)
                    let c = try RouteValidation.compare(name: name, network: network, policy: solver.policy)
                    table.append([.text(name), .number(c.spread), .number(c.sigmaDirect), .number(c.sigmaKron),
                                  .number(c.relativeDifference)])
                    details.append(["case": name, "window": c.direct.window, "solved_size": c.direct.solvedSize,
                                    "window_relative_change": c.direct.relativeChange,
                                    "covers_whole_network": c.direct.coversWholeNetwork,
                                    "events": c.direct.events.map { "\($0)" }])
                    progress.note(String(format: "validate-kron: %@: W = %.0e, %d unknowns, change at 100×W %.2e, |Δσ|/σ = %.2e",
                                         name, c.direct.window, c.direct.solvedSize, c.direct.relativeChange, c.relativeDifference))
                    progress.update(completed: table.rows.count, total: total)
                }
            }
        }
        var record = RunRecord(command: "validate-kron")
        record.add(settings)
        record.extra["route1"] = details
        try output.emit(table, name: "validate-kron", record: record)
    }
}
