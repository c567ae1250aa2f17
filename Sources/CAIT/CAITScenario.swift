import Landscape
/// Foreign alkali ions of [GSW]'s three CAIT experiments.
public enum ForeignIon: String, Sendable, CaseIterable {
    case potassium = "K", rubidium = "Rb", cesium = "Cs"

    /// Illustrative constant D_foreign (m²/s) at 353 K. NOT MEASURED: chosen (with
    /// `CAITScenario.illustrativeBulkDiffusivity`) so that a Gaussian SED of FWHM 250 meV gives
    /// native plateaus in the order K⁺ > Rb⁺ > Cs⁺ of [GSW] (§3.1 measures about 15/7/3 %;
    /// these give about 11/4.4/2.0 %, where D_native has fallen by ≥ 4 decades), and so that the
    /// beam can land: a front at z_f after a time t needs a surface potential of about
    /// k_BT·z_f²/(e·D_foreign·t) to drive the foreign ions (0.25/0.8/2.3 V here, below the
    /// illustrative beam energy of 5 eV). The 10–90 % front widths are then about 95/32/11 nm.
    public var illustrativeDiffusivity: Double {
        switch self {
        case .potassium: return 1.0e-19
        case .rubidium: return 3.0e-20
        case .cesium: return 1.0e-20
        }
    }
}

/// Front-surface driving of a CAIT experiment (docs/model.md §9).
public enum CAITMode: Sendable, Equatable {
    /// Beam current density j in A/m²: J2(0) = j/e, J1(0) = 0, ∂φ/∂z(0) = 0.
    case galvanostatic(currentDensity: Double)
    /// Surface potential U in V: φ(0) = U, n2(0) = n_b, J1(0) = 0.
    case potentiostatic(surfacePotential: Double)
}

/// The transport model of a CAIT run.
public enum CAITModel: String, Sendable, CaseIterable {
    /// The Nernst–Planck–Poisson equations (`NernstPlanckPoissonSolver`).
    case nernstPlanckPoisson = "npp"
    /// Their electroneutral limit λ_D → 0 (`ElectroneutralSolver`; galvanostatic mode only).
    case electroneutral
}

/// A complete CAIT run description in SI units (docs/model.md §9), with the Li3B7O12 illustrative
/// defaults. The defaults are not measured values: say so wherever they are printed.
public struct CAITScenario: Sendable {
    /// n_b in m⁻³.
    public var backgroundDensity = 1.44e28
    public var relativePermittivity = 8.0
    /// T in K.
    public var temperature = 353.0
    /// d in m.
    public var thickness = 2e-6
    /// Run time in s.
    public var duration = 13 * 3600.0
    public var cells = 2000
    /// Width of the first cell at z = 0, m (the grid grows geometrically into the bulk).
    public var surfaceCellWidth: Double? = 0.2e-9
    /// g(E) of the native ions.
    public var distribution: any SiteEnergyDistribution
    /// f_v.
    public var vacancyFraction = 0.10
    /// D(c) of the native ions, when the native law comes from a table or a landscape's network
    /// instead of the SED (`nativeDiffusionLaw()`); nil for [GSW]'s law.
    public var nativeDiffusionTable: FillingDiffusionTable? = nil
    public var filling = FillingStatistics.zeroTemperature
    /// D_bulk in m²/s.
    public var bulkDiffusivity: Double
    /// D_foreign in m²/s (constant).
    public var foreignDiffusivity: Double
    public var mode: CAITMode
    public var model = CAITModel.nernstPlanckPoisson
    /// Kinetic energy of the beam ions per elementary charge, eV: ions land only while the surface
    /// potential stays below it (a bound on the model's validity, not an input of the equations).
    public var beamEnergy = illustrativeBeamEnergy

    /// Illustrative D_bulk (m²/s). NOT MEASURED: D_σ = σ k_BT/(n_b e²) for σ ≈ 2e-7 S/cm at 353 K.
    public static let illustrativeBulkDiffusivity = 3e-16
    /// Illustrative beam energy, eV (CAIT uses beams of a few eV). NOT MEASURED.
    public static let illustrativeBeamEnergy = 5.0
    /// Illustrative beam current density (A/m², i.e. 0.9 µA/cm²). NOT MEASURED: chosen so that
    /// the replacement front reaches about 200 nm in 13 h (dose j·t/e ≈ 0.9·n_b·200 nm).
    public static let illustrativeCurrentDensity = 9e-3
    /// Illustrative SED width: the 250 meV FWHM that [GSW] finds for Li3B7O12.
    public static let illustrativeFWHM = 0.25

    public init(distribution: any SiteEnergyDistribution, bulkDiffusivity: Double,
                foreignDiffusivity: Double, mode: CAITMode) {
        self.distribution = distribution
        self.bulkDiffusivity = bulkDiffusivity
        self.foreignDiffusivity = foreignDiffusivity
        self.mode = mode
    }

    /// docs/model.md §9 illustrative defaults for Li3B7O12 with the given foreign ion (galvanostatic).
    /// K⁺, Rb⁺ and Cs⁺ differ only in D_foreign. None of these values is measured.
    public static func illustrative(foreign: ForeignIon) -> CAITScenario {
        // 0.25 eV is inside the Gaussian's accepted range, so this cannot throw.
        let sed = try! GaussianSiteEnergyDistribution(fwhm: illustrativeFWHM)
        return CAITScenario(distribution: sed, bulkDiffusivity: illustrativeBulkDiffusivity,
                            foreignDiffusivity: foreign.illustrativeDiffusivity,
                            mode: .galvanostatic(currentDensity: illustrativeCurrentDensity))
    }

    /// The native diffusion law D1(n) of this scenario.
    public func nativeDiffusion() throws(CAITError) -> SiteEnergyDiffusion {
        let map = try FillingMap(distribution: distribution, vacancyFraction: vacancyFraction, statistics: filling)
        return try SiteEnergyDiffusion(bulkDiffusivity: bulkDiffusivity, filling: map, temperature: temperature)
    }

    /// Solves the scenario's model to `duration`, with profiles at `outputTimes`.
    public func solve(outputTimes: [Double], options: SolverOptions = SolverOptions()) throws(CAITError)
        -> NernstPlanckPoissonSolution {
        let problem = try problem()
        switch model {
        case .nernstPlanckPoisson:
            return try NernstPlanckPoissonSolver(problem: problem, options: options).solve(duration: duration, outputTimes: outputTimes)
        case .electroneutral:
            return try ElectroneutralSolver(problem: problem, options: options).solve(duration: duration, outputTimes: outputTimes)
        }
    }

    /// The Nernst–Planck–Poisson problem of this scenario (the electroneutral model reduces it).
    public func problem() throws(CAITError) -> NernstPlanckPoissonProblem {
        try CAITError.require("D_foreign", foreignDiffusivity, in: 1e-40...1, accepted: "1e-40 … 1 m²/s")
        let grid = try FiniteVolumeGrid(thickness: thickness, cells: cells, surfaceCellWidth: surfaceCellWidth)
        let native = MobileSpecies(diffusion: try nativeDiffusionLaw())
        let foreign = MobileSpecies(diffusion: .constant(foreignDiffusivity))
        switch mode {
        case let .galvanostatic(j):
            try CAITError.require("beam current density", j, in: 0...1e4, accepted: "0 … 1e4 A/m²")
            return try NernstPlanckPoissonProblem(
                grid: grid, referenceDensity: backgroundDensity, relativePermittivity: relativePermittivity,
                temperature: temperature, native: native, foreign: foreign,
                frontForeign: .flux(j / PhysicalConstants.elementaryCharge), frontPotential: .zeroField)
        case let .potentiostatic(u):
            return try NernstPlanckPoissonProblem(
                grid: grid, referenceDensity: backgroundDensity, relativePermittivity: relativePermittivity,
                temperature: temperature, native: native, foreign: foreign,
                frontForeign: .density(1), frontPotential: .potential(u))
        }
    }
}
