import Foundation
import Landscape
import Transport

/// Stage `critical-barrier`: Δ_c (SPEC §5) of one landscape of edge `--size`, Fermi level included.
///
/// Until the landscape builder is merged this uses a hand-made Gaussian landscape with the
/// li33 scale: ε_i ~ normal(0, (0.42·0.64 eV)²), 5% of the sites blocked, ions on 90% of the
/// accessible sites, u0 = 0.064 eV. The landscape is built once, during the first run:
/// that run (reported as max_s) includes it; with --runs ≥ 3 the median does not.
func criticalBarrierStage() -> BenchmarkStage {
    var cache: (edge: Int, landscape: SiteEnergyLandscape)?
    return BenchmarkStage(returning: { options in
        if cache?.edge != options.size {
            cache = (options.size, try gaussianBenchLandscape(edge: options.size, seed: 2024))
        }
        let link = try CriticalBarrier.of(cache!.landscape, hopBarrier: 0.1 * 0.64)
        return String(format: "Delta_c = %.6f eV", link.value)
    })
}

/// Stage `ea-sweep`: disorder-averaged Δ_c over `--points` (default 26) composition points ×
/// `--realizations` (default 20) realisations on `--threads` threads, landscapes included
/// (each from its own stream (seed, point, realisation)), as one preset's E_a(x) run (SPEC §7).
/// Uses the same hand-made Gaussian landscapes as `critical-barrier` until the builder lands.
func criticalBarrierSweepStage() -> BenchmarkStage {
    BenchmarkStage(returning: { options in
        let points = Int(options.extra["points"] ?? "") ?? 26
        let realisations = Int(options.extra["realizations"] ?? "") ?? 20
        let sweep = try RealisationSweep(pointCount: points, realisations: realisations, threads: options.threads)
        let edge = options.size
        let averages = try sweep.criticalBarriers(hopBarrier: 0.1 * 0.64) { point, realisation in
            try gaussianBenchLandscape(edge: edge, seed: 2024, indices: [point, realisation])
        }
        let worst = averages.map { $0.standardError! / $0.mean }.max()!
        return String(format: "mean Delta_c = %.6f eV, max relative SE = %.4f%%", averages[0].mean, 100 * worst)
    })
}

/// Gaussian site energies (Box–Muller) with 5% blocked sites and N = 0.9·N_acc ions.
func gaussianBenchLandscape(edge: Int, seed: UInt64, indices: [Int] = []) throws -> SiteEnergyLandscape {
    let lattice = try CubicLattice(edge: edge)
    var random = SplitMix64Stream(seed: seed, indices: indices)
    let sd = 0.42 * 0.64
    var energies = [Double](repeating: .nan, count: lattice.siteCount)
    var open = [Bool](repeating: false, count: lattice.siteCount)
    for i in energies.indices where random.nextUniform() >= 0.05 {
        let radius = (-2 * log(1 - random.nextUniform())).squareRoot()
        energies[i] = sd * radius * cos(2 * Double.pi * random.nextUniform())
        open[i] = true
    }
    let accessible = open.lazy.filter { $0 }.count
    return SiteEnergyLandscape(lattice: lattice, energies: energies, isAccessible: open,
                               ionCount: Int((0.9 * Double(accessible)).rounded()))
}
