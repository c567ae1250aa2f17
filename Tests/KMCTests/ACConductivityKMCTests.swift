import Foundation
import Landscape
import Numerics
import Testing
import Transport
@testable import KMC

/// The network's σ(s) against kinetic Monte Carlo's (docs/kmc.md, "ac conductivity"): for one
/// ion the linear-response mapping of docs/model.md §14 is exact, so the two must agree.
@Suite struct ACConductivityKMCTests {
    /// One ion on an 8³ lattice of Gaussian energies (width 0.15 eV, β·width ≈ 1.7 at 1000 K),
    /// ν = 1e13 Hz, u0 = 0.05 eV. σ(s) at s = ω/10 + iω for 9 frequencies over four decades
    /// around the hop rate Γ0 = ν e^{−βu0} (comparing at the same complex s avoids the bias of
    /// an extrapolation to Re s = 0). KMC: 8 independent runs of 2e5 hops each on the same
    /// landscape, the runs' scatter giving the standard error. The network uses Fermi statistics
    /// with N = 1 of 512 sites, which differ from one free ion by ~1/512 (0.2 %), far below the
    /// KMC errors (0.3–5 % on Re σ). Tolerance: 4 standard errors per point and part (a false
    /// failure rate ~1e-4 per comparison, 18 comparisons).
    @Test func oneIonKMCMatchesTheNetworkOverFourDecades() throws {
        let temperature = 1000.0, nu = 1e13, u0 = 0.05
        let landscape = try DisorderedLandscapeTests.gaussianLandscape(edge: 8, width: 0.15, filling: 1.0 / 512, seed: 17)
        #expect(landscape.ionCount == 1)
        let gamma0 = nu * exp(-u0 / (PhysicalConstants.boltzmannEV * temperature))
        let omegas = (0...8).map { gamma0 * pow(10, -2.5 + 0.5 * Double($0)) }
        let laplace = omegas.map { Complex($0 / 10, $0) }
        let network = try PeriodicNetwork(landscape: landscape, temperature: temperature,
                                          hopping: HoppingParameters(attemptFrequency: nu, barrier: u0))
        let spectrum = try ACConductivity.spectrum(of: network, angularFrequencies: omegas)
        var schedule = try KMCSchedule(equilibration: EquilibrationCriterion(), productionHopsPerIon: 2e5, blocks: 2,
                                       start: .random)
        schedule.laplaceVariables = laplace
        let parameters = try KMCParameters(temperature: temperature, attemptFrequency: nu, barrier: u0)
        let runs = try (0..<8).map { r in
            try KMCRun.run(landscape: landscape, parameters: parameters, schedule: schedule,
                           stream: RandomStream(seed: 23, point: 0, realisation: UInt64(r)))
        }
        for k in omegas.indices {
            let network = spectrum.sigma(at: laplace[k], nearFrequency: k)
            let real = Estimate(samples: runs.map { $0.acConductivity[k].real })
            let imaginary = Estimate(samples: runs.map { $0.acConductivity[k].imaginary })
            let (seReal, seImaginary) = (try #require(real.standardError), try #require(imaginary.standardError))
            #expect(abs(real.mean - network.real) <= 4 * seReal,
                    "ω/Γ0 = \(omegas[k] / gamma0): Re σ KMC \(real.mean) ± \(seReal), network \(network.real)")
            #expect(abs(imaginary.mean - network.imaginary) <= 4 * seImaginary,
                    "ω/Γ0 = \(omegas[k] / gamma0): Im σ KMC \(imaginary.mean) ± \(seImaginary), network \(network.imaginary)")
            // The comparison has power: Re σ known to 10 % at every frequency; Im σ, which is
            // small and noisy below the hop rate, to 15 % from ω = 0.1 Γ0 up.
            #expect(seReal < 0.1 * network.real)
            if omegas[k] >= 0.1 * gamma0 { #expect(seImaginary < 0.15 * network.imaginary) }
        }
    }
}
