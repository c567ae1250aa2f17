import Foundation
import Landscape

/// Least-squares Arrhenius fit (docs/model.md §6): ln(Tσ) = ln A − E_a/(k_B T).
public struct ArrheniusFit: Sendable, Equatable {
    /// E_a in eV (minus the slope of ln(Tσ) against 1/(k_B T)).
    public let activationEnergy: Double
    /// Standard error of E_a from the residuals (0 for exactly two points).
    public let standardError: Double
    /// ln A, the intercept (A in K·S/cm).
    public let logPrefactor: Double

    /// Fits ln(T·σ) against 1/(k_B T).
    /// - Throws: for fewer than two distinct temperatures, non-positive T, or σ ≤ 0.
    public init(temperatures: [Double], conductivities: [Double]) throws(TransportError) {
        try self.init(temperatures: temperatures, logConductivities: conductivities.map { $0 > 0 ? log($0) : -.infinity })
    }

    /// Fits ln(T·σ) against 1/(k_B T) from ln σ (which stays finite where σ underflows).
    /// - Throws: for fewer than two distinct temperatures, non-positive T, or a σ that is not
    ///   positive and finite (no spanning cluster).
    public init(temperatures: [Double], logConductivities: [Double]) throws(TransportError) {
        guard temperatures.count == logConductivities.count else {
            throw .invalidParameter(name: "conductivity count", value: "\(logConductivities.count)",
                                    accepted: "one per temperature (\(temperatures.count))")
        }
        for t in temperatures where !(t.isFinite && t > 0) {
            throw .invalidParameter(name: "temperature", value: "\(t) K", accepted: "T > 0 K, finite")
        }
        for (t, s) in zip(temperatures, logConductivities) where !s.isFinite {
            throw .invalidParameter(name: "σ at T = \(t) K", value: s < 0 ? "0 (no spanning cluster)" : "\(s)",
                                    accepted: "σ > 0 (a spanning network) for an Arrhenius fit")
        }
        guard Set(temperatures).count >= 2 else {
            throw .invalidParameter(name: "temperatures", value: "\(temperatures)", accepted: "at least two distinct values")
        }
        let x = temperatures.map { 1 / (PhysicalConstants.boltzmannEV * $0) }
        let y = zip(temperatures, logConductivities).map { log($0) + $1 }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (xi, yi) in zip(x, y) { sxx += (xi - mx) * (xi - mx); sxy += (xi - mx) * (yi - my) }
        let slope = sxy / sxx
        var residual = 0.0
        for (xi, yi) in zip(x, y) { let r = yi - my - slope * (xi - mx); residual += r * r }
        activationEnergy = -slope
        standardError = x.count > 2 ? (residual / (n - 2) / sxx).squareRoot() : 0
        logPrefactor = my - slope * mx
    }
}

/// T·σ over a temperature list for one landscape, and its Arrhenius fit (docs/model.md §6).
public struct ArrheniusSweep: Sendable {
    public let temperatures: [Double]
    /// ln σ_dc(T), σ in S/cm.
    public let logConductivities: [Double]
    public let fit: ArrheniusFit

    public init(landscape: SiteEnergyLandscape, temperatures: [Double], hopping: HoppingParameters,
                route: KirchhoffRoute = .sparseDirect, policy: WindowPolicy = WindowPolicy()) throws(TransportError) {
        var logSigmas: [Double] = []
        for t in temperatures {
            logSigmas.append(try Conductivity.sigma(landscape: landscape, temperature: t, hopping: hopping,
                                                    route: route, policy: policy).logSigma)
        }
        self.temperatures = temperatures
        logConductivities = logSigmas
        fit = try ArrheniusFit(temperatures: temperatures, logConductivities: logSigmas)
    }
}
