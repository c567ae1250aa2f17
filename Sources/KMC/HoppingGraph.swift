import Landscape

/// The accessible ion sites of a landscape as the graph that kinetic Monte Carlo hops on
/// (docs/kmc.md): each site joined to its 6 nearest ion sites (±x, ±y, ±z), periodic in all
/// three directions and with no electrodes. Blocked sites take part in nothing.
///
/// Sites are renumbered compactly, 0..<N_acc, in landscape-index order. Each site has six
/// neighbour slots in the order −x, +x, −y, +y, −z, +z; a slot whose neighbour is blocked
/// points at the sentinel `siteCount`, a site that is always "occupied", so that no hop ever
/// targets it and the hot loop needs no branch for blocked neighbours.
public struct HoppingGraph: Sendable {
    public let lattice: CubicLattice
    /// Number of accessible sites N_acc.
    public let siteCount: Int
    /// Landscape index of each compact site.
    public let landscapeIndex: [Int32]
    /// ε_i in eV of each compact site.
    public let energies: [Double]
    /// Six neighbour slots per site, `neighbours[6i + k]`; `siteCount` marks a blocked neighbour.
    public let neighbours: [Int32]
    /// Connected cluster of each site (0 is the largest; ties go to the cluster found first).
    /// Ions never leave their cluster, so its ion count is fixed by the initial configuration.
    public let cluster: [Int32]

    /// Number of neighbour slots per site.
    public static let coordination = 6

    /// Unit displacement of slot k (−x, +x, −y, +y, −z, +z): axis k/2, sign −1 for even k.
    @inlinable public static func axis(ofSlot k: Int) -> Int { k >> 1 }
    @inlinable public static func sign(ofSlot k: Int) -> Int32 { (k & 1) == 0 ? -1 : 1 }

    public init(landscape: SiteEnergyLandscape) {
        let lattice = landscape.lattice
        var compact = [Int32](repeating: -1, count: lattice.siteCount)
        var index: [Int32] = [], energies: [Double] = []
        index.reserveCapacity(landscape.accessibleCount)
        energies.reserveCapacity(landscape.accessibleCount)
        for i in 0..<lattice.siteCount where landscape.isAccessible[i] {
            compact[i] = Int32(index.count)
            index.append(Int32(i))
            energies.append(landscape.energies[i])
        }
        let count = index.count
        var neighbours = [Int32](repeating: Int32(count), count: Self.coordination * count)
        for (c, i) in index.enumerated() {
            var k = 0
            // forEachHopNeighbour visits −x, +x, −y, +y, −z, +z: the slot order above.
            lattice.forEachHopNeighbour(of: Int(i)) { j in
                if compact[j] >= 0 { neighbours[Self.coordination * c + k] = compact[j] }
                k += 1
            }
        }
        self.lattice = lattice
        self.siteCount = count
        self.landscapeIndex = index
        self.energies = energies
        self.neighbours = neighbours
        self.cluster = Self.clusters(siteCount: count, neighbours: neighbours)
    }

    /// Connected components by breadth-first search, renumbered by decreasing size.
    private static func clusters(siteCount n: Int, neighbours: [Int32]) -> [Int32] {
        var label = [Int32](repeating: -1, count: n)
        var sizes: [Int] = [], queue: [Int] = []
        for seed in 0..<n where label[seed] < 0 {
            let id = Int32(sizes.count)
            label[seed] = id
            queue = [seed]
            var head = 0
            while head < queue.count {
                let s = queue[head]
                head += 1
                for k in 0..<coordination {
                    let m = Int(neighbours[coordination * s + k])
                    if m < n && label[m] < 0 { label[m] = id; queue.append(m) }
                }
            }
            sizes.append(queue.count)
        }
        let order = sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        var rank = [Int32](repeating: 0, count: sizes.count)
        for (r, c) in order.enumerated() { rank[c] = Int32(r) }
        return label.map { rank[Int($0)] }
    }
}
