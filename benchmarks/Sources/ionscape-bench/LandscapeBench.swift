import Glass
import Landscape

/// Stage `landscape`: one li33 landscape at x = 0.5 on an N_L = `--size` lattice (docs/model.md §3),
/// including the NFU fractions; the note is the mean accessible energy, so the work is used.
func landscapeStage(_ options: BenchmarkOptions) throws -> String {
    let composition = try Preset.li33.composition(x: 0.5)
    let builder = try LandscapeBuilder(lattice: CubicLattice(edge: options.size), composition: composition,
                                       fractions: HierarchicalNFUModel().fractions(for: composition),
                                       parameters: LandscapeParameters(preset: .li33))
    let landscape = builder.build(seed: 1, realisation: 0)
    var sum = 0.0
    for (e, open) in zip(landscape.energies, landscape.isAccessible) where open { sum += e }
    return "mean energy \(sum / Double(landscape.accessibleCount)) eV over \(landscape.accessibleCount) sites"
}
