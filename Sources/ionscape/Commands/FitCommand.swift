import ArgumentParser
import Foundation
import Landscape
import Transport

/// `ionscape fit`: (V0, σ_ε) from measured E_a(x), and ν from measured σ(x, T) (SPEC §8).
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit (V0, σ_ε) to measured activation energies and ν to measured conductivities (SPEC §8).",
        discussion: """
        --ea FILE: CSV with columns x,Ea_eV. σ_ε is found from E_a(x_first)/E_a(x_last) by a root find \
        (--method endpoints) or from all points (--method least-squares), with common random numbers \
        across the σ_ε values tried; V0 follows in closed form.
        --sigma-data FILE: CSV with columns x,T_K,sigma_S_per_cm. ν follows in closed form in log σ \
        (one fixed ν, and one per point), with V0 and σ_ε from the preset/flags.
        """)

    @OptionGroup var model: ConductivityRunOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "CSV of measured activation energies (columns x,Ea_eV; E_a in eV).")
    var ea: String?

    @Option(name: .customLong("sigma-data"), help: "CSV of measured conductivities (columns x,T_K,sigma_S_per_cm).")
    var sigmaData: String?

    @Option(help: "σ_ε fit: endpoints (ratio of the first and last x) or least-squares (all x).")
    var method: String = "endpoints"

    @Option(name: .customLong("sigma-range"), help: "Search range of σ_ε (dimensionless), lower:upper.")
    var sigmaRange: String = "0.05:1.2"

    @Option(name: .customLong("u0-ratio"), help: "u0/V0 held fixed during the fit (dimensionless, ≥ 0).")
    var u0Ratio: Double = 0.1

    func run() throws {
        guard ea != nil || sigmaData != nil else {
            throw InputError(name: "fit data", value: "none", accepted: "--ea FILE and/or --sigma-data FILE")
        }
        let settings = try config.load()
        let run = try model.resolve(settings: settings, defaults: .init(x: "0", size: 30, realizations: 10))
        let (glass, resolved) = (run.glass, run.landscape)
        if config.dumpConfig { print(ConfigFile.render(settings.effective), terminator: ""); return }
        var table = ResultTable(columns: ["parameter", "x", "value", "unit", "detail"])
        var record = RunRecord(command: "fit")
        if let ea { try fitEnergyScale(path: ea, glass: glass, landscape: resolved, into: &table) }
        if let sigmaData { try fitAttemptFrequency(path: sigmaData, run: run, into: &table) }
        record.parameters = Dictionary(uniqueKeysWithValues: settings.effective)
        try output.emit(table, name: "fit", record: record)
    }

    private func fitEnergyScale(path: String, glass: ResolvedGlass, landscape: ResolvedLandscape,
                                into table: inout ResultTable) throws {
        let data = try NumericCSV(path: path, required: ["x", "Ea_eV"], what: "--ea")
        let xs = data.columns["x"]!, measured = data.columns["Ea_eV"]!
        for (k, x) in xs.enumerated() where !(0...1).contains(x) {
            throw InputError("\(path), line \(data.lineNumbers[k]): x = \(x) is outside 0 ≤ x ≤ 1")
        }
        for (k, e) in measured.enumerated() where !(e > 0) {
            throw InputError("\(path), line \(data.lineNumbers[k]): Ea_eV = \(e) must be > 0 eV")
        }
        guard u0Ratio >= 0, u0Ratio.isFinite else {
            throw InputError(name: "--u0-ratio", value: "\(u0Ratio)", accepted: "u0/V0 ≥ 0")
        }
        let bracket = try ValueList(parsing: sigmaRange.replacingOccurrences(of: ":", with: ","), name: "--sigma-range").values
        guard bracket.count == 2, bracket[0] >= 0, bracket[1] > bracket[0] else {
            throw InputError(name: "--sigma-range", value: sigmaRange, accepted: "lower:upper with 0 ≤ lower < upper")
        }
        let progress = ProgressReporter(label: "fit", quiet: output.quiet)
        // c_x(σ_ε) = ⟨Δ_c⟩ at V0 = 1 eV; the same seeds for every σ_ε tried (common random numbers).
        let f0 = landscape.parameters.vacancyFraction
        let ratio = u0Ratio, seed = landscape.seed
        let lattice = landscape.lattice, realisations = landscape.realizations, threads = landscape.threads
        var evaluations = 0
        func reduced(_ sigma: Double, at points: [Double]) throws -> [Double] {
            evaluations += 1
            progress.note(String(format: "fit: evaluating σ_ε = %.5f", sigma))
            let parameters = try LandscapeParameters(v0: 1, sigmaEpsilon: sigma, vacancyFraction: f0)
            let builders = try points.map { x -> LandscapeBuilder in
                let c = try glass.composition(x: x)
                return try LandscapeBuilder(lattice: lattice, composition: c, fractions: glass.model.fractions(for: c),
                                            parameters: parameters)
            }
            let sweep = try RealisationSweep(pointCount: points.count, realisations: realisations, threads: threads)
            return try sweep.criticalBarriers(hopBarrier: ratio) { p, r in
                builders[p].build(seed: seed, realisation: UInt64(r))
            }.map(\.mean)
        }
        let fit: EnergyScaleFit
        switch method {
        case "endpoints":
            guard xs.count >= 2 else { throw InputError("\(path): the endpoints fit needs at least two rows") }
            let ends = [xs.first!, xs.last!]
            fit = try ParameterFit.endMemberFit(measuredFirst: measured.first!, measuredLast: measured.last!,
                                                sigmaBracket: bracket[0]...bracket[1], tolerance: 1e-3) { s in
                let c = try reduced(s, at: ends)
                return (c[0], c[1])
            }
        case "least-squares":
            fit = try ParameterFit.leastSquaresFit(measured: measured, sigmaBracket: bracket[0]...bracket[1],
                                                   tolerance: 1e-3) { s in try reduced(s, at: xs) }
        default:
            throw InputError(name: "--method", value: method, accepted: "endpoints or least-squares")
        }
        var detail = "\(method), N_L = \(lattice.edge), R = \(realisations), u0/V0 = \(ratio), \(evaluations) model evaluations"
        if fit.alternativeRoots > 0 {
            detail += "; AMBIGUOUS: the model ratio crosses the measured one \(fit.alternativeRoots + 1) times in the σ_ε range (lowest root reported); increase --size/--realizations"
        }
        table.append([.text("V0"), .text(""), .number(fit.v0), .text("eV"), .text(detail)])
        table.append([.text("sigma_epsilon"), .text(""), .number(fit.sigma), .text("1"), .text(detail)])
        table.append([.text("Ea_rms_residual"), .text(""), .number(fit.residualRMS), .text("eV"), .text(detail)])
    }
}

extension FitCommand {
    /// ν from measured σ(x, T): the model at ν_ref (the preset's or --nu) on the same landscapes,
    /// then ν in closed form by least squares in log σ (SPEC §8), fixed and per point.
    fileprivate func fitAttemptFrequency(path: String, run: ResolvedConductivityRun, into table: inout ResultTable) throws {
        let (glass, landscape, hop, solver) = (run.glass, run.landscape, run.hopping, run.kirchhoff)
        let data = try NumericCSV(path: path, required: ["x", "T_K", "sigma_S_per_cm"], what: "--sigma-data")
        let xs = data.columns["x"]!, ts = data.columns["T_K"]!, measured = data.columns["sigma_S_per_cm"]!
        for k in xs.indices {
            guard (0...1).contains(xs[k]) else { throw InputError("\(path), line \(data.lineNumbers[k]): x = \(xs[k]) is outside 0 ≤ x ≤ 1") }
            guard ts[k] > 0 else { throw InputError("\(path), line \(data.lineNumbers[k]): T_K = \(ts[k]) must be > 0 K") }
            guard measured[k] > 0 else { throw InputError("\(path), line \(data.lineNumbers[k]): sigma_S_per_cm = \(measured[k]) must be > 0") }
        }
        var modelled: [Double] = []
        let progress = ProgressReporter(label: "fit ν", quiet: output.quiet)
        for k in xs.indices {
            let point = ResolvedGlass(glass: glass, xs: [xs[k]])
            let pointHopping = ResolvedHopping(u0: hop.u0, temperatures: [ts[k]], attemptFrequency: hop.attemptFrequency, spacing: hop.spacing)
            let average = try ConductivitySweepRunner(glass: point, landscape: landscape, hopping: pointHopping, kirchhoff: solver)
                .run(journal: nil, progress: progress)[0][0]
            guard let log10Sigma = average.log10Sigma else {
                throw ComputationError("x = \(xs[k]), T = \(ts[k]) K: no realisation spans, so the model σ is 0 and ν cannot be fitted")
            }
            modelled.append(pow(10, log10Sigma.mean))
        }
        let fit = try ParameterFit.attemptFrequency(measured: measured, modelled: modelled, referenceFrequency: hop.attemptFrequency)
        let detail = "log-σ least squares, N_L = \(landscape.lattice.edge), R = \(landscape.realizations)"
        table.append([.text("nu_fixed"), .text(""), .number(fit.common), .text("Hz"),
                      .text(detail + String(format: ", rms residual %.3f decades", fit.residualRMSLog10))])
        for k in xs.indices {
            table.append([.text("nu_point"), .number(xs[k]), .number(fit.perPoint[k]), .text("Hz"), .text("T = \(ts[k]) K")])
        }
    }
}
