import Foundation
import Landscape

/// Where the N ions start (docs/kmc.md, "Equilibration").
///
/// Ions never leave the connected cluster of sites they start in, so the start fixes how many
/// ions each cluster holds for the whole run; only `fermiDirac` draws those numbers from their
/// equilibrium distribution.
public enum InitialConfiguration: String, Sendable, CaseIterable {
    /// N distinct sites drawn uniformly: the equilibrium state at infinite temperature, and exactly
    /// the equilibrium state of the lattice gas (equal energies) at any temperature.
    case random
    /// The N lowest-energy sites, ties broken at random: the ground state, the equilibrium state
    /// at T → 0.
    case lowestEnergy = "lowest-energy"
    /// Every site occupied independently with the Fermi–Dirac probability f(ε_i − μ) at the
    /// run's temperature, μ solving Σ f(ε_i − μ) = N (the network's μ): the grand-canonical
    /// equilibrium, in which each cluster's ion
    /// count has its equilibrium distribution. The total is then brought to exactly N inside the
    /// largest cluster (cluster 0): surplus ions leave its highest-energy occupied sites, missing
    /// ions fill its lowest-energy empty sites (ties broken at random); only when cluster 0 is
    /// empty (or full) do the other clusters' highest occupied (lowest empty) sites take the rest.
    /// The correction is of the order of √N ions.
    case fermiDirac = "fermi-dirac"

    /// The starting sites (compact indices), one per ion, drawn from `stream`; `temperature` (K)
    /// is used by `fermiDirac` only.
    public func sites(graph: HoppingGraph, ionCount: Int, temperature: Double,
                      stream: inout RandomStream) throws(KMCError) -> [Int] {
        let n = graph.siteCount
        let count = min(ionCount, n)
        switch self {
        case .random:
            // Partial Fisher–Yates shuffle: the first N entries are a uniform N-subset.
            var order = Array(0..<n)
            for k in 0..<count {
                order.swapAt(k, k + stream.index(below: n - k))
            }
            return Array(order[0..<count])
        case .lowestEnergy:
            return Array(Self.byEnergy(Array(0..<n), graph: graph, stream: &stream)[0..<count])
        case .fermiDirac:
            let mu: Double
            do {
                mu = try Occupation.chemicalPotential(energies: graph.energies, ionCount: count, temperature: temperature)
            } catch {
                throw .invalidParameter(name: "Fermi–Dirac start", value: "N = \(count), T = \(temperature) K",
                                        accepted: "\(error)")
            }
            let beta = 1 / (PhysicalConstants.boltzmannEV * temperature)
            var occupied = (0..<n).map { stream.uniform() < Occupation.fermi(graph.energies[$0] - mu, beta: beta) }
            var total = occupied.reduce(0) { $0 + ($1 ? 1 : 0) }
            let ordered = Self.byEnergy((0..<n).filter { graph.cluster[$0] == 0 }, graph: graph, stream: &stream)
            for s in ordered.reversed() where total > count && occupied[s] { occupied[s] = false; total -= 1 }
            for s in ordered where total < count && !occupied[s] { occupied[s] = true; total += 1 }
            // Only when cluster 0 cannot absorb the difference (it is empty or full): the other
            // clusters, again surplus from the highest-energy occupied sites and missing ions into
            // the lowest-energy empty ones, the sites whose occupation costs the least probability.
            let everywhere = Self.byEnergy(Array(0..<n), graph: graph, stream: &stream)
            for s in everywhere.reversed() where total > count && occupied[s] { occupied[s] = false; total -= 1 }
            for s in everywhere where total < count && !occupied[s] { occupied[s] = true; total += 1 }
            return (0..<n).filter { occupied[$0] }
        }
    }

    /// The sites sorted by energy, ties in random order.
    private static func byEnergy(_ sites: [Int], graph: HoppingGraph, stream: inout RandomStream) -> [Int] {
        let keys = sites.map { _ in stream.next() }
        return sites.indices.sorted { a, b in
            let (ea, eb) = (graph.energies[sites[a]], graph.energies[sites[b]])
            return ea != eb ? ea < eb : keys[a] < keys[b]
        }.map { sites[$0] }
    }
}
