import Foundation
import Landscape
import SparseSolvers
import Transport

/// σ_dc benchmark stages (SPEC §6) on a hand-made Gaussian landscape of edge `--size`:
/// ε ~ normal(0, (0.42·0.64 eV)²), 5 % of sites blocked, ions on 90 % of the accessible sites,
/// T = 403 K, ν = 4e14 Hz, u0 = 0.064 eV, a = 5 Å. One run = network assembly + one solve.
/// Route 1's window policy can be changed with --initial-window W, --max-spread S, --tolerance t.
enum ConductivityBench {
    static let temperature = 403.0

    /// Gaussian landscape from the library's random stream (seed 2024, point 0, realisation 0).
    static func landscape(edge: Int) throws -> SiteEnergyLandscape {
        let lattice = try CubicLattice(edge: edge)
        var stream = RandomStream(seed: 2024, point: 0, realisation: 0)
        var accessible = [Bool](repeating: true, count: lattice.siteCount)
        var energies = [Double](repeating: .nan, count: lattice.siteCount)
        let width = 0.42 * 0.64
        for i in 0..<lattice.siteCount {
            if stream.uniform() < 0.05 { accessible[i] = false } else { energies[i] = width * stream.normal() }
        }
        let nAcc = accessible.reduce(0) { $0 + ($1 ? 1 : 0) }
        return SiteEnergyLandscape(lattice: lattice, energies: energies, isAccessible: accessible,
                                   ionCount: Int((0.9 * Double(nAcc)).rounded()))
    }

    static func stage(route: KirchhoffRoute) -> BenchmarkStage {
        var cached: (edge: Int, landscape: SiteEnergyLandscape)?
        return BenchmarkStage(returning: { options in
            BLASThreads.set(options.threads)
            if cached?.edge != options.size { cached = (options.size, try landscape(edge: options.size)) }
            let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064, latticeConstant: 5e-10)
            var policy = WindowPolicy()
            if let w = options.extra["initial-window"].flatMap(Double.init) { policy.initialWindow = w }
            if let s = options.extra["max-spread"].flatMap(Double.init) { policy.maximumSpread = s }
            if let t = options.extra["tolerance"].flatMap(Double.init) { policy.tolerance = t }
            let result = try Conductivity.sigma(landscape: cached!.landscape, temperature: temperature,
                                                hopping: hopping, route: route, policy: policy)
            var note = "sigma=\(result.sigma) S/cm"
            if let d = result.direct {
                note += " W=\(d.window) solved=\(d.solvedSize) rel_change=\(d.relativeChange)"
                    + " discrepancy=\(d.solveDiscrepancy) events=\(d.events.count)"
            }
            return note
        })
    }
}
