import Foundation
import Glass
import Landscape
import Transport

/// Stage `critical-barrier`: Δ_c (docs/model.md §5) of one li33 landscape at x = 0.5 on an
/// N_L = `--size` lattice (seed 1, realisation 0, as the peer's stage), ε_F included.
/// The landscape is built once, during the first run: that run (reported as max_s) includes
/// it; with --runs ≥ 3 the median does not.
func criticalBarrierStage() -> BenchmarkStage {
    var cache: (edge: Int, landscape: SiteEnergyLandscape)?
    return BenchmarkStage(returning: { options in
        if cache?.edge != options.size {
            let builder = try li33Builder(edge: options.size, x: 0.5)
            cache = (options.size, builder.build(seed: 1, realisation: 0))
        }
        let link = try CriticalBarrier.of(cache!.landscape, hopBarrier: Preset.li33.u0)
        return String(format: "Delta_c = %.12f eV", link.value)
    })
}

/// Stage `ea-sweep`: one preset's E_a(x) run (docs/model.md §7), li33 at x = 0, 0.04, …, 1 (26 points)
/// × `--realizations` (default 20) on `--threads` threads, landscapes included (each from its
/// own stream (seed 1, x, realisation)). The note gives the worst relative standard error.
func criticalBarrierSweepStage() -> BenchmarkStage {
    BenchmarkStage(returning: { options in
        let realisations = Int(options.extra["realizations"] ?? "") ?? 20
        let builders = try (0...25).map { try li33Builder(edge: options.size, x: Double($0) * 0.04) }
        let sweep = try RealisationSweep(pointCount: builders.count, realisations: realisations, threads: options.threads)
        let averages = try sweep.criticalBarriers(hopBarrier: Preset.li33.u0) { point, realisation in
            builders[point].build(seed: 1, realisation: UInt64(realisation))
        }
        let worst = averages.map { a in a.standardError.map { $0 / a.mean } ?? 0 }.max()!
        return String(format: "E_a(0) = %.6f eV, E_a(1) = %.6f eV, max relative SE = %.3f%%, checksum %016llx",
                      averages.first!.mean, averages.last!.mean, 100 * worst, bitChecksum(averages.flatMap(\.values)))
    })
}

/// Landscape builder of the li33 series at borate fraction x (hierarchical NFU model).
func li33Builder(edge: Int, x: Double) throws -> LandscapeBuilder {
    try landscapeBuilder(preset: .li33, edge: edge, x: x)
}

/// Landscape builder of a preset's series at borate fraction x (hierarchical NFU model).
func landscapeBuilder(preset: Preset, edge: Int, x: Double) throws -> LandscapeBuilder {
    let composition = try preset.composition(x: x)
    return try LandscapeBuilder(lattice: CubicLattice(edge: edge), composition: composition,
                                fractions: HierarchicalNFUModel().fractions(for: composition),
                                parameters: LandscapeParameters(preset: preset))
}

/// Stage `landscape-critical-barrier`: a fresh landscape (li33, x = 0.5, seed 1, realisation 0)
/// and its Δ_c in every run, the pair that issue 8 compares with the peer.
func landscapeCriticalBarrierStage() -> BenchmarkStage {
    BenchmarkStage(returning: { options in
        let landscape = try li33Builder(edge: options.size, x: 0.5).build(seed: 1, realisation: 0)
        let link = try CriticalBarrier.of(landscape, hopBarrier: Preset.li33.u0)
        return String(format: "Delta_c = %.12f eV", link.value)
    })
}
