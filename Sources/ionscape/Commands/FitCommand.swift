import ArgumentParser
import Foundation
import Landscape
import Transport

/// `ionscape fit`: (V0, σ_ε) with standard errors from measured E_a(x), and ν from measured
/// σ(x, T) (docs/model.md §8). CSV: parameter,x,value,unit,detail.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit (V0, σ_ε) to measured activation energies and ν to measured conductivities (docs/model.md §8).",
        discussion: """
        --ea FILE: CSV with columns x,Ea_eV (and optionally Ea_se_eV). σ_ε is found from \
        E_a(x_first)/E_a(x_last) by a root find (--method endpoints) or from all points (--method \
        least-squares), with common random numbers across the σ_ε values tried; V0 follows in closed \
        form. Their standard errors (rows V0_se, sigma_epsilon_se) propagate the model's Monte Carlo \
        errors and the data's Ea_se_eV through the fit (delta method, docs/model.md §8).
        --sigma-data FILE: CSV with columns x,T_K,sigma_S_per_cm. ν follows in closed form in log σ \
        (one fixed ν, and one per point), with V0 and σ_ε from the preset/flags.
        """)

    @OptionGroup var model: ConductivityRunOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "CSV of measured activation energies (columns x,Ea_eV, optionally Ea_se_eV; E_a in eV; default: none, but --ea or --sigma-data is required).")
    var ea: String?

    @Option(name: .customLong("sigma-data"), help: "CSV of measured conductivities (columns x,T_K,sigma_S_per_cm; default: none, but --ea or --sigma-data is required).")
    var sigmaData: String?

    @Option(help: "σ_ε fit of --ea: endpoints (ratio of the first and last x) or least-squares (all x); default endpoints.")
    var method: String?

    @Option(name: .customLong("sigma-range"), help: "Search range of σ_ε (dimensionless) for --ea, lower:upper (default 0.05:1.2).")
    var sigmaRange: String?

    @Option(name: .customLong("u0-ratio"), parsing: .unconditional,
            help: "u0/V0 held fixed during the --ea fit (dimensionless, 0 … 10; default 0.1).")
    var u0Ratio: Double?

    static let defaults = (size: 30, realizations: 10)

    /// The settings of the E_a fit.
    struct EnergyScaleSetup {
        let path: String
        let vacancyFraction: Double
        let sampling: ResolvedSampling
        let method: String
        let bracket: ClosedRange<Double>
        let u0Ratio: Double
    }

    func run() throws {
        let settings = try config.load(for: self)
        let eaPath = settings.text("ea", flag: ea), sigmaPath = settings.text("sigma-data", flag: sigmaData)
        guard eaPath != nil || sigmaPath != nil else {
            throw InputError(name: "fit data", value: "none", accepted: "--ea FILE and/or --sigma-data FILE")
        }
        let glass = try ResolvedGlass(model.composition, settings: settings, defaultX: nil)
        settings.notUsed("x", because: "(the x values come from the data files)")
        settings.notUsed("temperature", because: "(the temperatures come from --sigma-data)")
        settings.notUsed("nu", because: "(ν is what --sigma-data fits)")
        var energyScale: EnergyScaleSetup?
        if let eaPath {
            let sampling = try ResolvedSampling(model.landscape, settings: settings, defaultSize: Self.defaults.size,
                                                defaultRealizations: Self.defaults.realizations)
            let method = settings.string("method", flag: method, default: "endpoints")
            guard ["endpoints", "least-squares"].contains(method) else {
                throw InputError(name: "--method", value: method, accepted: "endpoints or least-squares")
            }
            let rangeText = settings.string("sigma-range", flag: sigmaRange, default: "0.05:1.2")
            let bracket = rangeText.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
            guard bracket.count == 2, let lower = bracket[0], let upper = bracket[1], lower.isFinite, upper.isFinite,
                  lower >= 0, upper > lower, upper <= 10 else {
                throw InputError(name: "--sigma-range", value: rangeText, accepted: "lower:upper with 0 ≤ lower < upper ≤ 10")
            }
            let ratio = try settings.double("u0-ratio", flag: u0Ratio, default: 0.1, unit: "",
                                            accepted: "0 ≤ u0/V0 ≤ 10", valid: { $0 >= 0 && $0 <= 10 })
            energyScale = EnergyScaleSetup(path: eaPath,
                                           vacancyFraction: try ResolvedLandscape.vacancyFraction(model.landscape, glass: glass,
                                                                                                  settings: settings),
                                           sampling: sampling, method: method, bracket: lower...upper, u0Ratio: ratio)
        } else {
            for key in ["method", "sigma-range", "u0-ratio"] { settings.notUsed(key, because: "(it applies to --ea)") }
        }
        var frequency: ResolvedConductivityRun?
        if sigmaPath != nil {
            let landscape = try ResolvedLandscape(model.landscape, glass: glass, settings: settings, defaultSize: Self.defaults.size,
                                                  defaultRealizations: Self.defaults.realizations)
            frequency = ResolvedConductivityRun(
                glass: glass, landscape: landscape,
                hopping: try ResolvedHopping(model.hopping, glass: glass, landscape: landscape, settings: settings,
                                             defaultTemperatures: nil, readsFrequency: false),
                kirchhoff: try ResolvedKirchhoff(model.kirchhoff, settings: settings, size: landscape.lattice.edge))
        } else {
            for key in ["v0", "sigma", "u0", "spacing", "solver", "window", "window-tolerance"] {
                settings.notUsed(key, because: "(it applies to --sigma-data; --ea fits V0 and σ_ε)")
            }
        }
        if try config.finish(settings, output: output) { return }
        if let energyScale {
            try energyScale.sampling.requireMemory(perSite: MemoryModel.criticalBarrier, jobs: 2 * energyScale.sampling.realizations,
                                                   command: "fit --ea")
        }
        try frequency?.requireMemory(command: "fit --sigma-data")
        var table = ResultTable(columns: ["parameter", "x", "value", "unit", "detail"])
        var record = RunRecord(command: "fit")
        if let energyScale { try fitEnergyScale(energyScale, glass: glass, into: &table) }
        if let sigmaPath, let frequency { try fitAttemptFrequency(path: sigmaPath, run: frequency, into: &table) }
        record.add(settings)
        try output.emit(table, name: "fit", record: record)
    }

    private func fitEnergyScale(_ setup: EnergyScaleSetup, glass: ResolvedGlass, into table: inout ResultTable) throws {
        let path = setup.path
        let data = try NumericCSV(path: path, required: ["x", "Ea_eV"], optional: ["Ea_se_eV"], what: "--ea")
        let xs = data.columns["x"]!, measured = data.columns["Ea_eV"]!
        let measuredErrors = data.columns["Ea_se_eV"] ?? [Double](repeating: 0, count: xs.count)
        for (k, s) in measuredErrors.enumerated() where !(s >= 0) {
            throw InputError("\(path), line \(data.lineNumbers[k]): Ea_se_eV = \(s) must be ≥ 0 eV")
        }
        for (k, x) in xs.enumerated() where !(0...1).contains(x) {
            throw InputError("\(path), line \(data.lineNumbers[k]): x = \(x) is outside 0 ≤ x ≤ 1")
        }
        for (k, e) in measured.enumerated() where !(e > 0) {
            throw InputError("\(path), line \(data.lineNumbers[k]): Ea_eV = \(e) must be > 0 eV")
        }
        let progress = ProgressReporter(label: "fit", quiet: output.quiet)
        // c_x(σ_ε) = ⟨Δ_c⟩ at V0 = 1 eV; the same seeds for every σ_ε tried (common random numbers).
        let f0 = setup.vacancyFraction, method = setup.method
        let ratio = setup.u0Ratio, seed = setup.sampling.seed, bracket = setup.bracket
        let lattice = setup.sampling.lattice, realisations = setup.sampling.realizations, threads = setup.sampling.threads
        var evaluations = 0
        func reduced(_ sigma: Double, at points: [Double]) throws -> [Double] {
            try reducedAverages(sigma, at: points).map(\.mean)
        }
        func reducedAverages(_ sigma: Double, at points: [Double]) throws -> [DisorderAverage] {
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
            }
        }
        let fit: EnergyScaleFit
        let used: [Int]    // the rows the fit uses
        switch method {
        case "endpoints":
            guard xs.count >= 2 else { throw InputError("\(path): the endpoints fit needs at least two rows") }
            used = [0, xs.count - 1]
            let ends = [xs.first!, xs.last!]
            fit = try ParameterFit.endMemberFit(measuredFirst: measured.first!, measuredLast: measured.last!,
                                                sigmaBracket: bracket, tolerance: 1e-3) { s in
                let c = try reduced(s, at: ends)
                return (c[0], c[1])
            }
        case "least-squares":
            used = Array(xs.indices)
            fit = try ParameterFit.leastSquaresFit(measured: measured, sigmaBracket: bracket,
                                                   tolerance: 1e-3) { s in try reduced(s, at: xs) }
        default:
            throw InputError(name: "--method", value: method, accepted: "endpoints or least-squares")
        }
        let errors = try energyScaleErrors(fit, points: used.map { xs[$0] }, measured: used.map { measured[$0] },
                                           measuredErrors: used.map { measuredErrors[$0] }, model: reducedAverages)
        var detail = "\(method), N_L = \(lattice.edge), R = \(realisations), u0/V0 = \(ratio), \(evaluations) model evaluations"
        if fit.alternativeRoots > 0 {
            detail += "; AMBIGUOUS: the model ratio crosses the measured one \(fit.alternativeRoots + 1) times in the σ_ε range (lowest root reported); increase --size/--realizations"
        }
        table.append([.text("V0"), .text(""), .number(fit.v0), .text("eV"), .text(detail)])
        table.append([.text("sigma_epsilon"), .text(""), .number(fit.sigma), .text("1"), .text(detail)])
        let errorDetail = errors.map { "delta method: " + $0.sources }
            ?? "undefined: one realisation gives no Monte Carlo error and the data carry no Ea_se_eV"
        table.append([.text("V0_se"), .text(""), errors.map { .number($0.errors.v0) } ?? .text(""), .text("eV"), .text(errorDetail)])
        table.append([.text("sigma_epsilon_se"), .text(""), errors.map { .number($0.errors.sigma) } ?? .text(""), .text("1"),
                      .text(errorDetail)])
        table.append([.text("Ea_rms_residual"), .text(""), .number(fit.residualRMS), .text("eV"), .text(detail)])
    }
}

extension FitCommand {
    /// Standard errors of (V0, σ_ε) by the delta method (`ParameterFit.energyScaleErrors`): the
    /// model's Monte Carlo errors at σ̂, the measured errors when the file has them, and the
    /// model's first and second σ_ε-derivatives by central differences over ±h (common random
    /// numbers keep them smooth; h = 0.02, or σ̂/2 near the lower end). nil when neither source of
    /// error is known (one realisation and no Ea_se_eV column).
    fileprivate func energyScaleErrors(_ fit: EnergyScaleFit, points: [Double], measured: [Double], measuredErrors: [Double],
                                       model: (Double, [Double]) throws -> [DisorderAverage])
        throws -> (errors: EnergyScaleErrors, sources: String)? {
        let centre = try model(fit.sigma, points)
        let modelErrors = centre.map { $0.standardError }
        let hasModelErrors = modelErrors.allSatisfy { $0 != nil }, hasMeasuredErrors = measuredErrors.contains { $0 > 0 }
        guard hasModelErrors || hasMeasuredErrors else { return nil }
        let h = fit.sigma >= 0.04 ? 0.02 : max(fit.sigma / 2, 1e-3)
        let below = try model(max(0, fit.sigma - h), points).map(\.mean), above = try model(fit.sigma + h, points).map(\.mean)
        let step = fit.sigma + h - max(0, fit.sigma - h)
        let c = centre.map(\.mean)
        let slope = zip(above, below).map { ($0 - $1) / step }
        let curvature = (0..<c.count).map { (above[$0] - 2 * c[$0] + below[$0]) / (h * h) }
        let errors = try ParameterFit.energyScaleErrors(measured: measured, measuredErrors: measuredErrors, reduced: c,
                                                        reducedErrors: modelErrors.map { $0 ?? 0 },
                                                        slope: slope, curvature: curvature)
        let sources = [hasModelErrors ? "model Monte Carlo errors" : nil, hasMeasuredErrors ? "Ea_se_eV of the data" : nil]
            .compactMap { $0 }.joined(separator: " and ") + String(format: ", slope over σ_ε ± %g", h)
        return (errors, sources)
    }

    /// ν from measured σ(x, T): the model at ν_ref (the preset's or --nu) on the same landscapes,
    /// then ν in closed form by least squares in log σ (docs/model.md §8), fixed and per point.
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
            guard let average = try ConductivitySweepRunner(glass: point, landscape: landscape, hopping: pointHopping, kirchhoff: solver)
                .run(journal: { nil }, progress: progress)?.averages[0][0] else { continue }
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
