/// Fitted glass series of seed paper 000 (docs/model.md §7): alkali, y and the landscape and hopping
/// parameters. Energies in eV, ν in Hz, the jump distance a in metres.
public struct Preset: Sendable, Hashable {
    /// Lookup name: `li33`, `na35`, `na40`.
    public let name: String
    public let alkali: Alkali
    /// Alkali-oxide fraction y of the series.
    public let y: Double
    /// Energy scale V0 of the Coulomb countercharge interaction (eV).
    public let v0: Double
    /// Width σ_ε of the Gaussian noise, in units of V0.
    public let sigmaEpsilon: Double
    /// Attempt frequency ν (Hz). For na35 the paper fits 5e14 Hz at x = 0.2 and 1.5e14 Hz at
    /// x = 0.4; the preset carries the first. For na40 the paper's range is 1e14–1e15 Hz.
    public let attemptFrequency: Double

    /// Bare hopping barrier u0 = 0.1·V0 (eV), docs/model.md §5 and §7.
    public var u0: Double { 0.1 * v0 }
    /// Vacancy fraction f0 (docs/model.md §3, §7).
    public let vacancyFraction = 0.05
    /// Mean jump distance a = 5 Å, in metres (docs/model.md §3, §7).
    public let spacing = 5e-10

    /// Li2O series, 0.33Li2O–0.67[xB2O3–(1−x)P2O5]; ν fixed in the fit.
    public static let li33 = Preset(name: "li33", alkali: .Li, y: 0.33, v0: 0.64, sigmaEpsilon: 0.42,
                                    attemptFrequency: 4e14)
    /// Na2O series at y = 0.35. σ_ε = 0.30 (the paper also gives the alternative 0.73 / 0.32).
    public static let na35 = Preset(name: "na35", alkali: .Na, y: 0.35, v0: 0.76, sigmaEpsilon: 0.30,
                                    attemptFrequency: 5e14)
    /// Na2O series at y = 0.40.
    public static let na40 = Preset(name: "na40", alkali: .Na, y: 0.40, v0: 0.93, sigmaEpsilon: 0.25,
                                    attemptFrequency: 1e14)

    public static let all: [Preset] = [li33, na35, na40]

    /// The preset of that name (case-insensitive); throws `GlassError.unknownName` listing the names.
    public static func named(_ name: String) throws(GlassError) -> Preset {
        guard let preset = all.first(where: { $0.name == name.lowercased() }) else {
            throw .unknownName(kind: "preset", name: name, accepted: all.map(\.name))
        }
        return preset
    }

    /// The composition of this series at borate fraction x.
    public func composition(x: Double) throws(GlassError) -> Composition {
        try Composition(alkali: alkali, x: x, y: y)
    }
}
