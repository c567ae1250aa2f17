import ArgumentParser
import Foundation
import Glass
import Landscape

/// Landscape flags (CLI.md): `--v0`, `--sigma`, `--f0`, `--size`, `--realizations`, `--seed`, `--threads`.
struct LandscapeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Energy scale V0 in eV (default: the preset's).")
    var v0: Double?

    @Option(parsing: .unconditional, help: "Noise width σ_ε, dimensionless, in units of V0 (default: the preset's).")
    var sigma: Double?

    @Option(parsing: .unconditional, help: "Vacancy fraction f0 of accessible sites, dimensionless, 0 < f0 < 1 (default 0.05).")
    var f0: Double?

    @Option(parsing: .unconditional, help: "Lattice edge N_L in sites (≥ 4).")
    var size: Int?

    @Option(parsing: .unconditional, help: "Disorder realisations per composition point (≥ 1).")
    var realizations: Int?

    @Option(help: "Master seed (non-negative integer); printed in the run record.")
    var seed: UInt64?

    @Option(help: "Worker threads (≥ 1; default: all cores).")
    var threads: Int?
}

/// Default master seed: fixed so that runs are reproducible unless asked otherwise.
let defaultSeed: UInt64 = 20211110

/// Landscape settings after presets, config and flags are combined.
struct ResolvedLandscape {
    let parameters: LandscapeParameters
    let lattice: CubicLattice
    let realizations: Int
    let seed: UInt64
    let threads: Int

    init(_ options: LandscapeOptions, glass: ResolvedGlass, settings: Settings,
         defaultSize: Int, defaultRealizations: Int) throws {
        let v0 = try settings.double("v0", flag: options.v0, default: glass.preset.v0, unit: "eV",
                                     accepted: "V0 > 0 eV", valid: { $0 > 0 })
        let sigma = try settings.double("sigma", flag: options.sigma, default: glass.preset.sigmaEpsilon, unit: "",
                                        accepted: "σ_ε ≥ 0", valid: { $0 >= 0 })
        let f0 = try settings.double("f0", flag: options.f0, default: glass.preset.vacancyFraction, unit: "",
                                     accepted: "0 < f0 < 1", valid: { $0 > 0 && $0 < 1 })
        parameters = try LandscapeParameters(v0: v0, sigmaEpsilon: sigma, vacancyFraction: f0)
        let size = try settings.integer("size", flag: options.size, default: defaultSize,
                                        accepted: "\(CubicLattice.minimumEdge) ≤ N_L ≤ 1024", valid: { $0 >= CubicLattice.minimumEdge && $0 <= 1024 })
        lattice = try CubicLattice(edge: size)
        realizations = try settings.integer("realizations", flag: options.realizations, default: defaultRealizations,
                                            accepted: "1 ≤ R ≤ 100000", valid: { $0 >= 1 && $0 <= 100_000 })
        let seedText = settings.string("seed", flag: options.seed.map { String($0) }, default: String(defaultSeed))
        guard let seed = UInt64(seedText) else {
            throw InputError(name: "--seed", value: seedText, accepted: "an integer 0…\(UInt64.max)")
        }
        self.seed = seed
        let cores = ProcessInfo.processInfo.activeProcessorCount
        threads = try settings.integer("threads", flag: options.threads, default: cores,
                                       accepted: "1 ≤ threads ≤ 1024", valid: { $0 >= 1 && $0 <= 1024 })
    }

    /// The landscape builder for borate fraction x.
    func builder(glass: ResolvedGlass, x: Double) throws -> LandscapeBuilder {
        let composition = try glass.composition(x: x)
        return try LandscapeBuilder(lattice: lattice, composition: composition,
                                    fractions: glass.model.fractions(for: composition), parameters: parameters)
    }
}
