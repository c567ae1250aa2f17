import Foundation
import Testing
import Landscape
@testable import KMC

/// The Fermi–Dirac start against Fermi–Dirac statistics, cluster by cluster (docs/kmc.md,
/// "Equilibration").
@Suite struct InitialConfigurationTests {
    /// A 12³ lattice at 300 K (β ≈ 38.7/eV). Cluster 0 is the slab x = 0…5 (864 sites at +2 eV, so
    /// f ≈ e^{−77} and it starts empty). Planes x = 7 and 9 hold 144 single-site clusters (every site
    /// with y + z even; all their neighbours blocked): 40 deep at −1 eV (f = 1 − 2e-17), 64 at 0 eV
    /// (f = ½) and 40 at +1 eV (f = 2e-17), so μ = 0 by symmetry for N = 40 + 32. The independent
    /// draw overshoots N by s = Binomial(64, ½) − 32 ions; cluster 0 can give none back when s > 0,
    /// so the surplus must leave the highest-energy occupied sites elsewhere (the 0 eV ones), not
    /// the deep ones, which Fermi–Dirac fills with certainty. Missing ions (s < 0) go into cluster 0.
    /// Over 2000 draws each cluster's mean ion count must equal Σ f over it within 4 standard errors,
    /// up to the correction itself: E|s| ≈ 3.2 ions, which may move among the half-filled sites and
    /// into cluster 0 only. Placing the surplus on the deep sites instead (the old rule) empties
    /// each of them in ≈ 4 % of the draws, 10 SE away from f.
    @Test func fermiDiracStartMatchesFermiDiracInEveryCluster() throws {
        let edge = 12
        let lattice = try CubicLattice(edge: edge)
        var energies = [Double](repeating: .nan, count: lattice.siteCount)
        var accessible = [Bool](repeating: false, count: lattice.siteCount)
        for x in 0..<6 { for y in 0..<edge { for z in 0..<edge {
            energies[lattice.index(x, y, z)] = 2; accessible[lattice.index(x, y, z)] = true
        } } }
        var singles: [Int] = []
        for x in [7, 9] { for y in 0..<edge { for z in 0..<edge where (y + z) % 2 == 0 { singles.append(lattice.index(x, y, z)) } } }
        #expect(singles.count == 144)
        var level = [Double](repeating: 0, count: lattice.siteCount)
        for (k, i) in singles.enumerated() {
            level[i] = k < 40 ? -1 : (k < 104 ? 0 : 1)
            energies[i] = level[i]; accessible[i] = true
        }
        let landscape = SiteEnergyLandscape(lattice: lattice, energies: energies, isAccessible: accessible, ionCount: 72)
        let graph = HoppingGraph(landscape: landscape)
        #expect(Set(graph.cluster).count == 145)

        let temperature = 300.0, beta = 1 / (PhysicalConstants.boltzmannEV * temperature)
        let mu = try Occupation.chemicalPotential(energies: graph.energies, ionCount: 72, temperature: temperature)
        #expect(abs(mu) < 1e-9)
        let f = graph.energies.map { Occupation.fermi($0 - mu, beta: beta) }
        let draws = 2000
        var count = [Double](repeating: 0, count: 145), squares = count
        var stream = RandomStream(seed: 21, point: 0, realisation: 0)
        for _ in 0..<draws {
            let sites = try InitialConfiguration.fermiDirac.sites(graph: graph, ionCount: 72, temperature: temperature,
                                                                 stream: &stream)
            #expect(sites.count == 72)
            var perCluster = [Double](repeating: 0, count: 145)
            for s in sites { perCluster[Int(graph.cluster[s])] += 1 }
            for c in 0..<145 { count[c] += perCluster[c]; squares[c] += perCluster[c] * perCluster[c] }
        }
        var expected = [Double](repeating: 0, count: 145)
        var energyOf = [Double](repeating: 0, count: 145)
        for s in 0..<graph.siteCount {
            expected[Int(graph.cluster[s])] += f[s]
            energyOf[Int(graph.cluster[s])] = graph.energies[s]
        }
        // E|s| for s = Binomial(64, ½) − 32 (the deep and high sites add < 1e-15 ions): ≈ 3.2.
        var allowance = 0.0, binomial: Double = 0x1p-64   // C(64, k)/2^64 by recurrence
        for k in 0...64 {
            let distance: Double = abs(Double(k) - 32)
            allowance += binomial * distance
            binomial *= Double(64 - k) / Double(k + 1)
        }
        for c in 0..<145 {
            let mean = count[c] / Double(draws)
            let variance = max(squares[c] / Double(draws) - mean * mean, 0)
            let se = (variance / Double(draws)).squareRoot()
            // The correction may put E|s| ions into cluster 0, or spread them over the 64 half-filled
            // sites (ties broken at random, so evenly); it must not touch the others.
            let slack = c == 0 ? allowance : (energyOf[c] == 0 ? allowance / 64 : 1e-12)
            #expect(abs(mean - expected[c]) <= 4 * se + slack,
                    "cluster \(c) at \(energyOf[c]) eV: mean \(mean) ions, Σf = \(expected[c]) (SE \(se))")
        }
    }
}
