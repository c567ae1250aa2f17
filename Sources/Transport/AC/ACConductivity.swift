import Numerics
import Foundation
import SparseSolvers

/// How `ACConductivity` windows the network and places its poles (docs/model.md §14).
public struct ACOptions: Sendable {
    /// Window W: links above W·max(g_b, ω_max C_max) are shorts, links below g_b/W are dropped
    /// (per band of frequencies, `bandDecades`). The window's error falls about as 1/W.
    public var window: Double = 1e4
    /// Real poles per decade of the rational Krylov basis (over [ω_min/√10, 10·ω_max]).
    public var polesPerDecade: Double = 3
    /// Also solve the narrower window W/100 and quote the difference (scaled to W) in the error
    /// estimate; off, the estimate covers the projection alone.
    public var scansWindow = true
    /// Fill-reducing ordering of the factorisations (sweeps use AMD: METIS is serialised).
    public var ordering: CholeskyOrdering = .metis
    /// Decades of ω̃ = ωC_max/g_b above ω̃ = 1 that one window and model serve: wider bands need
    /// fewer poles in all, narrower ones keep each window's conductance spread smaller.
    public var bandDecades: Double = 4

    public init() {}
}

/// σ(ω) of one network over a list of frequencies (docs/model.md §14).
public struct ACSpectrum: Sendable {
    /// ω in rad/s, as asked.
    public let angularFrequencies: [Double]
    /// σ'(ω) and σ''(ω) in S/m (network units divided by a for abstract networks).
    public let real: [Double]
    public let imaginary: [Double]
    /// Estimated bound on |σ_computed − σ_true| at each ω, in S/m: the projection's (a model on
    /// every other pole, whose error the full model's is below) plus the window's (see
    /// `ACOptions.scansWindow`).
    public let errors: [Double]
    /// σ₀ (the periodic dc σ) and s₁ = lim σ''/ω (F/m), of the windowed network.
    public let dc: Double
    public let lowFrequencySlope: Double
    /// σ_∞ = Σ_{+x} g/(V a) of the whole network (S/m): the ω → ∞ limit, reached only where the
    /// window holds every link.
    public let infiniteFrequency: Double
    /// The largest system solved, the factorisations made, and the links contracted and dropped
    /// by the widest window.
    public let windowNodes: Int
    public let factorisations: Int
    public let contractedLinks: Int
    public let droppedLinks: Int
    /// The Debye model of each band of frequencies, and each frequency's band.
    let bandModels: [DebyeModel]
    let bandOf: [Int]
    let conductanceScale: Double
    let capacitanceScale: Double
    let volume: Double
    let latticeConstant: Double

    /// σ(s) in S/m at a complex Laplace variable s (rad/s) with Re s ≥ 0, from the model of the
    /// band of frequency `k` (use it for s near iω_k).
    public func sigma(at s: Complex<Double>, nearFrequency k: Int) -> Complex<Double> {
        let scaled = s * Complex(capacitanceScale / conductanceScale)
        return bandModels[bandOf[k]].value(at: scaled) * Complex(conductanceScale / (volume * latticeConstant))
    }
}

public enum ACConductivity {
    /// σ(ω) of `network` at the angular frequencies given (rad/s, positive and finite).
    public static func spectrum(of network: PeriodicNetwork, angularFrequencies omegas: [Double],
                                options: ACOptions = ACOptions()) throws(TransportError) -> ACSpectrum {
        guard !omegas.isEmpty, omegas.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw .invalidParameter(name: "angular frequencies", value: "\(omegas.count) values, \(omegas.first.map { "\($0)" } ?? "none") …",
                                    accepted: "at least one, each finite and > 0 rad/s")
        }
        guard options.window.isFinite, options.window >= 10 else {
            throw .invalidParameter(name: "window W", value: "\(options.window)", accepted: "10 ≤ W < ∞")
        }
        guard options.bandDecades.isFinite, options.bandDecades >= 0.5, options.bandDecades <= 20 else {
            throw .invalidParameter(name: "band width", value: "\(options.bandDecades) decades", accepted: "0.5 … 20")
        }
        guard options.polesPerDecade.isFinite, options.polesPerDecade >= 0.5, options.polesPerDecade <= 20 else {
            throw .invalidParameter(name: "poles per decade", value: "\(options.polesPerDecade)", accepted: "0.5 … 20")
        }
        guard network.nodeCount > 0, let logCs = network.logCapacitances.max() else {
            throw .invalidParameter(name: "network", value: "no nodes", accepted: "at least one accessible site")
        }
        // Scales: g_s = g_b (dc bottleneck), or the smallest capacitive admittance when no
        // path winds around the sample (no dc conduction).
        let logGb = WindingBottleneck.logConductance(of: network)
        let logGs = logGb ?? (log(omegas.min()!) + logCs)
        let logOmegaScale = logCs - logGs   // s̃ = s·C_s/g_s
        // Scaled frequencies beyond e^±600 would overflow the poles and the matrices.
        if let extreme = omegas.map({ log($0) + logOmegaScale }).first(where: { abs($0) > 600 }) {
            throw .computationFailed("a frequency lies e^\(Int(extreme.rounded())) times the network's relaxation rate "
                                     + "(g_b/C_max = e^\(Int((-logOmegaScale).rounded())) rad/s), beyond e^±600: "
                                     + "the conductances and capacitances of these parameters are too far apart to solve")
        }
        let unit = exp(logGs) / (network.volume * network.latticeConstant)   // S/m per scaled σ̃·V

        // The frequencies in bands of at most `bandDecades` of ω̃ above ω̃ = 1 (below it the window
        // does not depend on ω): each band gets its own window and model.
        let scaled = omegas.map { log($0) + logOmegaScale }
        var bandOf = [Int](repeating: 0, count: omegas.count)
        var bands: [(low: Double, high: Double)] = []
        for k in scaled.indices.sorted(by: { scaled[$0] < scaled[$1] }) {
            let key = max(0, scaled[k])
            if let last = bands.last, key - max(0, last.low) <= options.bandDecades * M_LN10 {
                bands[bands.count - 1].high = scaled[k]
            } else {
                bands.append((scaled[k], scaled[k]))
            }
            bandOf[k] = bands.count - 1
        }
        var real = [Double](repeating: 0, count: omegas.count), imaginary = real, errors = real
        var nodes = 0, factorisations = 0, contracted = 0, dropped = 0
        var models: [DebyeModel] = []
        for (b, band) in bands.enumerated() {
            let fit = try bandModel(network, logGs: logGs, logCs: logCs, logLow: band.low, logHigh: band.high, options: options)
            models.append(fit.model)
            nodes = max(nodes, fit.nodes); factorisations += fit.factorisations
            contracted = max(contracted, fit.contracted); dropped = max(dropped, fit.dropped)
            for k in omegas.indices where bandOf[k] == b {
                let s = Complex(0, exp(scaled[k]))
                let value = fit.model.value(at: s)
                var error = (value - fit.coarse.value(at: s)).length
                // The window's error falls about as 1/W: a 100× narrower window's difference,
                // scaled by 1/10 (not 1/100: a factor 10 to spare).
                if let scan = fit.scan { error += (value - scan.value(at: s)).length / 10 }
                real[k] = value.real * unit
                imaginary[k] = value.imaginary * unit
                errors[k] = error * unit
            }
        }
        // σ₀ and s₁ from the window for ω → 0 (links above W·g_b contracted, below g_b/W dropped).
        let dcModel = try RationalKrylov.dcModel(
            ACWindow(network, logConductanceScale: logGs, logCapacitanceScale: logCs,
                     logUpper: logGs + log(options.window), logLower: logGs - log(options.window)),
            ordering: options.ordering)
        let capacitanceScale = exp(logCs)
        return ACSpectrum(angularFrequencies: omegas, real: real, imaginary: imaginary, errors: errors,
                          dc: dcModel.dc * unit,
                          lowFrequencySlope: dcModel.lowFrequencySlope * capacitanceScale / (network.volume * network.latticeConstant),
                          infiniteFrequency: exp(network.logInfiniteFrequencyConductivity) / network.latticeConstant,
                          windowNodes: nodes, factorisations: factorisations + 1,
                          contractedLinks: contracted, droppedLinks: dropped,
                          bandModels: models, bandOf: bandOf, conductanceScale: exp(logGs), capacitanceScale: capacitanceScale,
                          volume: network.volume, latticeConstant: network.latticeConstant)
    }

    /// The model of one band of scaled frequencies [e^logLow, e^logHigh]: its window (links above
    /// W·g_s·max(1, ω̃_high) contracted, below g_s/W dropped: a weak +x link carries its full
    /// g·E at high frequency, so the drop threshold does not rise with ω), poles
    /// `polesPerDecade` per decade from ω̃_low/√10 to 10·ω̃_high, and the model on every other pole
    /// and on the window W/100 for the error estimate. A factorisation that fails (the window's
    /// conductances span more than a double resolves) is retried with the window narrowed 10×.
    private static func bandModel(_ network: PeriodicNetwork, logGs: Double, logCs: Double, logLow: Double, logHigh: Double,
                                  options: ACOptions) throws(TransportError)
        -> (model: DebyeModel, coarse: DebyeModel, scan: DebyeModel?, nodes: Int, factorisations: Int, contracted: Int, dropped: Int) {
        let low = logLow.isFinite ? logLow : -10 * M_LN10, high = logHigh.isFinite ? logHigh : low
        let lo = low - 0.5 * M_LN10, hi = high + M_LN10
        let count = max(2, Int(((hi - lo) / M_LN10 * options.polesPerDecade).rounded(.up)) + 1)
        let poles = (0..<count).map { exp(lo + (hi - lo) * Double($0) / Double(count - 1)) }
        let upperShift = max(0, logHigh)
        func solve(_ w: Double) throws(TransportError) -> (ACWindow, RationalKrylov.Reduction) {
            let window = ACWindow(network, logConductanceScale: logGs, logCapacitanceScale: logCs,
                                  logUpper: logGs + log(w) + upperShift, logLower: logGs - log(w))
            return (window, try RationalKrylov.reduce(window, poles: poles, ordering: options.ordering))
        }
        var w = options.window
        while true {
            do {
                let (window, reduction) = try solve(w)
                let scan = options.scansWindow ? try solve(w / 100).1 : nil
                return (reduction.model, reduction.coarse, scan?.model, window.nodeCount,
                        reduction.factorisations + (scan?.factorisations ?? 0), window.contractedLinks, window.droppedLinks)
            } catch {
                guard w / 10 >= 10 else { throw error }
                w /= 10
            }
        }
    }
}
