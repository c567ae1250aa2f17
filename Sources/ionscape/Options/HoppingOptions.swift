import ArgumentParser
import Glass

/// The bare hopping barrier `--u0` (docs/model.md §5): all that E_a needs of the hopping model.
struct BarrierOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Bare hopping barrier u0 in eV (0 … 100; default 0.1·V0).")
    var u0: Double?

    /// u0 in eV; its default is 0.1·V0 of `landscape`.
    func resolve(settings: Settings, v0: Double) throws -> Double {
        try settings.double("u0", flag: u0, default: 0.1 * v0, from: "0.1·V0", unit: "eV",
                            accepted: "0 ≤ u0 ≤ 100 eV", valid: { $0 >= 0 && $0 <= 100 })
    }
}

/// Hopping flags (docs/model.md §12): `--u0`, `--temperature`, `--nu`, `--spacing`.
struct HoppingOptions: ParsableArguments {
    @OptionGroup var barrier: BarrierOptions

    @Option(parsing: .unconditional,
            help: "Temperature(s) in K: 403, 303,403 or start:stop:step (0 < T ≤ 1e5; default: per command, listed below).")
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

    /// `defaultTemperatures` nil: the temperatures come from elsewhere (a data file) and
    /// `--temperature` is not read. `readsFrequency` false: ν cancels from the result (the ν fit
    /// of `fit --sigma-data`), so the preset's ν is used and `--nu` is not read.
    init(_ options: HoppingOptions, glass: ResolvedGlass, landscape: ResolvedLandscape, settings: Settings,
         defaultTemperatures: String?, readsFrequency: Bool = true) throws {
        try self.init(options, preset: glass.preset, v0: landscape.parameters.v0, settings: settings,
                      defaultTemperatures: defaultTemperatures, readsFrequency: readsFrequency)
    }

    /// The same from the preset (for ν and a) and V0 (for u0 = 0.1·V0) alone, e.g. for the
    /// uniform lattice, which has no composition.
    init(_ options: HoppingOptions, preset: Preset, v0: Double, settings: Settings,
         defaultTemperatures: String?, readsFrequency: Bool = true) throws {
        u0 = try options.barrier.resolve(settings: settings, v0: v0)
        if let defaultTemperatures {
            temperatures = try settings.list("temperature", flag: options.temperature, default: defaultTemperatures,
                                             unit: "K", accepted: "0 < T ≤ 1e5 K", valid: { $0 > 0 && $0 <= 1e5 })
        } else {
            temperatures = []
        }
        if readsFrequency {
            attemptFrequency = try settings.double("nu", flag: options.nu, default: preset.attemptFrequency,
                                                   from: "from preset \(preset.name)", unit: "Hz",
                                                   accepted: "0 < ν ≤ 1e20 Hz", valid: { $0 > 0 && $0 <= 1e20 })
        } else {
            attemptFrequency = preset.attemptFrequency
        }
        spacing = 1e-10 * (try settings.double("spacing", flag: options.spacing, default: preset.spacing * 1e10,
                                               unit: "Å", accepted: "0 < a ≤ 1e4 Å", valid: { $0 > 0 && $0 <= 1e4 }))
    }
}
