import Landscape

/// The first link at which a spanning cluster appears when links are added in increasing
/// order of a value (SPEC §5): Δ_c for barriers, or −log g_b for the bottleneck conductance.
public struct SpanningLink: Sendable, Equatable {
    public let value: Double
    public let site: Int
    public let neighbour: Int
}

public enum SpanningThreshold {
    /// Smallest link value v such that the links with value ≤ v connect an accessible site of
    /// plane x = 0 with one of plane x = N_L − 1. Returns nil when no spanning cluster exists
    /// even with every link present. The result is exact: it is one of the link values.
    public static func firstSpanningLink(lattice: CubicLattice, isAccessible: [Bool],
                                         value: (Int, Int) -> Double) -> SpanningLink? {
        var ends: [(Int32, Int32)] = []
        var values: [Double] = []
        IonLinks(lattice: lattice).forEachLink(isAccessible: isAccessible) { i, j in
            ends.append((Int32(i), Int32(j)))
            values.append(value(i, j))
        }
        let order = values.indices.sorted { values[$0] < values[$1] }
        var sets = DisjointSets(count: lattice.siteCount)
        let last = lattice.edge - 1
        for y in 0..<lattice.edge {
            for z in 0..<lattice.edge {
                sets.mark(lattice.index(0, y, z), boundary: 1)
                sets.mark(lattice.index(last, y, z), boundary: 2)
            }
        }
        for k in order {
            let (i, j) = ends[k]
            if sets.union(Int(i), Int(j)) == 3 {
                return SpanningLink(value: values[k], site: Int(i), neighbour: Int(j))
            }
        }
        return nil
    }
}
