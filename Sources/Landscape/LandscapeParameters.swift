import Glass

/// Parameters of the site-energy landscape (docs/model.md §3), validated on construction.
public struct LandscapeParameters: Sendable, Hashable {
    /// Energy scale V0 of ε_i = V0·(Q_i + η_i), in eV.
    public let v0: Double
    /// Noise width σ_ε, dimensionless (in units of V0).
    public let sigmaEpsilon: Double
    /// Vacancy fraction f0 of the accessible sites.
    public let vacancyFraction: Double

    public init(v0: Double, sigmaEpsilon: Double, vacancyFraction: Double = 0.05) throws(LandscapeError) {
        guard v0.isFinite && v0 > 0 else {
            throw .invalidParameter(name: "V0", value: "\(v0) eV", accepted: "V0 > 0 eV, finite")
        }
        guard sigmaEpsilon.isFinite && sigmaEpsilon >= 0 else {
            throw .invalidParameter(name: "σ_ε", value: "\(sigmaEpsilon)", accepted: "σ_ε ≥ 0, finite")
        }
        guard vacancyFraction > 0 && vacancyFraction < 1 else {
            throw .invalidParameter(name: "f0", value: "\(vacancyFraction)", accepted: "0 < f0 < 1")
        }
        self.v0 = v0
        self.sigmaEpsilon = sigmaEpsilon
        self.vacancyFraction = vacancyFraction
    }

    /// V0, σ_ε and f0 of a docs/model.md §7 preset.
    public init(preset: Preset) throws(LandscapeError) {
        try self.init(v0: preset.v0, sigmaEpsilon: preset.sigmaEpsilon, vacancyFraction: preset.vacancyFraction)
    }
}
