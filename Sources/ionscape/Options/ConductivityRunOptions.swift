import MPITransport
import MPIFarm
import ArgumentParser

/// The option groups of a conductivity run (composition, landscape, hopping, Kirchhoff solver),
/// resolved together: shared by `conductivity`, `arrhenius`, `validate-kron`, `fit` and `reproduce`.
struct ConductivityRunOptions: ParsableArguments {
    @OptionGroup var composition: CompositionOptions
    @OptionGroup var landscape: LandscapeOptions
    @OptionGroup var hopping: HoppingOptions
    @OptionGroup var kirchhoff: KirchhoffOptions

    /// Defaults that differ between commands.
    struct Defaults {
        var x = "0.5", size = 15, realizations = 5, temperatures = "403"
        /// false: the command runs both Kirchhoff routes and does not read `--solver`.
        var readsRoute = true

        /// One help line listing them.
        var help: String {
            "Defaults here: --x \(x), --size \(size), --realizations \(realizations), --temperature \(temperatures)."
        }
    }

    func resolve(settings: Settings, defaults: Defaults) throws -> ResolvedConductivityRun {
        let glass = try ResolvedGlass(composition, settings: settings, defaultX: defaults.x)
        let resolved = try ResolvedLandscape(landscape, glass: glass, settings: settings, defaultSize: defaults.size,
                                             defaultRealizations: defaults.realizations)
        return ResolvedConductivityRun(
            glass: glass, landscape: resolved,
            hopping: try ResolvedHopping(hopping, glass: glass, landscape: resolved, settings: settings,
                                         defaultTemperatures: defaults.temperatures),
            kirchhoff: try ResolvedKirchhoff(kirchhoff, settings: settings, size: resolved.lattice.edge,
                                              readsRoute: defaults.readsRoute))
    }

    /// Resolves command-line style arguments without a config file (used by `reproduce`).
    static func resolve(_ arguments: [String], defaults: Defaults = Defaults()) throws -> (Settings, ResolvedConductivityRun) {
        let settings = Settings(command: "reproduce", config: ConfigFile(values: [:]),
                                spreadsOverRanks: Launch.current.isDistributed)
        return (settings, try parse(arguments).resolve(settings: settings, defaults: defaults))
    }
}

/// Everything a conductivity sweep needs, after presets, config and flags are combined.
struct ResolvedConductivityRun {
    let glass: ResolvedGlass
    let landscape: ResolvedLandscape
    let hopping: ResolvedHopping
    let kirchhoff: ResolvedKirchhoff

    /// Refuses a run whose σ solves need more memory than the machine allows (`MemoryModel`).
    func requireMemory(command: String) throws {
        let jobs = glass.xs.count * max(1, hopping.temperatures.count) * landscape.realizations
        try landscape.sampling.requireMemory(perSite: MemoryModel.conductivity(route: kirchhoff.route.rawValue,
                                                                               edge: landscape.lattice.edge,
                                                                               iterative: kirchhoff.policy.backend is HypreAMGBackend),
                                             jobs: jobs, command: command)
    }

    var sweep: ConductivitySweepRunner {
        ConductivitySweepRunner(glass: glass, landscape: landscape, hopping: hopping, kirchhoff: kirchhoff)
    }
}
