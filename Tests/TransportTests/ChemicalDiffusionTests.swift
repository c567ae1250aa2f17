import Foundation
import Testing
import Landscape
@testable import Transport

/// D_chem = σ/(e² ∂n/∂μ) of the network (docs/kmc.md, "D(n)").
@Suite struct ChemicalDiffusionTests {
    /// The uniform lattice at filling c: every link has g = β e² ν e^{−βu0} c(1 − c), σ = g/a, and
    /// Σ f(1 − f) = N_L³ c(1 − c), so D_chem = ν e^{−βu0} a² exactly — the lattice gas's exact
    /// chemical diffusion coefficient — on both routes. Tolerance: μ is solved to 1e-12 in N,
    /// so c(1 − c) carries ~1e-11; 1e-9 covers it.
    @Test(arguments: [0.05, 0.5, 0.93])
    func uniformLatticeGivesTheBareHopRate(filling: Double) throws {
        let landscape = try SiteEnergyLandscape.uniform(lattice: CubicLattice(edge: 7), filling: filling)
        let (nu, u0, a, t) = (2e13, 0.08, 4e-10, 450.0)
        let hopping = try HoppingParameters(attemptFrequency: nu, barrier: u0, latticeConstant: a)
        let exact = nu * exp(-u0 / (PhysicalConstants.boltzmannEV * t)) * a * a
        for route in KirchhoffRoute.allCases {
            let d = try ChemicalDiffusion(landscape: landscape, temperature: t, hopping: hopping, route: route)
            #expect(abs(d.diffusivity / exact - 1) <= 1e-9, "\(route): \(d.diffusivity) vs \(exact)")
        }
    }

    /// A disordered landscape: D_chem = σ V k_BT/(e Σ f(1 − f)) recomputed by hand from the
    /// network's σ and the Fermi function: the units and the sum over all accessible sites.
    @Test func disorderedLandscapeFollowsTheDefinition() throws {
        let landscape = try gaussianLandscape(edge: 8, seed: 5, scale: 0.15, blocked: 0.2, filling: 0.6)
        let hopping = try HoppingParameters(attemptFrequency: 1e13, barrier: 0.05, latticeConstant: 5e-10)
        let t = 500.0
        let d = try ChemicalDiffusion(landscape: landscape, temperature: t, hopping: hopping)
        let mu = try Occupation.chemicalPotential(of: landscape, temperature: t)
        let beta = 1 / (PhysicalConstants.boltzmannEV * t)
        let count = landscape.accessibleEnergies.reduce(0) { sum, e in
            let f = 1 / (exp(beta * (e - mu)) + 1)
            return sum + f * (1 - f)
        }
        let side = 8 * 5e-10
        let volume = side * side * side
        let expected = 100 * d.conductivity.sigma * volume * PhysicalConstants.boltzmannEV * t / (PhysicalConstants.elementaryCharge * count)
        // Rounding of a few operations on each factor.
        #expect(abs(d.diffusivity / expected - 1) <= 1e-12)
        #expect(d.diffusivity > 0)
    }

    /// Fillings outside (0, 1), or rounding to no ion or no vacancy, are rejected by name.
    @Test func fillingsWithoutIonOrVacancyAreRejected() throws {
        let landscape = try SiteEnergyLandscape.uniform(lattice: CubicLattice(edge: 4), filling: 0.5)
        for c in [0.0, 1.0, -0.1, .nan, 0.001, 0.999] {
            #expect(throws: LandscapeError.self) { try landscape.filled(to: c) }
        }
        #expect(try landscape.filled(to: 0.25).ionCount == 16)
    }
}
