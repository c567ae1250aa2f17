/// Union–find over sites (Hoshen–Kopelman in spirit) with path halving and union by size.
/// Each root carries a bit set of the electrode planes its cluster touches.
///
/// Storage is one Int32 per site: a non-root holds its parent, a root holds −(cluster size).
/// Keeping sizes in the parent array means a union touches no extra cache lines for them,
/// which matters because the accesses are random over millions of sites.
public struct DisjointSets: Sendable {
    @usableFromInline var parent: [Int32]
    /// Bit 0: the cluster holds a site of plane x = 0; bit 1: of plane x = N_L − 1 (valid at roots).
    @usableFromInline var boundary: [UInt8]

    public init(count: Int) {
        precondition(count < Int(Int32.max), "union–find uses 32-bit indices")
        parent = [Int32](repeating: -1, count: count)
        boundary = [UInt8](repeating: 0, count: count)
    }

    /// Marks site `i` as touching the given boundary bits (1: first plane, 2: last plane).
    @inlinable public mutating func mark(_ i: Int, boundary bits: UInt8) {
        boundary[find(i)] |= bits
    }

    @inlinable public mutating func find(_ i: Int) -> Int {
        var x = i
        while true {
            let p = Int(parent[x])
            if p < 0 { return x }
            let grand = parent[p]
            if grand < 0 { return p }
            parent[x] = grand
            x = Int(grand)
        }
    }

    /// Joins the clusters of `a` and `b`; returns the boundary bits of the joined cluster.
    @inlinable @discardableResult
    public mutating func union(_ a: Int, _ b: Int) -> UInt8 {
        var ra = find(a), rb = find(b)
        if ra == rb { return boundary[ra] }
        // Sizes are stored negated: the larger cluster has the more negative entry.
        if parent[ra] > parent[rb] { swap(&ra, &rb) }
        parent[ra] += parent[rb]
        parent[rb] = Int32(ra)
        let bits = boundary[ra] | boundary[rb]
        boundary[ra] = bits
        return bits
    }

    /// Boundary bits of the cluster holding `i`.
    @inlinable public mutating func boundaryBits(of i: Int) -> UInt8 { boundary[find(i)] }
}
