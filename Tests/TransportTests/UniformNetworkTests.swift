import Foundation
import Testing
import Landscape
@testable import Transport

/// docs/model.md §6: a uniform network with every link g has σ = g/a exactly, on both routes.
@Suite struct UniformNetworkTests {
    @Test(arguments: [4, 5, 7, 10])
    func uniformNetworkGivesGOverA(edge: Int) throws {
        let g = 3.7e-9, a = 5e-10
        let net = try NetworkFixtures.lattice(edge: edge, latticeConstant: a) { _, _ in log(g) }
        let expected = g / a / 100   // S/m → S/cm
        let direct = try SparseDirectSolver.solve(net)
        let kron = try KronReduction.solve(net)
        // N_L² parallel chains of N_L − 1 equal links: only rounding of O(N_L) operations
        // on a well-conditioned system separates the result from g/a, far below 1e-12.
        #expect(abs(net.conductivity(totalConductance: direct.totalConductance) / expected - 1) <= 1e-12)
        #expect(abs(net.conductivity(totalConductance: kron.totalConductance) / expected - 1) <= 1e-12)
        #expect(direct.coversWholeNetwork && direct.events.isEmpty)
    }

    /// The same through the landscape path: equal site energies make every g_ij equal to
    /// β e² ν e^{−βu0} f(1 − f) with f = N/N_acc (eq. (7)).
    @Test func uniformLandscapeGivesGOverA() throws {
        let lattice = try CubicLattice(edge: 6)
        let n = lattice.siteCount
        let landscape = SiteEnergyLandscape(lattice: lattice, energies: [Double](repeating: -0.2, count: n),
                                            isAccessible: [Bool](repeating: true, count: n), ionCount: n * 9 / 10)
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064, latticeConstant: 5e-10)
        let t = 403.0
        let net = try ConductanceNetwork(landscape: landscape, temperature: t, hopping: hopping)
        let f = Double(landscape.ionCount) / Double(n)
        let kT = PhysicalConstants.boltzmannEV * t
        let g = PhysicalConstants.elementaryCharge / kT * 4e14 * exp(-0.064 / kT) * f * (1 - f)
        let sigma = net.conductivity(totalConductance: try KronReduction.solve(net).totalConductance)
        // μ(T) is solved to 1e-12 relative in N (docs/model.md §4), so f(1 − f) carries ~1e-11: allow 1e-9.
        #expect(abs(sigma / (g / 5e-10 / 100) - 1) <= 1e-9)
    }
}
