import Foundation
import Landscape

/// The x planes of each rank when several ranks share one σ: rank r of p owns the ion planes
/// [N_L·r/p, N_L·(r+1)/p) (docs/large-lattices.md).
public struct SlabPartition: Sendable, Equatable {
    public let edge: Int
    public let ranks: Int

    /// - Throws: `TransportError.invalidParameter` unless 1 ≤ ranks ≤ N_L (every rank owns a plane).
    public init(edge: Int, ranks: Int) throws(TransportError) {
        guard ranks >= 1, ranks <= edge else {
            throw .invalidParameter(name: "ranks sharing one σ", value: "\(ranks)", accepted: "1 … N_L = \(edge)")
        }
        self.edge = edge
        self.ranks = ranks
    }

    public func planes(of rank: Int) -> Range<Int> { (edge * rank / ranks)..<(edge * (rank + 1) / ranks) }

    /// The planes a rank draws: its own and, below the last plane, the next one (the far ends of
    /// its +x links).
    public func drawnPlanes(of rank: Int) -> Range<Int> {
        let own = planes(of: rank)
        return own.lowerBound..<min(own.upperBound + 1, edge)
    }
}

/// One rank's part of a landscape for the distributed stages: the slab of its drawn planes
/// (`SlabPartition.drawnPlanes`), of which it owns the first `ownPlanes`.
public struct OwnedSlab: Sendable {
    public let slab: LandscapeSlab
    public let own: Range<Int>

    public init(builder: LandscapeBuilder, seed: UInt64, realisation: UInt64, partition: SlabPartition, rank: Int) {
        slab = builder.buildSlab(seed: seed, realisation: realisation, planes: partition.drawnPlanes(of: rank))
        own = partition.planes(of: rank)
    }

    /// Energies of the owned planes' sites.
    var ownEnergies: ArraySlice<Double> { slab.energies[0..<(own.count * slab.lattice.planeSize)] }
}

/// The stages of one σ before the solve, each rank working on its own slab (docs/large-lattices.md):
/// the T → 0 Fermi level, μ(T), Δ_c and the bottleneck g_b. Every result is bit-identical to the
/// serial computation on the whole landscape, for any number of ranks.
public enum SlabStages {
    /// ε_F: the midpoint of the N-th and (N+1)-th lowest accessible energies of the whole
    /// landscape (`Occupation.fermiLevel`), by bisection on the order-preserving integer image of
    /// the doubles, one sum over the ranks per step (≤ 64 steps per order statistic).
    public static func fermiLevel(_ part: OwnedSlab, group: any RankGroup) throws -> Double {
        let keys = part.ownEnergies.compactMap { $0.isNaN ? nil : orderKey($0) }
        let ionCount = part.slab.ionCount
        guard ionCount > 0, ionCount < part.slab.accessibleCount else {
            throw TransportError.invalidParameter(name: "ion count", value: "\(ionCount)",
                                                  accepted: "0 < N < N_acc = \(part.slab.accessibleCount)")
        }
        /// The smallest key with at least `rank + 1` keys ≤ it, over all ranks.
        func orderStatistic(_ rank: Int) throws -> Double {
            var low: UInt64 = 0, high = UInt64.max
            while low < high {
                let mid = low + (high - low) / 2
                let below = try group.allReduce([keys.lazy.filter { $0 <= mid }.count], .sum)[0]
                if below >= rank + 1 { high = mid } else { low = mid + 1 }
            }
            return value(ofOrderKey: low)
        }
        return 0.5 * (try orderStatistic(ionCount - 1) + orderStatistic(ionCount))
    }

    /// μ(T) (`Occupation.chemicalPotential(of:)`): each rank sums its planes, the planes' sums are
    /// gathered and added in plane order.
    public static func chemicalPotential(_ part: OwnedSlab, temperature: Double, fermiLevel: Double,
                                         group: any RankGroup) throws -> Double {
        let beta = 1 / (PhysicalConstants.boltzmannEV * temperature)
        let energies = Array(part.ownEnergies)
        return try Occupation.chemicalPotential(fermiLevel: fermiLevel, ionCount: part.slab.ionCount,
                                                temperature: temperature) { mu in
            let mine = Occupation.planeOccupationSums(energies, planeSize: part.slab.lattice.planeSize, mu: mu, beta: beta)
            let all = try group.allGather(mine.flatMap { [$0.occupied, $0.slope] })
            return Occupation.addedInPlaneOrder(all.flatMap { values in
                stride(from: 0, to: values.count, by: 2).map { (values[$0], values[$0 + 1]) }
            })
        }
    }

    /// Δ_c (`CriticalBarrier.of`): the first spanning value of the barriers eq. (8b).
    public static func criticalBarrier(_ part: OwnedSlab, hopBarrier: Double, group: any RankGroup) throws -> Double? {
        let barrier = try EffectiveBarrier(hopBarrier: hopBarrier, fermiLevel: fermiLevel(part, group: group))
        return try firstSpanningValue(part, group: group) { barrier($0, $1) }
    }

    /// log g_b (`ConductanceNetwork.bottleneckLogConductance` of the eq. (7) network at T).
    public static func bottleneckLogConductance(_ part: OwnedSlab, temperature: Double, hopping: HoppingParameters,
                                                group: any RankGroup) throws -> Double? {
        let mu = try chemicalPotential(part, temperature: temperature, fermiLevel: fermiLevel(part, group: group),
                                       group: group)
        let link = try LinkConductance(temperature: temperature, chemicalPotential: mu, hopping: hopping)
        return try firstSpanningValue(part, group: group) { -link.logConductance($0, $1) }.map { -$0 }
    }

    /// The exact first spanning value (docs/model.md §5) of link values `value(ε_i, ε_j)` over the whole
    /// lattice (open in x, periodic in y, z), from the ranks' slabs.
    ///
    /// Each rank runs Kruskal over its own links (those from its planes towards +x, +y, +z) and
    /// keeps only what matters between its terminals — the sites of its first plane and of the
    /// plane above its last (shared with the neighbouring slabs), and the electrodes B+ (plane 0)
    /// and B− (plane N_L − 1): whenever a link joins two clusters that both hold a terminal, it
    /// emits an edge between the clusters' representative terminals with the link's value. The
    /// emitted edges form a tree whose largest value on the path between two terminals is their
    /// bottleneck (min over paths of the max value) inside the slab, so the union of the ranks'
    /// trees has the same B+–B− bottleneck as the whole lattice. The trees (≤ 2·N_L² + 2 edges
    /// per rank) are gathered on every rank, and the bucketed search finds the first spanning
    /// value among them: one of the link values, the same as the serial search's.
    static func firstSpanningValue(_ part: OwnedSlab, group: any RankGroup,
                                   value: (Double, Double) -> Double) throws -> Double? {
        let slab = part.slab, lattice = slab.lattice
        let n = lattice.edge, planeSize = lattice.planeSize
        let first = slab.firstSite, drawnSites = slab.energies.count
        let source = drawnSites, drain = drawnSites + 1   // local nodes of B+ and B−
        /// Local node of global site i (electrode planes collapse onto B+ and B−).
        func node(_ i: Int) -> Int {
            let x = i / planeSize
            return x == 0 ? source : (x == n - 1 ? drain : i - first)
        }
        var links: [ValuedLink] = []
        links.reserveCapacity(3 * part.own.count * planeSize)
        for x in part.own {
            for y in 0..<n {
                for z in 0..<n {
                    let i = lattice.index(x, y, z)
                    let ei = slab.energies[i - first]
                    guard !ei.isNaN else { continue }
                    func link(_ j: Int) {
                        let ej = slab.energies[j - first]
                        guard !ej.isNaN else { return }
                        let (a, b) = (node(i), node(j))
                        if a != b { links.append(ValuedLink(value: value(ei, ej), site: a, neighbour: b)) }
                    }
                    if x + 1 < n { link(lattice.index(x + 1, y, z)) }
                    link(lattice.index(x, y + 1 == n ? 0 : y + 1, z))
                    link(lattice.index(x, y, z + 1 == n ? 0 : z + 1))
                }
            }
        }
        links.sort(by: ValuedLink.precedes)
        // Terminals: the first plane (if not B+) and the plane above the last (if drawn, not B−).
        var representative = [Int32](repeating: -1, count: drawnSites + 2)
        representative[source] = Int32(source); representative[drain] = Int32(drain)
        var terminalPlanes: [Int] = []
        if part.own.lowerBound != 0 && part.own.lowerBound != n - 1 { terminalPlanes.append(part.own.lowerBound) }
        if part.own.upperBound < n - 1 { terminalPlanes.append(part.own.upperBound) }   // plane N_L − 1 is B−
        for x in terminalPlanes {
            let start = (x - part.own.lowerBound) * planeSize
            for s in start..<(start + planeSize) { representative[s] = Int32(s) }
        }
        /// The global id of a local node: its site index, −1 for B+, −2 for B−.
        func globalID(_ local: Int32) -> Int64 {
            local == Int32(source) ? -1 : (local == Int32(drain) ? -2 : Int64(Int(local) + first))
        }
        var sets = DisjointSets(count: drawnSites + 2)
        var emitted: [Double] = []   // (value, first id, second id) triples, ids as bit patterns
        for link in links {
            let a = sets.find(Int(link.site)), b = sets.find(Int(link.neighbour))
            guard a != b else { continue }
            let (ra, rb) = (representative[a], representative[b])
            sets.union(a, b)
            let root = sets.find(a)
            if ra >= 0 && rb >= 0 {
                emitted.append(link.value)
                emitted.append(Double(bitPattern: UInt64(bitPattern: globalID(ra))))
                emitted.append(Double(bitPattern: UInt64(bitPattern: globalID(rb))))
            }
            representative[root] = ra >= 0 ? ra : rb
        }
        // Gather every rank's tree, renumber the ids densely, and search.
        let trees = try group.allGather(emitted).flatMap { $0 }
        var ids: [Int64] = []
        ids.reserveCapacity(trees.count / 3 * 2 + 2)
        for k in stride(from: 0, to: trees.count, by: 3) {
            ids.append(Int64(bitPattern: trees[k + 1].bitPattern)); ids.append(Int64(bitPattern: trees[k + 2].bitPattern))
        }
        ids.append(-1); ids.append(-2)
        let unique = Array(Set(ids)).sorted()
        let dense = Dictionary(uniqueKeysWithValues: unique.enumerated().map { ($1, $0) })
        let edges = stride(from: 0, to: trees.count, by: 3).map { k in
            ValuedLink(value: trees[k], site: dense[Int64(bitPattern: trees[k + 1].bitPattern)]!,
                       neighbour: dense[Int64(bitPattern: trees[k + 2].bitPattern)]!)
        }
        let link = BucketedSpanningSearch.firstSpanningLink(nodeCount: unique.count, links: edges) { sets in
            sets.mark(dense[-1]!, boundary: 1)
            sets.mark(dense[-2]!, boundary: 2)
        }
        return link?.value
    }

    /// An integer image of a double that preserves order (NaN excluded): flip all bits of a
    /// negative number, the sign bit of a positive one.
    static func orderKey(_ v: Double) -> UInt64 {
        let bits = v.bitPattern
        return bits >> 63 == 1 ? ~bits : bits | (1 << 63)
    }

    static func value(ofOrderKey key: UInt64) -> Double {
        Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
    }
}
