import Foundation
import Testing
import Landscape
@testable import CAIT

@Suite struct SiteEnergyDistributionTests {
    /// Φ⁻¹ by bisection: on Φ(x) = ½ erfc(−x/√2) = p for p ≤ ½, and on the upper tail
    /// ½ erfc(x/√2) = 1 − p above (Φ itself cannot resolve p near 1). Slow but independent of
    /// Acklam + Halley.
    static func bisectedQuantile(_ p: Double) -> Double {
        var lo = -40.0, hi = 40.0
        for _ in 0..<300 {
            let mid = 0.5 * (lo + hi)
            let below = p <= 0.5 ? 0.5 * erfc(-mid / 2.0.squareRoot()) < p : 0.5 * erfc(mid / 2.0.squareRoot()) > 1 - p
            if below { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    @Test(arguments: [1e-300, 1e-100, 1e-20, 1e-5, 0.02, 0.3, 0.5, 0.9, 0.999, 1 - 1e-12])
    func normalQuantileMatchesBisection(p: Double) {
        let x = NormalDistribution.quantile(p)
        // Halley-refined: a few ulp of x; bisection is exact to the spacing of doubles near x, but
        // erfc itself carries ~1e-16 relative error, i.e. ~1e-16/(φ(x)/Φ(x)) in x ≈ 1e-15·|x|.
        #expect(abs(x - Self.bisectedQuantile(p)) <= 1e-13 * max(1, abs(x)), "p = \(p): \(x) vs \(Self.bisectedQuantile(p))")
    }

    /// Gaussian T → 0 map: E_F(u) = σΦ⁻¹(u(1 − f_v)), its slope against central differences, and
    /// the deep tail stays finite in log space.
    @Test func gaussianFillingMapAndNativeDiffusion() throws {
        let sed = try GaussianSiteEnergyDistribution(fwhm: 0.25)
        let map = try FillingMap(distribution: sed, vacancyFraction: 0.1)
        let sigma = 0.25 / (2 * (2 * log(2.0)).squareRoot())
        for u in [1e-3, 0.05, 0.3, 1.0, 1.1] {
            let (e, logSlope) = try map.fermiLevel(fraction: u)
            // Against the bisection reference: same 1e-13 budget as above, times σ.
            #expect(abs(e - sigma * Self.bisectedQuantile(u * 0.9)) <= 1e-13)
            let h = 1e-6 * u
            let fd = (try map.fermiLevel(fraction: u + h).energy - map.fermiLevel(fraction: u - h).energy) / (2 * h)
            // Central differences: O(h²) truncation ≈ 1e-12 relative, round-off ≈ 1e-16/1e-6.
            #expect(abs(exp(logSlope) - fd) <= 1e-7 * fd)
        }
        let law = try SiteEnergyDiffusion(bulkDiffusivity: 3e-17, filling: map, temperature: 353)
        // Deep tail: D ≈ 3e-17·e^{−E/kT} underflows as a number but log D and log D′ stay finite.
        for u in [1e-12, 1e-100, 1e-300] {
            let (logD, logDerivative) = try law.logDiffusivity(fraction: u)
            #expect(logD.isFinite && logDerivative.isFinite)
        }
        // Outside (0, u_max): typed errors, never NaN or a clamp.
        for u in [0.0, -0.1, 1 / 0.9, 2.0, .nan] {
            #expect(throws: CAITError.self) { try law.logDiffusivity(fraction: u) }
        }
        // D1(1) = D_bulk.
        #expect(abs(try DiffusionLaw.siteEnergy(law).evaluate(fraction: 1).value - 3e-17) <= 1e-30)
    }

    /// Piecewise-linear tables have exact quantiles: uniform → linear, triangle → √(2p).
    @Test func tabulatedQuantilesAreExact() throws {
        let uniform = try TabulatedSiteEnergyDistribution(energies: [-0.2, 0.3], density: [5, 5])
        let triangle = try TabulatedSiteEnergyDistribution(energies: [0, 1, 2], density: [0, 3, 0])
        for p in [1e-9, 0.1, 0.37, 0.5, 0.8, 1 - 1e-9] {
            // A handful of rounded operations: 1e-14 absolute.
            #expect(abs(uniform.quantile(p) - (-0.2 + 0.5 * p)) <= 1e-14)
            let exact = p <= 0.5 ? (2 * p).squareRoot() : 2 - (2 * (1 - p)).squareRoot()
            #expect(abs(triangle.quantile(p) - exact) <= 1e-12)
            #expect(abs(triangle.cumulative(at: triangle.quantile(p)) - p) <= 1e-14)
        }
    }

    /// A densely tabulated Gaussian reproduces the closed-form filling map to the O(ΔE²) of
    /// linear interpolation.
    @Test func tabulatedGaussianMatchesClosedForm() throws {
        let sigma = 0.1
        let energies = (0...1200).map { -0.6 + Double($0) * 0.001 }
        let table = try TabulatedSiteEnergyDistribution(energies: energies, density: energies.map { exp(-0.5 * $0 * $0 / (sigma * sigma)) })
        let gaussian = try GaussianSiteEnergyDistribution(standardDeviation: sigma)
        for p in [0.01, 0.2, 0.5, 0.9] {
            // ΔE = 1 meV: the density's interpolation error is ≈ ΔE²g″/8 ≈ 1e-4 relative, moving G⁻¹ by < 1e-5 eV.
            #expect(abs(table.quantile(p) - gaussian.quantile(p)) <= 1e-5)
        }
    }

    /// The empirical SED of a sample: a Gaussian kernel estimate has the sample mean and the
    /// sample variance (1/N) plus h², exactly, up to the linear binning onto the grid (O(Δ²)).
    @Test func empiricalSEDMomentsMatchTheSample() throws {
        var rng = SplitMix64(seed: 7)
        let sample = (0..<20000).map { _ in 0.05 + 0.12 * rng.normal() }
        let h = 0.02
        let sed = try TabulatedSiteEnergyDistribution(siteEnergies: sample, bandwidth: h, gridPoints: 2048)
        let n = Double(sample.count)
        let mean = sample.reduce(0, +) / n
        let variance = sample.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        // Moments of the piecewise-linear density by the trapezoid rule on its own knots.
        var m0 = 0.0, m1 = 0.0, m2 = 0.0
        for k in 1..<sed.energies.count {
            let de = sed.energies[k] - sed.energies[k - 1]
            for (e, g) in [(sed.energies[k], sed.densities[k]), (sed.energies[k - 1], sed.densities[k - 1])] {
                m0 += 0.5 * de * g; m1 += 0.5 * de * g * e; m2 += 0.5 * de * g * e * e
            }
        }
        let kdeMean = m1 / m0, kdeVariance = m2 / m0 - kdeMean * kdeMean
        // Grid spacing Δ ≈ 0.8 meV: binning and trapezoid errors are O(Δ²) ≈ 1e-6 eV² in the variance.
        #expect(abs(kdeMean - mean) <= 1e-5)
        #expect(abs(kdeVariance - (variance + h * h)) <= 2e-6)
    }

    /// The landscape bridge uses exactly the accessible energies (blocked sites are NaN and skipped).
    @Test func landscapeBridgeUsesAccessibleSites() throws {
        let lattice = try CubicLattice(edge: 4)
        var rng = SplitMix64(seed: 3)
        let accessible = (0..<lattice.siteCount).map { $0 % 5 != 0 }
        let energies = accessible.map { $0 ? 0.1 * rng.normal() : Double.nan }
        let landscape = SiteEnergyLandscape(lattice: lattice, energies: energies, isAccessible: accessible, ionCount: 40)
        let bridged = try TabulatedSiteEnergyDistribution(landscape: landscape, bandwidth: 0.02)
        let direct = try TabulatedSiteEnergyDistribution(siteEnergies: energies.filter { $0.isFinite }, bandwidth: 0.02)
        #expect(bridged == direct)
    }

    /// Fermi–Dirac filling: the tabulated occupancy against an independent Simpson quadrature of
    /// ∫ g(E) f(E − E_F) dE, its T → 0 limit, and the inverse round trip.
    @Test func fermiDiracFillingMap() throws {
        let sed = try GaussianSiteEnergyDistribution(fwhm: 0.25)
        let t = 353.0, kT = PhysicalConstants.thermalEnergy(temperature: t)
        let map = try FillingMap(distribution: sed, vacancyFraction: 0.1, statistics: .fermiDirac(temperature: t))
        for ef in [-0.3, -0.1, 0.0, 0.136, 0.25] {
            // Simpson on E ∈ [−2, 2] eV with 40 001 points (ΔE = 0.1 meV ≪ kT): error < 1e-12.
            let count = 40_000, a = -2.0, step = 4.0 / Double(count)
            var sum = 0.0
            for i in 0...count {
                let e = a + Double(i) * step
                let w = i == 0 || i == count ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
                sum += w * sed.density(at: e) / (1 + exp((e - ef) / kT))
            }
            let reference = sum * step / 3 / 0.9
            #expect(abs(map.fraction(fermiLevel: ef) - reference) <= 1e-10 * max(reference, 1e-3))
            // The inverse reproduces E_F to the cubic-Hermite accuracy of a 2.2 meV table (≈ 1e-9 eV).
            let back = try map.fermiLevel(fraction: reference).energy
            #expect(abs(back - ef) <= 1e-7)
        }
        // kT → 0: the Fermi–Dirac map approaches N_s·G(E_F) = n.
        let cold = try FillingMap(distribution: sed, vacancyFraction: 0.1, statistics: .fermiDirac(temperature: 1))
        let zero = try FillingMap(distribution: sed, vacancyFraction: 0.1)
        for u in [0.1, 0.5, 1.0] {
            // At 1 K, kT = 86 µeV: the Sommerfeld correction (π²/6)(kT)²g′/g is < 1e-7 eV.
            #expect(abs(try cold.fermiLevel(fraction: u).energy - zero.fermiLevel(fraction: u).energy) <= 1e-6)
        }
    }

    /// PSED FWHM: a 250 meV Gaussian filled to G = 0.9 keeps both half-maximum points
    /// (±1.1774σ < E_F = 1.2816σ), so FWHM = 250 meV; the mobile part above a 20 % plateau is cut at
    /// E_F(0.2) = σΦ⁻¹(0.18) > −1.1774σ, so its FWHM is (1.1774 − Φ⁻¹(0.18))σ.
    @Test func populatedSEDWidths() throws {
        let sed = try GaussianSiteEnergyDistribution(fwhm: 0.25)
        let map = try FillingMap(distribution: sed, vacancyFraction: 0.1)
        let sigma = sed.standardDeviation
        let full = try PopulatedSiteEnergyDistribution(filling: map).fwhm()
        // Bisection to 1e-12 eV on each side.
        #expect(abs(full - 0.25) <= 1e-10)
        let mobile = try PopulatedSiteEnergyDistribution(filling: map, immobileFraction: 0.2).fwhm()
        let halfPoint = (2 * log(2.0)).squareRoot()
        #expect(abs(mobile - (halfPoint - Self.bisectedQuantile(0.18)) * sigma) <= 1e-10)
    }
}
