/// Neighbourhoods of the bcc lattice (docs/model.md §3): NFU sites at integer positions (i,j,k), ion
/// sites at (i+½, j+½, k+½), both indexed by `CubicLattice`, periodic in all directions.
extension CubicLattice {
    /// The 8 ion sites touched by the NFU site at (x,y,z): (x−δ1, y−δ2, z−δ3) mod N_L with
    /// δ ∈ {0,1}, in the order b = 4δ1 + 2δ2 + δ3. These are its bcc nearest neighbours,
    /// at distance √3·a/2.
    @inlinable @inline(__always)
    public func ionSitesAroundNFU(x: Int, y: Int, z: Int) -> SIMD8<Int32> {
        let xm = x == 0 ? edge - 1 : x - 1
        let ym = y == 0 ? edge - 1 : y - 1
        let zm = z == 0 ? edge - 1 : z - 1
        let rows = SIMD8<Int32>(Int32((x * edge + y) * edge), Int32((x * edge + y) * edge),
                                Int32((x * edge + ym) * edge), Int32((x * edge + ym) * edge),
                                Int32((xm * edge + y) * edge), Int32((xm * edge + y) * edge),
                                Int32((xm * edge + ym) * edge), Int32((xm * edge + ym) * edge))
        let columns = SIMD8<Int32>(Int32(z), Int32(zm), Int32(z), Int32(zm),
                                   Int32(z), Int32(zm), Int32(z), Int32(zm))
        return rows &+ columns
    }

    /// The 8 ion sites touched by NFU site `nfu`.
    public func ionSites(aroundNFU nfu: Int) -> [Int] {
        let (x, y, z) = coordinates(of: nfu)
        let sites = ionSitesAroundNFU(x: x, y: y, z: z)
        return (0..<8).map { Int(sites[$0]) }
    }

    /// The 8 NFU sites that touch ion site `ion`: (x+δ1, y+δ2, z+δ3) mod N_L.
    public func nfuSites(aroundIon ion: Int) -> [Int] {
        let (x, y, z) = coordinates(of: ion)
        var sites: [Int] = []
        for dx in 0...1 { for dy in 0...1 { for dz in 0...1 {
            sites.append(index(wrap(x + dx), wrap(y + dy), wrap(z + dz)))
        } } }
        return sites
    }

    /// Calls `body` with each of the 6 nearest ion sites of `ion` (±x, ±y, ±z, periodic).
    @inlinable
    public func forEachHopNeighbour(of ion: Int, _ body: (Int) -> Void) {
        let (x, y, z) = coordinates(of: ion)
        body(index(wrap(x - 1), y, z))
        body(index(wrap(x + 1), y, z))
        body(index(x, wrap(y - 1), z))
        body(index(x, wrap(y + 1), z))
        body(index(x, y, wrap(z - 1)))
        body(index(x, y, wrap(z + 1)))
    }

    /// The 6 nearest ion sites of `ion`, in the order −x, +x, −y, +y, −z, +z.
    public func hopNeighbours(of ion: Int) -> [Int] {
        var sites: [Int] = []
        sites.reserveCapacity(6)
        forEachHopNeighbour(of: ion) { sites.append($0) }
        return sites
    }
}
