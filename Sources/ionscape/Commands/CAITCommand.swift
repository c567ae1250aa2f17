import ArgumentParser
import CAIT
import Foundation
import Landscape

/// `ionscape cait`: a Nernst–Planck–Poisson CAIT run (docs/model.md §9).
/// CSV: depth_nm,time_s,native_fraction,foreign_fraction,potential_V.
struct CAITCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cait",
        abstract: "Charge-attachment-induced transport depth profiles from the Nernst–Planck–Poisson model (docs/model.md §9).",
        discussion: "Defaults are the illustrative Li3B7O12 values of docs/model.md §9; they are not measured values. With --sed landscape or --diffusion network, the composition and landscape flags choose the landscape (defaults here: --x 1, --size 30, first realisation).")

    @OptionGroup var cait: CAITOptions
    @OptionGroup var composition: CompositionOptions
    @OptionGroup var landscape: LandscapeOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let resolved = try ResolvedCAIT(cait, settings: settings, networkTable: { l, t in
            try networkDiffusionTable(l, temperature: t, threads: ProcessInfo.processInfo.activeProcessorCount)
        }) {
            try bridgeLandscape(composition: composition, landscape: landscape, settings: settings)
        }
        if try config.finish(settings, output: output) { return }
        let progress = ProgressReporter(label: "cait", quiet: output.quiet)
        progress.note("cait: illustrative parameters (not measured): D_bulk = \(resolved.scenario.bulkDiffusivity) m²/s, "
                      + "D_foreign(\(resolved.foreign.rawValue)) = \(resolved.scenario.foreignDiffusivity) m²/s, SED: \(resolved.sedDescription), "
                      + "native D(n): \(resolved.diffusionDescription)")
        let run = try resolved.scenario.simulate(outputTimes: resolved.outputTimes, options: resolved.solverOptions)
        Self.warnIfBeamCannotLand(run, progress: progress)
        let table = Self.profileTable(run)
        var record = RunRecord(command: "cait")
        record.add(settings)
        let summary = Self.summary(run, resolved: resolved)
        record.extra.merge(summary) { $1 }
        for (k, v) in summary.sorted(by: { $0.key < $1.key }) { progress.note("cait: \(k) = \(v)") }
        var figure = GnuplotFigure(title: "CAIT depth profiles (\(resolved.foreign.rawValue)⁺; illustrative parameters)",
                                   xLabel: "depth (nm)", yLabel: "n / n_b")
        for (k, p) in run.solution.profiles.enumerated() {
            let hours = String(format: "%.3g h", p.time / 3600)
            figure.add("native, \(hours)", .lines, zip(p.depth, p.nativeFraction).map { [$0 * 1e9, $1] },
                       lineStyle: GnuplotFigure.pairStyle(k, first: true))
            figure.add("foreign, \(hours)", .lines, zip(p.depth, p.foreignFraction).map { [$0 * 1e9, $1] },
                       lineStyle: GnuplotFigure.pairStyle(k, first: false))
        }
        try output.emit(table, name: "cait", record: record, figure: figure)
    }

    static func profileTable(_ run: CAITRun) -> ResultTable {
        var table = ResultTable(columns: ["depth_nm", "time_s", "native_fraction", "foreign_fraction", "potential_V"])
        for p in run.solution.profiles {
            for k in p.depth.indices {
                table.append([.number(p.depth[k] * 1e9), .number(p.time), .number(p.nativeFraction[k]),
                              .number(p.foreignFraction[k]), .number(p.potential[k])])
            }
        }
        return table
    }

    /// A beam of energy E per charge cannot land ions on a surface above E/e: then the
    /// galvanostatic boundary condition (every beam ion enters) no longer describes the experiment.
    static func warnIfBeamCannotLand(_ run: CAITRun, progress: ProgressReporter) {
        guard run.surfacePotentialExceedsBeam else { return }
        progress.warn(String(format: "the surface potential reaches %.3g V, above the beam energy of %.3g eV: a beam of that energy cannot land ions against it, so the profile is not physical (raise D_foreign or lower the current density or the run time, or set --beam-energy)",
                             run.surfacePotential, run.scenario.beamEnergy))
    }

    static func summary(_ run: CAITRun, resolved: ResolvedCAIT) -> [String: Any] {
        let d = run.solution.diagnostics
        var s: [String: Any] = [
            "model": run.scenario.model.rawValue,
            "surface_potential_V": run.surfacePotential,
            "beam_energy_eV": run.scenario.beamEnergy,
            "foreign_ion": resolved.foreign.rawValue,
            "sed": resolved.sedDescription,
            "native_diffusion": resolved.diffusionDescription,
            "illustrative_parameters_not_measured": true,
            "psed_fwhm_eV": run.populatedFWHM,
            "accepted_steps": d.acceptedSteps, "rejected_steps": d.rejectedSteps,
            "newton_iterations": d.newtonIterations,
            "max_conservation_residual": d.maximumConservationResidual, "ledger_refinements": d.ledgerRefinements,
        ]
        if let f = run.front {
            s["front_position_nm"] = f.position * 1e9
            s["front_width_nm"] = f.width * 1e9
            s["native_plateau_fraction"] = f.nativePlateau
            s["max_charge_imbalance_outside_front"] = f.maximumChargeImbalance
        }
        if let m = run.mobileFWHM { s["mobile_psed_fwhm_eV"] = m }
        return s
    }
}

/// The landscape whose SED feeds the CAIT diffusion law (`--sed landscape`): first x of
/// `--x`, first realisation, from the composition and landscape flags.
func bridgeLandscape(composition: CompositionOptions, landscape: LandscapeOptions,
                     settings: Settings) throws -> SiteEnergyLandscape {
    let glass = try ResolvedGlass(composition, settings: settings, defaultX: "1")
    let resolved = try ResolvedLandscape(landscape, glass: glass, settings: settings, defaultSize: 30, defaultRealizations: nil)
    try resolved.sampling.requireMemory(perSite: MemoryModel.landscape, jobs: 1, command: "cait --sed landscape")
    return try resolved.builder(glass: glass, x: glass.xs[0]).build(seed: resolved.seed, realisation: 0)
}
