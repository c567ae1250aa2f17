import ArgumentParser
import Foundation
import Landscape
import Transport

/// `ionscape arrhenius`: Tσ over a temperature list and E_a from the slope (docs/model.md §6).
/// CSV: x,T_K,T_sigma_K_S_per_cm,log10_sigma_se; the fitted E_a goes to stderr and the JSON record.
struct ArrheniusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrhenius",
        abstract: "Arrhenius plot data Tσ(T) and the activation energy from the least-squares slope of ln(Tσ) vs 1/(k_B T) (docs/model.md §6).",
        discussion: "Tσ uses the geometric mean 10^⟨log10 σ⟩ over realisations. The same landscapes' critical barrier ⟨Δ_c⟩ is printed alongside, which the slope approaches at low T. \(defaults.help)")

    static let defaults = ConductivityRunOptions.Defaults(temperatures: "303:563:20")

    @OptionGroup var model: ConductivityRunOptions
    @OptionGroup var sweep: SweepOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let run = try model.resolve(settings: settings, defaults: Self.defaults)
        guard run.hopping.temperatures.count >= 2 else {
            throw InputError(name: "--temperature", value: "\(run.hopping.temperatures.count) value(s)", accepted: "at least two temperatures for a slope")
        }
        if try config.finish(settings, output: output) { return }
        try run.requireMemory(command: "arrhenius")
        let progress = ProgressReporter(label: "arrhenius", quiet: output.quiet)
        guard let result = try Self.compute(run, journal: { try sweep.journal(output: output, name: "arrhenius", settings: settings) },
                                            progress: progress) else { return }
        try sweep.writeUnitTimes(result.units, names: result.names)
        var record = RunRecord(command: "arrhenius")
        record.add(settings)
        record.extra["work_units"] = result.units.record
        record.extra["solves"] = result.solves
        // The slope's standard error comes from the fit's residuals: undefined for two temperatures.
        let temperatureCounts = Dictionary(grouping: result.table.numericRows(["x"]), by: { $0[0] }).mapValues(\.count)
        func hasError(_ x: Double) -> Bool { (temperatureCounts[x] ?? 0) > 2 }
        record.extra["activation_energy"] = result.fits.map { ["x": $0.x, "Ea_eV": $0.fit.activationEnergy,
                                                                "Ea_se_eV": hasError($0.x) ? $0.fit.standardError as Any : NSNull(),
                                                                "critical_barrier_eV": $0.criticalBarrier] }
        if let report = result.directSolves {
            record.extra["route1"] = report.record
            progress.note(report.line)
        }
        for f in result.fits {
            let error = hasError(f.x) ? String(format: " ± %.4f", f.fit.standardError) : ""
            FileHandle.standardError.write(Data(String(format: "arrhenius: x = %g: E_a = %.4f%@ eV from the slope; ⟨Δ_c⟩ = %.4f eV on the same landscapes\n",
                                                       f.x, f.fit.activationEnergy, error, f.criticalBarrier).utf8))
        }
        var figure = GnuplotFigure(title: "Arrhenius plot", xLabel: "1000/T (1/K)", yLabel: "T σ_{dc} (K S/cm)")
        figure.logY = true
        for f in result.fits {
            let points = result.table.numericRows(["x", "T_K", "T_sigma_K_S_per_cm"]).filter { $0[0] == f.x }.map { [1000 / $0[1], $0[2]] }
            figure.add(String(format: "x = %g", f.x), .points, points)
            figure.add(String(format: "x = %g: E_a = %.3f eV", f.x, f.fit.activationEnergy), .lines,
                       points.map { [$0[0], exp(f.fit.logPrefactor - f.fit.activationEnergy / (PhysicalConstants.boltzmannEV * 1000 / $0[0]))] })
        }
        try output.emit(result.table, name: "arrhenius", record: record, figure: figure)
    }

    struct Result {
        let table: ResultTable
        let fits: [(x: Double, fit: ArrheniusFit, criticalBarrier: Double)]
        /// Route 1's reports (`ConductivitySweepRunner.directSolveReport`).
        let directSolves: (record: [String: Any], line: String)?
        let units: UnitSweep<ConductivitySweepRunner.Part>.Outcome
        let names: [String]
        /// Every solve with its certified bracket (`ConductivitySweepRunner.bracketRecord`).
        let solves: [[String: Any]]
    }

    /// The table and slopes; nil on ranks other than 0. Each work unit also finds its
    /// landscape's Δ_c, for the comparison with the slope.
    static func compute(_ run: ResolvedConductivityRun, journal: () throws -> SweepJournal?, progress: ProgressReporter) throws -> Result? {
        let (glass, hopping) = (run.glass, run.hopping)
        let runner = run.sweep
        guard let sweep = try runner.run(journal: journal, progress: progress, criticalBarrierHop: hopping.u0),
              let criticalBarriers = sweep.criticalBarriers else { return nil }
        let averages = sweep.averages
        var table = ResultTable(columns: ["x", "T_K", "T_sigma_K_S_per_cm", "log10_sigma_se", "Ea_slope_eV", "Ea_slope_se_eV"])
        var fits: [(x: Double, fit: ArrheniusFit, criticalBarrier: Double)] = []
        for (i, x) in glass.xs.enumerated() {
            var ts: [Double] = [], logSigmas: [Double] = [], rows: [[Cell]] = []
            for (k, t) in hopping.temperatures.enumerated() {
                guard let log10Sigma = averages[i][k].log10Sigma else { continue }
                ts.append(t); logSigmas.append(log10Sigma.mean * M_LN10)
                rows.append([.number(x), .number(t), .positive(log10: log10(t) + log10Sigma.mean),
                             log10Sigma.standardError.map { .number($0) } ?? .text("")])
            }
            guard ts.count >= 2 else {
                throw ComputationError("x = \(x): fewer than two temperatures with a spanning cluster; no Arrhenius slope")
            }
            let fit = try ArrheniusFit(temperatures: ts, logConductivities: logSigmas)
            // The slope's E_a of this x on each of its rows; its standard error (from the fit's
            // residuals) is undefined for two temperatures, so left empty there.
            let slopeError: Cell = ts.count > 2 ? .number(fit.standardError) : .text("")
            for row in rows { table.append(row + [.number(fit.activationEnergy), slopeError]) }
            fits.append((x, fit, criticalBarriers[i].mean))
        }
        return Result(table: table, fits: fits, directSolves: runner.directSolveReport(), units: sweep.outcome, names: sweep.names,
                      solves: runner.bracketRecord(sweep))
    }
}
