import ArgumentParser
import Foundation
import Glass
import Landscape
import SparseSolvers
import Transport
import WorkUnits

/// `ionscape ac`: the ac conductivity σ(ω) of the landscape's conductance network (docs/model.md §14).
/// CSV: x,T_K,frequency_Hz,sigma_real_S_per_cm,sigma_real_se,sigma_imag_S_per_cm,sigma_imag_se,epsilon_real,
/// epsilon_imag,realizations, then numerical_error_rel.
struct ACCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ac",
        abstract: "ac conductivity σ(ω) = σ' + iσ'' of the landscape's network in the periodic bulk, with the permittivity (docs/model.md §14).",
        discussion: """
            Linear response of the eq. (7) network with site capacitances C_i = βe² f_i(1 − f_i), periodic in x, y and z, \
            so σ(ω) is the bulk's, free of electrode polarisation: σ → the periodic dc σ as ω → 0 and → Σ_x g/(V a) as ω → ∞. \
            All frequencies come from a few real sparse Cholesky factorisations (rational Krylov, a Debye sum per band of \
            frequencies), on windows of the conductances around the bottleneck and the capacitive admittance ωC. \
            epsilon_real = σ''/(ωε0) and epsilon_imag = σ'/(ωε0) are the ions' relative permittivity (ε', ε''; ε'' includes \
            the dc conduction). Means and standard errors are over realisations; numerical_error_rel is the largest \
            estimated numerical error of σ relative to |σ| over them (projection and window). --landscape rbm:beta=B is the \
            random barrier model: every site accessible with equal energies, one ion, link rates ν e^{−B·U}, U uniform on \
            [0, 1); x is then empty. Defaults here: --x 0.5, --size 20, --realizations 4, --temperature 400, \
            --frequency 1:1e12:61.
            """)

    @OptionGroup var composition: CompositionOptions
    @OptionGroup var landscape: LandscapeOptions
    @OptionGroup var hopping: HoppingOptions
    @OptionGroup var filling: FillingOptions
    @OptionGroup var spectrum: SpectrumOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let source = try ACLandscapes(filling: filling, composition: composition, landscape: landscape, settings: settings)
        let hop = try ResolvedHopping(hopping, preset: source.preset, v0: source.v0, settings: settings, defaultTemperatures: "400")
        let frequencies = try spectrum.frequencies(settings: settings)
        let options = try spectrum.options(settings: settings)
        if try config.finish(settings, output: output) { return }
        let progress = ProgressReporter(label: "ac", quiet: output.quiet)
        let points = try Self.compute(source, hopping: hop, frequencies: frequencies, options: options, progress: progress)
        var record = RunRecord(command: "ac")
        record.add(settings)
        record.extra["points"] = points.map(\.record)
        for p in points { progress.note(p.line) }
        try output.emit(Self.table(points), name: "ac", record: record, figure: Self.spectraFigure(points))
        if let out = output.out { try Self.masterCurve(points).render(stem: "ac-master", in: out) }
    }

    /// One (x, T) point: the averaged spectrum.
    struct Point {
        let x: Double?
        let temperature: Double
        let frequencies: [Double]
        let average: ACAverage
        let windowNodes: Int
        let factorisations: Int

        var record: [String: Any] {
            ["x": x.map { $0 as Any } ?? NSNull(), "T_K": temperature, "sigma_dc_S_per_cm": average.dc.mean / 100,
             "s1_F_per_m": average.lowFrequencySlope.mean, "largest_window_nodes": windowNodes, "factorisations": factorisations]
        }

        var line: String {
            let place = (x.map { "x = \($0), " } ?? "") + String(format: "T = %g K", temperature)
            return "ac: \(place): σ_dc = \(Self.decimal(average.dc.mean / 100)) S/cm, Δε = s₁/ε0 = "
                + "\(Self.decimal(average.lowFrequencySlope.mean / PhysicalConstants.vacuumPermittivity)); "
                + "largest window \(windowNodes) nodes, \(factorisations) factorisations; "
                + "numerical error ≤ \(Self.decimal(average.relativeError.max() ?? 0)) of |σ|"
        }

        static func decimal(_ v: Double) -> String { String(format: "%.4g", v) }
    }

    static func compute(_ source: ACLandscapes, hopping: ResolvedHopping, frequencies: [Double], options: ACOptions,
                        progress: ProgressReporter) throws -> [Point] {
        let parameters = try HoppingParameters(attemptFrequency: hopping.attemptFrequency, barrier: hopping.u0,
                                               latticeConstant: hopping.spacing)
        var keys: [(x: Double?, t: Double)] = []
        for x in source.xs { for t in hopping.temperatures { keys.append((x, t)) } }
        let points = keys, realisations = source.sampling.realizations
        let omegas = frequencies.map { 2 * Double.pi * $0 }
        var sweep = options
        if keys.count * realisations > 1 { sweep.ordering = .amd }   // METIS is serialised process-wide
        let chosen = sweep
        BLASThreads.set(1)
        let flat = try LocalUnits.run(count: keys.count * realisations, threads: source.sampling.threads,
                                      progress: { progress.update(completed: $0, total: $1) }) { job in
            let (p, r) = (job / realisations, job % realisations)
            let network = try source.network(x: points[p].x, temperature: points[p].t, hopping: parameters, realisation: r)
            return try ACConductivity.spectrum(of: network, angularFrequencies: omegas, options: chosen)
        }
        return keys.indices.map { p in
            let spectra = Array(flat[(p * realisations)..<((p + 1) * realisations)])
            return Point(x: keys[p].x, temperature: keys[p].t, frequencies: frequencies, average: ACAverage(spectra),
                         windowNodes: spectra.map(\.windowNodes).max()!, factorisations: spectra.map(\.factorisations).reduce(0, +))
        }
    }

    static func table(_ points: [Point]) -> ResultTable {
        var table = ResultTable(columns: ["x", "T_K", "frequency_Hz", "sigma_real_S_per_cm", "sigma_real_se", "sigma_imag_S_per_cm",
                                          "sigma_imag_se", "epsilon_real", "epsilon_imag", "realizations", "numerical_error_rel"])
        func se(_ e: Estimate) -> Cell { e.standardError.map { .number($0 / 100) } ?? .text("") }
        for p in points {
            for (k, f) in p.frequencies.enumerated() {
                let (re, im) = (p.average.real[k], p.average.imaginary[k])
                let omegaEps = 2 * Double.pi * f * PhysicalConstants.vacuumPermittivity
                table.append([p.x.map { .number($0) } ?? .text(""), .number(p.temperature), .number(f),
                              .number(re.mean / 100), se(re), .number(im.mean / 100), se(im),
                              .number(im.mean / omegaEps), .number(re.mean / omegaEps), .integer(p.average.realizations),
                              .number(p.average.relativeError[k])])
            }
        }
        return table
    }

    /// σ'(f) log–log, one curve per (x, T).
    static func spectraFigure(_ points: [Point]) -> GnuplotFigure {
        var figure = GnuplotFigure(title: "ac conductivity", xLabel: "f (Hz)", yLabel: "σ' (S/cm)")
        figure.logX = true
        figure.logY = true
        for p in points {
            let label = (p.x.map { "x = \($0), " } ?? "") + String(format: "T = %g K", p.temperature)
            figure.add(label, .errorLines, p.frequencies.indices.map { k in
                [p.frequencies[k], p.average.real[k].mean / 100, (p.average.real[k].standardError ?? 0) / 100]
            })
        }
        return figure
    }

    /// Summerfield scaling: σ'/σ_dc against f/(σ_dc T), the master curve of impedance spectroscopy.
    static func masterCurve(_ points: [Point]) -> GnuplotFigure {
        var figure = GnuplotFigure(title: "Master curve (Summerfield scaling)", xLabel: "f/(σ_{dc} T) (Hz cm/(S K))",
                                   yLabel: "σ'/σ_{dc}")
        figure.logX = true
        figure.logY = true
        for p in points where p.average.dc.mean > 0 {
            let dc = p.average.dc.mean / 100
            let label = (p.x.map { "x = \($0), " } ?? "") + String(format: "T = %g K", p.temperature)
            figure.add(label, .lines, p.frequencies.indices.map { k in
                [p.frequencies[k] / (dc * p.temperature), p.average.real[k].mean / 100 / dc]
            })
        }
        return figure
    }
}

extension ACCommand {
    /// The spread of the master curve: the largest difference in log10(σ'/σ_dc) between the
    /// curves at equal f/(σ_dc T), interpolated linearly in the logarithms, where every curve
    /// lies between 1.1 and 30 (the dispersive range); nil with fewer than two curves there.
    static func masterCurveSpread(_ points: [Point]) -> Double? {
        let curves: [[(x: Double, y: Double)]] = points.compactMap { p in
            let dc = p.average.dc.mean
            guard dc > 0 else { return nil }
            return p.frequencies.indices.map { k in
                (log10(p.frequencies[k] / (dc / 100 * p.temperature)), log10(p.average.real[k].mean / dc))
            }
        }
        guard curves.count >= 2 else { return nil }
        func value(_ curve: [(x: Double, y: Double)], at x: Double) -> Double? {
            for (a, b) in zip(curve, curve.dropFirst()) where a.x <= x && x <= b.x {
                return b.x > a.x ? a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x) : a.y
            }
            return nil
        }
        let band = (log10(1.1), log10(30.0))
        var spread: Double? = nil
        for point in curves.flatMap({ $0 }) {
            let values = curves.compactMap { value($0, at: point.x) }
            guard values.count == curves.count, values.allSatisfy({ $0 >= band.0 && $0 <= band.1 }) else { continue }
            spread = max(spread ?? 0, values.max()! - values.min()!)
        }
        return spread
    }
}

/// `--frequency` and the numerics of `ac`.
struct SpectrumOptions: ParsableArguments {
    @Option(parsing: .unconditional,
            help: "Frequencies f in Hz: f1:f2:N for N log-spaced points from f1 to f2, or a comma list (each > 0; default 1:1e12:61).")
    var frequency: String?

    @Option(name: .customLong("ac-window"), parsing: .unconditional,
            help: "Conductance window W of the ac solve: links above W·max(g_b, ωC) are shorts, below g_b/W dropped (10 … 1e8; default 1e4).")
    var acWindow: Double?

    @Option(name: .customLong("poles-per-decade"), parsing: .unconditional,
            help: "Real poles per decade of frequency of the rational Krylov model (0.5 … 20; default 3).")
    var polesPerDecade: Double?

    func frequencies(settings: Settings) throws -> [Double] {
        let text = settings.string("frequency", flag: frequency, default: "1:1e12:61")
        let accepted = "f1:f2:N with 0 < f1 ≤ f2 finite and 1 ≤ N ≤ 10000, or a comma list of frequencies > 0"
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var values: [Double]
        if parts.count == 3 {
            guard let f1 = Double(parts[0]), let f2 = Double(parts[1]), let n = Int(parts[2]), f1 > 0, f1.isFinite, f2 >= f1,
                  f2.isFinite, n >= 1, n <= 10_000 else {
                throw InputError(name: "--frequency", value: "'\(text)'", accepted: accepted)
            }
            values = n == 1 ? [f1] : (0..<n).map { k in
                // Log-spaced, rounded to 12 digits so that decades land on their decimals.
                let v = exp(log(f1) + (log(f2) - log(f1)) * Double(k) / Double(n - 1))
                return Double(String(format: "%.12g", v)) ?? v
            }
        } else if parts.count == 1 {
            values = try ValueList(parsing: text, name: "--frequency").values
        } else {
            throw InputError(name: "--frequency", value: "'\(text)'", accepted: accepted)
        }
        for f in values where !(f.isFinite && f > 0) {
            throw InputError(name: "--frequency", value: "\(f) Hz", accepted: accepted)
        }
        return values
    }

    func options(settings: Settings) throws -> ACOptions {
        var options = ACOptions()
        options.window = try settings.double("ac-window", flag: acWindow, default: options.window, unit: "",
                                             accepted: "10 ≤ W ≤ 1e8", valid: { $0 >= 10 && $0 <= 1e8 })
        options.polesPerDecade = try settings.double("poles-per-decade", flag: polesPerDecade, default: options.polesPerDecade,
                                                     unit: "", accepted: "0.5 … 20", valid: { $0 >= 0.5 && $0 <= 20 })
        return options
    }
}

/// The landscapes of `ac`: those of `kmc`/`diffusion` (`ResolvedTransportLandscape`), or the
/// random barrier model (`--landscape rbm:beta=B`).
struct ACLandscapes {
    let transport: ResolvedTransportLandscape?
    /// B = β E_max of the random barrier model.
    let barrierStrength: Double?
    let preset: Preset
    let v0: Double
    let sampling: ResolvedSampling

    init(filling: FillingOptions, composition: CompositionOptions, landscape: LandscapeOptions, settings: Settings) throws {
        let name = settings.text("landscape", flag: filling.landscape) ?? "composition"
        if name.hasPrefix("rbm") {
            guard name.hasPrefix("rbm:beta="), let b = Double(name.dropFirst("rbm:beta=".count)), b.isFinite, b >= 0, b <= 1000 else {
                throw InputError(name: "--landscape", value: name, accepted: "composition, uniform or rbm:beta=B with 0 ≤ B ≤ 1000")
            }
            _ = settings.string("landscape", flag: filling.landscape, default: "composition")
            let reason = "with --landscape rbm (equal energies, one ion)"
            for key in ["x", "y", "alkali", "nfu-table", "sigma", "v0", "f0", "filling"] { settings.notUsed(key, because: reason) }
            barrierStrength = b
            transport = nil
            preset = try Preset.named(settings.string("preset", flag: composition.preset, default: "li33"))
            v0 = preset.v0
            sampling = try ResolvedSampling(landscape, settings: settings, defaultSize: 20, defaultRealizations: 4)
        } else {
            let resolved = try ResolvedTransportLandscape(filling, composition: composition, landscape: landscape, settings: settings,
                                                          defaultX: "0.5", defaultSize: 20, defaultRealizations: 4,
                                                          defaultFillings: nil)
            guard resolved.fillings.count == 1 else {
                throw InputError(name: "--filling", value: "\(resolved.fillings.count) values", accepted: "one filling per ac run")
            }
            transport = resolved
            barrierStrength = nil
            preset = resolved.preset
            v0 = resolved.v0
            sampling = resolved.sampling
        }
    }

    var xs: [Double?] { transport?.xs ?? [nil] }

    /// The periodic network of realisation r at (x, T).
    func network(x: Double?, temperature: Double, hopping: HoppingParameters, realisation r: Int) throws -> PeriodicNetwork {
        if let b = barrierStrength {
            // "rbm" in ASCII keys the model's streams apart from the landscapes'.
            var stream = RandomStream(seed: sampling.seed, point: 0x72_626D ^ b.bitPattern, realisation: UInt64(r))
            let n = sampling.lattice.edge
            let rbm = try PeriodicNetwork.randomBarrier(edge: n, strength: b, stream: &stream)
            // One ion on N_L³ sites: f = 1/N_L³, C = βe² f(1 − f), g = βe² ν f(1 − f) e^{−B U}.
            let f = 1 / Double(n * n * n)
            let logBetaE2 = log(PhysicalConstants.elementaryCharge / (PhysicalConstants.boltzmannEV * temperature))
            let logOccupancy = log(f) + log1p(-f)
            return rbm.scaled(logConductance: logBetaE2 + logOccupancy + log(hopping.attemptFrequency),
                              logCapacitance: logBetaE2 + logOccupancy, latticeConstant: hopping.latticeConstant)
        }
        let (landscape, _) = try transport!.landscape(x: x, filling: transport!.fillings[0], realisation: r)
        return try PeriodicNetwork(landscape: landscape, temperature: temperature, hopping: hopping)
    }
}
