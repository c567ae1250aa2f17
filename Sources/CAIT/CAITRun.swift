/// Everything the front end reports for one CAIT scenario (docs/model.md §9 outputs).
public struct CAITRun: Sendable {
    public let scenario: CAITScenario
    /// Profiles at the requested times, and the solver diagnostics.
    public let solution: NernstPlanckPoissonSolution
    /// Front position, width, plateau and electroneutrality of the last profile (nil if it has
    /// no front yet, e.g. no beam).
    public let front: ReplacementFront?
    /// FWHM of the populated SED at the bulk filling, eV.
    public let populatedFWHM: Double
    /// FWHM of its mobile part (above the plateau), eV; nil without a plateau.
    public let mobileFWHM: Double?
    /// The surface potential, V: the held U in the potentiostatic mode; in the galvanostatic mode
    /// the largest potential of the first cell (0 … the first cell width below the surface) over
    /// the requested profiles.
    public let surfacePotential: Double

    /// True when the surface potential exceeds the beam energy per charge: a real beam could not
    /// land ions against it, so the galvanostatic boundary condition no longer describes it.
    public var surfacePotentialExceedsBeam: Bool { surfacePotential > scenario.beamEnergy }
}

extension CAITScenario {
    /// Runs the scenario to `duration` and measures the last requested profile. The surface cell
    /// (which holds the sub-grid surface charge layer) is left out of the electroneutrality measure.
    public func simulate(outputTimes: [Double], options: SolverOptions = SolverOptions()) throws(CAITError) -> CAITRun {
        let grid = try problem().grid
        let solution = try solve(outputTimes: outputTimes.isEmpty ? [duration] : outputTimes, options: options)
        let front = try? ReplacementFront(profile: solution.profiles[solution.profiles.count - 1],
                                          surfaceExclusion: grid.faces[1])
        let filling = try nativeDiffusion().filling
        let populated = try PopulatedSiteEnergyDistribution(filling: filling).fwhm()
        var mobile: Double? = nil
        if let plateau = front?.nativePlateau, plateau > 0, plateau < 1 {
            mobile = try PopulatedSiteEnergyDistribution(filling: filling, immobileFraction: plateau).fwhm()
        }
        let surface: Double
        switch mode {
        case .galvanostatic: surface = solution.profiles.map { $0.potential[0] }.max() ?? 0
        case let .potentiostatic(u): surface = u
        }
        return CAITRun(scenario: self, solution: solution, front: front, populatedFWHM: populated, mobileFWHM: mobile,
                       surfacePotential: surface)
    }
}
