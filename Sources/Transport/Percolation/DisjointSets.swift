/// Union–find over sites (Hoshen–Kopelman in spirit) with path halving and union by size.
/// Each root carries a bit set of the electrode planes its cluster touches.
public struct DisjointSets: Sendable {
    @usableFromInline var parent: [Int32]
    @usableFromInline var size: [Int32]
    /// Bit 0: the cluster holds a site of plane x = 0; bit 1: of plane x = N_L − 1.
    @usableFromInline var boundary: [UInt8]

    public init(count: Int) {
        precondition(count < Int(Int32.max), "union–find uses 32-bit indices")
        parent = (0..<Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
        boundary = [UInt8](repeating: 0, count: count)
    }

    /// Marks site `i` as touching the given boundary bits (1: first plane, 2: last plane).
    @inlinable public mutating func mark(_ i: Int, boundary bits: UInt8) {
        boundary[i] |= bits
    }

    @inlinable public mutating func find(_ i: Int) -> Int {
        var x = Int32(i)
        while parent[Int(x)] != x {
            let grand = parent[Int(parent[Int(x)])]
            parent[Int(x)] = grand
            x = grand
        }
        return Int(x)
    }

    /// Joins the clusters of `a` and `b`; returns the boundary bits of the joined cluster.
    @inlinable @discardableResult
    public mutating func union(_ a: Int, _ b: Int) -> UInt8 {
        var ra = find(a), rb = find(b)
        if ra == rb { return boundary[ra] }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        size[ra] += size[rb]
        boundary[ra] |= boundary[rb]
        return boundary[ra]
    }

    /// Boundary bits of the cluster holding `i`.
    @inlinable public mutating func boundaryBits(of i: Int) -> UInt8 { boundary[find(i)] }
}
