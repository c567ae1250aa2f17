import Landscape

/// Critical percolation barrier Δ_c = E_a (docs/model.md §5; [B&M], eq. (9)): the smallest Δ such
/// that the links with effective barrier Δ_ij ≤ Δ (eq. (8b)) join plane x = 0 to plane
/// x = N_L − 1. Exact: the result is one of the link barriers.
public enum CriticalBarrier {
    /// Δ_c of a landscape, with ε_F its T → 0 Fermi level (docs/model.md §4).
    public static func of(_ landscape: SiteEnergyLandscape, hopBarrier: Double) throws -> SpanningLink {
        let fermiLevel = try Occupation.fermiLevel(of: landscape)
        return try of(landscape, hopBarrier: hopBarrier, fermiLevel: fermiLevel)
    }

    /// Δ_c of a landscape for a given Fermi level ε_F.
    public static func of(_ landscape: SiteEnergyLandscape, hopBarrier: Double,
                          fermiLevel: Double) throws(TransportError) -> SpanningLink {
        let barrier = try EffectiveBarrier(hopBarrier: hopBarrier, fermiLevel: fermiLevel)
        let energies = landscape.energies, open = landscape.isAccessible
        for i in energies.indices where open[i] && !energies[i].isFinite {
            throw .invalidParameter(name: "site energy ε[\(i)]", value: "\(energies[i])",
                                    accepted: "finite on accessible sites")
        }
        var links: [ValuedLink] = []
        links.reserveCapacity(3 * landscape.lattice.siteCount)
        IonLinks(lattice: landscape.lattice).forEachLink(isAccessible: open) { i, j in
            links.append(ValuedLink(value: barrier(energies[i], energies[j]), site: i, neighbour: j))
        }
        guard let link = BucketedSpanningSearch.firstSpanningLink(lattice: landscape.lattice, links: links) else {
            throw .noSpanningCluster("no cluster of accessible sites spans plane x = 0 to x = \(landscape.lattice.edge - 1) "
                                     + "(N_L = \(landscape.lattice.edge), N_acc = \(landscape.accessibleCount))")
        }
        return link
    }
}
