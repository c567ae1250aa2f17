import Landscape

/// The first link at which a spanning cluster appears when links are added in increasing
/// order of a value (docs/model.md §5): Δ_c for barriers, or −log g_b for the bottleneck conductance.
public struct SpanningLink: Sendable, Equatable {
    /// The link's value: the threshold itself.
    public let value: Double
    /// The link's end sites (lattice indices), in `IonLinks` order.
    public let site: Int
    public let neighbour: Int
}

public enum SpanningThreshold {
    /// Smallest link value v such that the links with value ≤ v connect an accessible site of
    /// plane x = 0 with one of plane x = N_L − 1. Returns nil when no spanning cluster exists
    /// even with every link present. The result is exact: it is one of the link values.
    /// Among links of equal value, the one with the smallest (site, neighbour) is reported.
    ///
    /// `value(i, j)` is called once per link (i < j in enumeration order of `IonLinks`);
    /// values may be ±∞ but not NaN.
    public static func firstSpanningLink(lattice: CubicLattice, isAccessible: [Bool],
                                         value: (Int, Int) -> Double) -> SpanningLink? {
        var links: [ValuedLink] = []
        links.reserveCapacity(3 * lattice.siteCount)
        IonLinks(lattice: lattice).forEachLink(isAccessible: isAccessible) { i, j in
            links.append(ValuedLink(value: value(i, j), site: i, neighbour: j))
        }
        return BucketedSpanningSearch.firstSpanningLink(lattice: lattice, links: links)
    }
}
