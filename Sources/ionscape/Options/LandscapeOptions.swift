import ArgumentParser
import Foundation
import Glass
import Landscape

/// Landscape flags (docs/model.md §12): `--v0`, `--sigma`, `--f0`, `--size`, `--realizations`, `--seed`, `--threads`.
struct LandscapeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Energy scale V0 in eV (0 < V0 ≤ 100; default: the preset's).")
    var v0: Double?

    @Option(parsing: .unconditional, help: "Noise width σ_ε, dimensionless, in units of V0 (0 … 100; default: the preset's).")
    var sigma: Double?

    @Option(parsing: .unconditional, help: "Vacancy fraction f0 of accessible sites, dimensionless, 0 < f0 < 1 (default 0.05).")
    var f0: Double?

    @Option(parsing: .unconditional, help: "Lattice edge N_L in sites (4 … 1024; default: per command, listed below).")
    var size: Int?

    @Option(parsing: .unconditional, help: "Disorder realisations per composition point (1 … 100000; default: per command, listed below).")
    var realizations: Int?

    @Option(help: "Master seed (non-negative integer; default \(defaultSeed)); printed in the run record.")
    var seed: UInt64?

    @Option(help: "Worker threads (1 … 1024; default: the cores this process may use). Results do not depend on it.")
    var threads: Int?
}

/// Default master seed: fixed so that runs are reproducible unless asked otherwise.
let defaultSeed: UInt64 = 20211110

/// Landscape settings after presets, config and flags are combined.
struct ResolvedLandscape {
    let parameters: LandscapeParameters
    let sampling: ResolvedSampling

    var lattice: CubicLattice { sampling.lattice }
    var realizations: Int { sampling.realizations }
    var seed: UInt64 { sampling.seed }
    var threads: Int { sampling.threads }
    var overRanks: Bool { sampling.overRanks }

    /// `defaultRealizations` nil: the command builds one landscape (see `ResolvedSampling`).
    init(_ options: LandscapeOptions, glass: ResolvedGlass, settings: Settings,
         defaultSize: Int, defaultRealizations: Int?) throws {
        let fromPreset = "from preset \(glass.preset.name)"
        let v0 = try settings.double("v0", flag: options.v0, default: glass.preset.v0, from: fromPreset, unit: "eV",
                                     accepted: "0 < V0 ≤ 100 eV", valid: { $0 > 0 && $0 <= 100 })
        let sigma = try settings.double("sigma", flag: options.sigma, default: glass.preset.sigmaEpsilon, from: fromPreset,
                                        unit: "", accepted: "0 ≤ σ_ε ≤ 100", valid: { $0 >= 0 && $0 <= 100 })
        parameters = try LandscapeParameters(v0: v0, sigmaEpsilon: sigma,
                                             vacancyFraction: Self.vacancyFraction(options, glass: glass, settings: settings))
        sampling = try ResolvedSampling(options, settings: settings, defaultSize: defaultSize,
                                        defaultRealizations: defaultRealizations)
    }

    /// f0, the vacancy fraction of accessible sites (for commands that fit V0 and σ_ε and so
    /// read only this landscape parameter).
    static func vacancyFraction(_ options: LandscapeOptions, glass: ResolvedGlass, settings: Settings) throws -> Double {
        try settings.double("f0", flag: options.f0, default: glass.preset.vacancyFraction, unit: "",
                            accepted: "0 < f0 < 1", valid: { $0 > 0 && $0 < 1 })
    }

    /// The landscape builder for borate fraction x.
    func builder(glass: ResolvedGlass, x: Double) throws -> LandscapeBuilder {
        let composition = try glass.composition(x: x)
        return try LandscapeBuilder(lattice: lattice, composition: composition,
                                    fractions: glass.model.fractions(for: composition), parameters: parameters)
    }
}

/// How the landscapes of a run are sampled: lattice edge N_L, realisations, master seed, threads.
struct ResolvedSampling {
    let lattice: CubicLattice
    let realizations: Int
    let seed: UInt64
    let threads: Int
    /// Whether the sweep's units are spread over the ranks of an MPI job (`Settings.spreadsOverRanks`).
    let overRanks: Bool

    /// `defaultRealizations` nil: the command builds a single landscape (realisation 0), so
    /// `--realizations` and `--threads` are not read.
    init(_ options: LandscapeOptions, settings: Settings, defaultSize: Int, defaultRealizations: Int?) throws {
        let size = try settings.integer("size", flag: options.size, default: defaultSize,
                                        accepted: "\(CubicLattice.minimumEdge) ≤ N_L ≤ 1024",
                                        valid: { $0 >= CubicLattice.minimumEdge && $0 <= 1024 })
        lattice = try CubicLattice(edge: size)
        let seedText = settings.string("seed", flag: options.seed.map { String($0) }, default: String(defaultSeed))
        guard let seed = UInt64(seedText) else {
            throw InputError(name: "--seed", value: seedText, accepted: "an integer 0…\(UInt64.max)")
        }
        self.seed = seed
        overRanks = settings.spreadsOverRanks
        guard let defaultRealizations else {
            realizations = 1
            threads = 1
            for key in ["realizations", "threads"] { settings.notUsed(key, because: "(it builds one landscape)") }
            return
        }
        realizations = try settings.integer("realizations", flag: options.realizations, default: defaultRealizations,
                                            accepted: "1 ≤ R ≤ 100000", valid: { $0 >= 1 && $0 <= 100_000 })
        threads = try settings.integer("threads", flag: options.threads, default: Cores.usable,
                                       from: "the cores this process may use", accepted: "1 ≤ threads ≤ 1024",
                                       valid: { $0 >= 1 && $0 <= 1024 })
    }
}
