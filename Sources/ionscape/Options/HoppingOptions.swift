import ArgumentParser

/// Hopping flags (CLI.md): `--u0`, `--temperature`, `--nu`, `--spacing`.
struct HoppingOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Bare hopping barrier u0 in eV (≥ 0; default 0.1·V0).")
    var u0: Double?

    @Option(parsing: .unconditional, help: "Temperature(s) in K: 403, 303,403 or start:stop:step (> 0).")
    var temperature: String?

    @Option(parsing: .unconditional, help: "Attempt frequency ν in Hz (> 0; default: the preset's).")
    var nu: Double?

    @Option(parsing: .unconditional, help: "Mean jump distance a in Å (> 0; default 5).")
    var spacing: Double?
}

/// Hopping settings after presets, config and flags are combined.
struct ResolvedHopping {
    let u0: Double
    let temperatures: [Double]
    let attemptFrequency: Double
    /// a in metres.
    let spacing: Double

    init(u0: Double, temperatures: [Double], attemptFrequency: Double, spacing: Double) {
        self.u0 = u0; self.temperatures = temperatures; self.attemptFrequency = attemptFrequency; self.spacing = spacing
    }

    init(_ options: HoppingOptions, glass: ResolvedGlass, landscape: ResolvedLandscape, settings: Settings,
         defaultTemperatures: String) throws {
        u0 = try settings.double("u0", flag: options.u0, default: 0.1 * landscape.parameters.v0, unit: "eV",
                                 accepted: "u0 ≥ 0 eV", valid: { $0 >= 0 })
        temperatures = try settings.list("temperature", flag: options.temperature, default: defaultTemperatures,
                                         unit: "K", accepted: "T > 0 K (at most 1e5 K)", valid: { $0 > 0 && $0 <= 1e5 })
        attemptFrequency = try settings.double("nu", flag: options.nu, default: glass.preset.attemptFrequency, unit: "Hz",
                                               accepted: "ν > 0 Hz", valid: { $0 > 0 })
        spacing = 1e-10 * (try settings.double("spacing", flag: options.spacing, default: glass.preset.spacing * 1e10,
                                               unit: "Å", accepted: "a > 0 Å", valid: { $0 > 0 }))
    }
}
