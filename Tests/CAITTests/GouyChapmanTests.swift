import Foundation
import Testing
@testable import CAIT

/// Poisson coupling against the Gouy–Chapman double layer.
///
/// Set-up as a steady state of the solver: a symmetric 1:1 electrolyte (species 1 of charge +1,
/// species 2 of charge −1, both of bulk density n_b, no immobile background), blocking front
/// (J1 = J2 = 0) held at φ(0) = φ0, and the bulk reservoir at z = d. At steady state both fluxes
/// vanish, so n1 = n_b e^{−ψ}, n2 = n_b e^{ψ} (ψ = eφ/k_BT), and Poisson reads
/// ψ″ = (2 e² n_b/ε k_BT) sinh ψ, whose semi-infinite solution is
/// tanh(ψ/4) = tanh(ψ0/4)·e^{−z/λ} with λ = √(ε k_BT/(2 e² n_b)) = λ_D(n_b)/√2.
@Suite struct GouyChapmanTests {
    static let density = 1e24        // m⁻³: λ = 2.6 nm at ε_r = 8, 353 K
    static let surfacePotential = 4.0  // ψ0 in thermal voltages: well into the non-linear regime

    static func steadyState(cells: Int) throws -> (DepthProfile, Double) {
        let t = 353.0, thickness = 60e-9
        let grid = try FiniteVolumeGrid(thickness: thickness, cells: cells, surfaceCellWidth: 2e-9 / Double(cells))
        let vt = PhysicalConstants.thermalEnergy(temperature: t)
        let problem = try NernstPlanckPoissonProblem(
            grid: grid, referenceDensity: density, relativePermittivity: 8, temperature: t,
            native: MobileSpecies(diffusion: .constant(1e-12), chargeNumber: 1),
            foreign: MobileSpecies(diffusion: .constant(1e-12), chargeNumber: -1),
            frontNative: .flux(0), frontForeign: .flux(0), frontPotential: .potential(surfacePotential * vt),
            backgroundFraction: 0, backNative: 1, backForeign: 1, initialNative: 1, initialForeign: 1)
        // d²/D = 3.6e-3 s: after 1 s every relaxation mode has decayed by e^{−250} or more.
        let options = SolverOptions(stepControl: .adaptive(initialStep: 1e-9, targetChange: 0.2))
        let profile = try NernstPlanckPoissonSolver(problem: problem, options: options)
            .solve(duration: 1, outputTimes: [1]).profiles[0]
        return (profile, problem.debyeLength / 2.0.squareRoot())
    }

    /// max |ψ − ψ_GC| over the cell centres, ψ_GC(z) = 4 artanh(tanh(ψ0/4) e^{−z/λ}).
    static func error(_ profile: DepthProfile, lambda: Double) -> Double {
        let vt = PhysicalConstants.thermalEnergy(temperature: 353)
        var worst = 0.0
        for (z, phi) in zip(profile.depth, profile.potential) {
            let exact = 4 * atanh(tanh(surfacePotential / 4) * exp(-z / lambda))
            worst = max(worst, abs(phi / vt - exact))
        }
        return worst
    }

    @Test func matchesGouyChapmanProfile() throws {
        let (coarse, lambda) = try Self.steadyState(cells: 100)
        let (fine, _) = try Self.steadyState(cells: 200)
        let coarseError = Self.error(coarse, lambda: lambda)
        let fineError = Self.error(fine, lambda: lambda)
        // Second-order finite volumes: the error falls ≈ 4× per halving (3…5 allows the graded grid's
        // pre-asymptotic terms); the truncated domain (d = 23 λ) adds only ~e^{−23}.
        #expect(coarseError / fineError > 3 && coarseError / fineError < 5, "errors \(coarseError), \(fineError)")
        // With 200 cells (Δz ≤ 0.6 nm ≈ λ/4 where ψ varies) the O(Δz²) error is a few 1e-3 of ψ0 = 4.
        #expect(fineError <= 0.01, "max |ψ − ψ_GC| = \(fineError)")
        // Boltzmann populations at steady state: n1 n2 = n_b² exactly when both fluxes vanish.
        for (u1, u2) in zip(fine.nativeFraction, fine.foreignFraction) {
            // Steady state reached to round-off; SG makes the discrete fluxes vanish only for exact
            // Boltzmann ratios between neighbours, so the product is 1 to within the O(Δz²) error.
            #expect(abs(u1 * u2 - 1) <= 0.02)
        }
    }
}
