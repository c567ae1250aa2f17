import Numerics
import Foundation
import SparseSolvers

/// How `ACConductivity` windows the network and places its poles (docs/model.md §11).
public struct ACOptions: Sendable {
    /// Window W: links above W·max(g_b, ω_max C_max) are shorts, links below
    /// max(g_b, ω_min C_max)/W are dropped. The window's error falls about as 1/W.
    public var window: Double = 1e5
    /// Real poles per decade of the rational Krylov basis (over [ω_min/√10, 10·ω_max]).
    public var polesPerDecade: Double = 3
    /// Also solve the narrower window W/100 and quote the difference (scaled to W) in the error
    /// estimate; off, the estimate covers the projection alone.
    public var scansWindow = true
    /// Fill-reducing ordering of the factorisations (sweeps use AMD: METIS is serialised).
    public var ordering: CholeskyOrdering = .metis

    public init() {}
}

/// σ(ω) of one network over a list of frequencies (docs/model.md §11).
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
    /// Nodes solved for, factorisations made, links contracted and dropped by the window.
    public let windowNodes: Int
    public let factorisations: Int
    public let contractedLinks: Int
    public let droppedLinks: Int
    /// The Debye model in physical units, for σ(s) at complex s.
    let model: DebyeModel
    let conductanceScale: Double
    let capacitanceScale: Double
    let volume: Double
    let latticeConstant: Double

    /// σ(s) in S/m at a complex Laplace variable s (rad/s) with Re s ≥ 0; σ(iω) is the spectrum.
    public func sigma(at s: Complex<Double>) -> Complex<Double> {
        let scaled = s * Complex(capacitanceScale / conductanceScale)
        return model.value(at: scaled) * Complex(conductanceScale / (volume * latticeConstant))
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
        guard options.polesPerDecade.isFinite, options.polesPerDecade >= 0.5, options.polesPerDecade <= 20 else {
            throw .invalidParameter(name: "poles per decade", value: "\(options.polesPerDecade)", accepted: "0.5 … 20")
        }
        guard network.nodeCount > 0, let logCs = network.logCapacitances.max() else {
            throw .invalidParameter(name: "network", value: "no nodes", accepted: "at least one accessible site")
        }
        let (omegaMin, omegaMax) = (omegas.min()!, omegas.max()!)
        // Scales: g_s = g_b (dc bottleneck), or the smallest capacitive admittance when no
        // path winds around the sample (no dc conduction).
        let logGb = WindingBottleneck.logConductance(of: network)
        let logGs = logGb ?? (log(omegaMin) + logCs)
        let logOmegaScale = logCs - logGs   // s̃ = s·C_s/g_s
        let logHigh = max(0, log(omegaMax) + logOmegaScale), logLow = max(0, log(omegaMin) + logOmegaScale)
        // Poles 3 per decade from ω_min/√10 to 10·ω_max (scaled): one above the band, since the
        // model's largest error otherwise sits at its top.
        let lo = log(omegaMin) + logOmegaScale - 0.5 * M_LN10, hi = log(omegaMax) + logOmegaScale + M_LN10
        let count = max(2, Int(((hi - lo) / M_LN10 * options.polesPerDecade).rounded(.up)) + 1)
        let poles = (0..<count).map { exp(lo + (hi - lo) * Double($0) / Double(count - 1)) }

        func solve(window w: Double) throws(TransportError) -> (ACWindow, RationalKrylov.Reduction) {
            let window = ACWindow(network, logConductanceScale: logGs, logCapacitanceScale: logCs,
                                  logUpper: logGs + log(w) + logHigh, logLower: logGs - log(w) + logLow)
            return (window, try RationalKrylov.reduce(window, poles: poles, ordering: options.ordering))
        }
        let (window, reduction) = try solve(window: options.window)
        var scan: RationalKrylov.Reduction? = nil
        if options.scansWindow { scan = try solve(window: options.window / 100).1 }

        let unit = exp(logGs) / (network.volume * network.latticeConstant)   // S/m per scaled σ̃·V
        var real: [Double] = [], imaginary: [Double] = [], errors: [Double] = []
        for omega in omegas {
            let s = Complex(0, exp(log(omega) + logOmegaScale))
            let value = reduction.model.value(at: s)
            var error = (value - reduction.coarse.value(at: s)).length
            // The window's error falls about as 1/W: a 100× narrower window's difference, scaled
            // by 1/10 (not 1/100, a factor 10 to spare).
            if let scan { error += (value - scan.model.value(at: s)).length / 10 }
            real.append(value.real * unit)
            imaginary.append(value.imaginary * unit)
            errors.append(error * unit)
        }
        let capacitanceScale = exp(logCs)
        return ACSpectrum(angularFrequencies: omegas, real: real, imaginary: imaginary, errors: errors,
                          dc: reduction.model.dc * unit,
                          lowFrequencySlope: reduction.model.lowFrequencySlope * capacitanceScale / (network.volume * network.latticeConstant),
                          infiniteFrequency: exp(network.logInfiniteFrequencyConductivity) / network.latticeConstant,
                          windowNodes: window.nodeCount, factorisations: reduction.factorisations + (scan?.factorisations ?? 0),
                          contractedLinks: window.contractedLinks, droppedLinks: window.droppedLinks,
                          model: reduction.model, conductanceScale: exp(logGs), capacitanceScale: capacitanceScale,
                          volume: network.volume, latticeConstant: network.latticeConstant)
    }
}
