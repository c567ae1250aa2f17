import Foundation

/// A normalised site energy distribution g(E) (docs/model.md §9; [GSW], Fig. 3–4): the density of
/// ion sites per unit energy (1/eV), with ∫ g dE = 1. Energies are in eV; only differences
/// matter, so the zero is arbitrary.
public protocol SiteEnergyDistribution: Sendable {
    /// g(E) in 1/eV.
    func density(at energy: Double) -> Double
    /// log g(E), finite wherever g > 0 (−∞ outside the support).
    func logDensity(at energy: Double) -> Double
    /// G(E) = ∫_{−∞}^{E} g dE′ ∈ [0, 1].
    func cumulative(at energy: Double) -> Double
    /// G⁻¹(p) for 0 < p < 1: the energy below which a fraction p of the sites lies.
    func quantile(_ p: Double) -> Double
    /// An energy interval outside which g is negligible (its support, or ±12σ for a Gaussian);
    /// used for quadrature and for locating the FWHM.
    var energyRange: ClosedRange<Double> { get }
}

/// Gaussian SED, g(E) = exp(−(E − μ)²/2σ²)/(σ√(2π)); FWHM = 2√(2 ln 2)·σ.
/// Seed 002 finds FWHM = 250 meV for Li3B7O12.
public struct GaussianSiteEnergyDistribution: SiteEnergyDistribution, Equatable {
    /// Centre μ in eV.
    public let mean: Double
    /// Standard deviation σ in eV.
    public let standardDeviation: Double

    /// FWHM/σ = 2√(2 ln 2).
    public static let fwhmPerSigma = 2 * (2 * log(2.0)).squareRoot()

    public init(mean: Double = 0, standardDeviation: Double) throws(CAITError) {
        try CAITError.require("SED mean", mean, in: -100...100, accepted: "|μ| ≤ 100 eV")
        try CAITError.require("SED standard deviation", standardDeviation, in: 1e-6...10,
                              accepted: "1e-6 eV ≤ σ ≤ 10 eV")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// A Gaussian given by its full width at half maximum (eV).
    public init(mean: Double = 0, fwhm: Double) throws(CAITError) {
        try CAITError.require("SED FWHM", fwhm, in: 1e-6...20, accepted: "1e-6 eV ≤ FWHM ≤ 20 eV")
        try self.init(mean: mean, standardDeviation: fwhm / Self.fwhmPerSigma)
    }

    public var fwhm: Double { standardDeviation * Self.fwhmPerSigma }

    public func density(at energy: Double) -> Double { exp(logDensity(at: energy)) }

    public func logDensity(at energy: Double) -> Double {
        let x = (energy - mean) / standardDeviation
        return -0.5 * x * x - log(standardDeviation) - NormalDistribution.logSqrtTwoPi
    }

    public func cumulative(at energy: Double) -> Double {
        NormalDistribution.cdf((energy - mean) / standardDeviation)
    }

    public func quantile(_ p: Double) -> Double {
        mean + standardDeviation * NormalDistribution.quantile(p)
    }

    public var energyRange: ClosedRange<Double> {
        (mean - 12 * standardDeviation)...(mean + 12 * standardDeviation)
    }
}

/// The standard normal distribution, tails included.
enum NormalDistribution {
    static let logSqrtTwoPi = 0.5 * log(2 * Double.pi)

    /// Φ(x) = ½ erfc(−x/√2): accurate in the lower tail, where 1 + erf would cancel.
    static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹(p) for 0 < p < 1: Acklam's rational approximation (relative error 1.15e-9),
    /// refined by one Halley step on Φ(x) − p computed with erfc, which brings it to
    /// double precision. The lower tail is handled directly in p, so p down to the smallest
    /// normal double (x ≈ −37.5) is resolved; p → 0 gives x → −∞ (the Gaussian tail).
    static func quantile(_ p: Double) -> Double {
        if p >= 0.5 { return -lowerQuantile(1 - p) }
        return lowerQuantile(p)
    }

    /// Φ⁻¹(p) for 0 < p ≤ ½ (x ≤ 0).
    private static func lowerQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                 3.754408661907416e+00]
        var x: Double
        if p < 0.02425 {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        }
        // Halley step: e = Φ(x) − p, u = e/φ(x) evaluated as e·exp(x²/2 + log√2π) in log space.
        let e = cdf(x) - p
        if e != 0 {
            let u = e * exp(0.5 * x * x + logSqrtTwoPi)
            if u.isFinite { x -= u / (1 + 0.5 * x * u) }
        }
        return x
    }
}
