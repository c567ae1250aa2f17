import Landscape
import Foundation

/// A Poisson-coupling benchmark with a closed-form answer: the Gouy–Chapman double layer.
///
/// A symmetric 1:1 electrolyte (species 1 of charge +1, species 2 of charge −1, both of bulk
/// density n_b, no immobile background), a blocking front (J1 = J2 = 0) held at φ(0) = φ0 and the
/// bulk reservoir at z = d. At steady state both fluxes vanish, so n1 = n_b e^{−ψ}, n2 = n_b e^{ψ}
/// (ψ = eφ/k_BT), and Poisson reads ψ″ = (2e²n_b/ε k_BT) sinh ψ, whose semi-infinite solution is
/// tanh(ψ/4) = tanh(ψ0/4)·e^{−z/λ} with λ = √(ε k_BT/(2e²n_b)) = λ_D(n_b)/√2.
public struct GouyChapmanBenchmark: Sendable {
    /// n_b in m⁻³ (λ = 2.6 nm at ε_r = 8, 353 K for the default).
    public var density = 1e24
    /// ψ0 in thermal voltages (4: well into the non-linear regime).
    public var surfacePotential = 4.0
    public var temperature = 353.0
    public var relativePermittivity = 8.0
    /// Domain depth d in m (23 λ for the defaults: the truncation error is ~e^{−23}).
    public var thickness = 60e-9

    public init() {}

    /// The steady-state profile on `cells` cells and the screening length λ = λ_D/√2.
    public func steadyState(cells: Int) throws(CAITError) -> (profile: DepthProfile, screeningLength: Double) {
        let grid = try FiniteVolumeGrid(thickness: thickness, cells: cells, surfaceCellWidth: 2e-9 / Double(cells))
        let vt = PhysicalConstants.thermalEnergy(temperature: temperature)
        let problem = try NernstPlanckPoissonProblem(
            grid: grid, referenceDensity: density, relativePermittivity: relativePermittivity, temperature: temperature,
            native: MobileSpecies(diffusion: .constant(1e-12), chargeNumber: 1),
            foreign: MobileSpecies(diffusion: .constant(1e-12), chargeNumber: -1),
            frontNative: .flux(0), frontForeign: .flux(0), frontPotential: .potential(surfacePotential * vt),
            backgroundFraction: 0, backNative: 1, backForeign: 1, initialNative: 1, initialForeign: 1)
        // d²/D = 3.6e-3 s: after 1 s every relaxation mode has decayed by e^{−250} or more.
        let options = SolverOptions(stepControl: .adaptive(initialStep: 1e-9), errorTolerance: 1e-2)
        let profile = try NernstPlanckPoissonSolver(problem: problem, options: options)
            .solve(duration: 1, outputTimes: [1]).profiles[0]
        return (profile, problem.debyeLength / 2.0.squareRoot())
    }

    /// The closed form ψ_GC(z) = 4 artanh(tanh(ψ0/4) e^{−z/λ}).
    public func exactPotential(depth z: Double, screeningLength lambda: Double) -> Double {
        4 * atanh(tanh(surfacePotential / 4) * exp(-z / lambda))
    }

    /// max |ψ − ψ_GC| over the cell centres, in thermal voltages.
    public func maximumError(of profile: DepthProfile, screeningLength lambda: Double) -> Double {
        let vt = PhysicalConstants.thermalEnergy(temperature: temperature)
        var worst = 0.0
        for (z, phi) in zip(profile.depth, profile.potential) {
            worst = max(worst, abs(phi / vt - exactPotential(depth: z, screeningLength: lambda)))
        }
        return worst
    }
}
