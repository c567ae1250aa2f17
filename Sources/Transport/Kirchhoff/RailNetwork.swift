import Foundation

/// A two-terminal resistor network reduced exactly before it is factorised (docs/model.md §6, route 1).
///
/// Every B+ node is at φ = 1 and every B− node at φ = 0, so all of B+ is merged into one source
/// rail and all of B− into one drain rail (links inside a rail carry no current and vanish; links
/// between the rails form the direct conductance). Parallel links are merged (g₁ + g₂). Then,
/// until none is left, interior nodes with few distinct neighbours (a rail counts as one
/// neighbour) are Kron-eliminated (route 2's rule, [B&M] eq. (12)): with links
/// g₁…g_d to its neighbours and pivot D = Σ g, each pair of neighbours (p, q) gains a link
/// g_p·g_q/D, merged into an existing p–q link if there is one. For d = 1 (a dead end) nothing is
/// added, d = 2 is the series rule and d = 3 the star–mesh (Y–Δ) transform. A node is eliminated
/// when that does not add stored links: it loses its links to interior neighbours and its
/// interior neighbour pairs not yet linked gain one (pairs with a rail only change a rail
/// conductance). Every node with d ≤ 3 qualifies (at most d(d − 1)/2 ≤ d new links); a node with
/// d = 4 qualifies when at least one of its neighbours is a rail, or when at least two of its six
/// neighbour pairs are already linked. It is what a minimum-degree ordering would eliminate
/// first, done before the analysis so that CHOLMOD orders and factorises a smaller matrix. Every
/// rule forms sums and products of positive numbers only, so the reduction adds nothing but
/// rounding to G_tot.
///
/// What remains is the interior nodes with at least four distinct neighbours (those with four
/// whose elimination would add links): the Laplacian G_LL over them and the conductances of each
/// to the two rails.
struct RailNetwork {
    /// Interior nodes kept.
    let interiorCount: Int
    /// Links among kept interior nodes (indices in 0..<interiorCount, first ≠ second, no pair twice).
    let firstNode: [Int32]
    let secondNode: [Int32]
    let conductances: [Double]
    /// Conductance from each kept interior node to the source rail (B+) and to the drain rail (B−).
    let toSource: [Double]
    let toDrain: [Double]
    /// Conductance of the links joining B+ directly to B− (after the reductions).
    let direct: Double
    /// How to recover the potential of every node of the reduced network (`potentials(kept:)`).
    private let record: EliminationRecord

    /// Reduces `network`, with conductances g = exp(log g − `logScale`). Nodes with up to
    /// `maximumDegree` distinct neighbours are eliminated when that adds no stored links (tests
    /// pass 3 to compare with the rule that never looks at fill).
    init(_ network: ConductanceNetwork, logScale: Double, maximumDegree: Int = 4) {
        var graph = ReducibleGraph(network, logScale: logScale, maximumDegree: maximumDegree)
        graph.reduce()
        (interiorCount, firstNode, secondNode, conductances, toSource, toDrain, direct) = graph.remainder()
        record = graph.record
    }

    /// The potential of every node of the reduced network (B+ at 1, B− at 0) from the potentials
    /// of the kept interior nodes: each eliminated node, in reverse order of elimination, takes
    /// the conductance-weighted mean of the neighbours it had when it was eliminated,
    /// φ_k = Σ g_kp φ_p / Σ g_kp (Kron back-substitution: Kirchhoff's current law at k).
    func potentials(kept: [Double]) -> [Double] {
        var graph = [Double](repeating: 0, count: record.interiorCount)
        for (v, k) in record.keptIndex.enumerated() where k >= 0 { graph[v] = kept[Int(k)] }
        func value(_ code: Int32) -> Double {
            code >= 0 ? graph[Int(code)] : (Int(code) == ReducibleGraph.sourceRail ? 1 : 0)
        }
        for e in stride(from: record.eliminated.count - 1, through: 0, by: -1) {
            var weighted = 0.0, pivot = 0.0
            for p in Int(record.start[e])..<Int(record.start[e + 1]) {
                let g = record.conductance[p]
                weighted += g * value(record.neighbour[p])
                pivot += g
            }
            graph[Int(record.eliminated[e])] = pivot > 0 ? weighted / pivot : 0
        }
        return record.graphIndex.map(value)
    }
}

/// The Kron eliminations of a `ReducibleGraph`, in order, for the back-substitution of the
/// potentials: each eliminated node with the neighbours (interior graph nodes, or rail codes)
/// and conductances it had at that moment.
private struct EliminationRecord {
    /// Node of the graph (or rail code) of each node of the network.
    var graphIndex: [Int32] = []
    var interiorCount = 0
    /// Dense index of each graph node among the kept ones, −1 when eliminated.
    var keptIndex: [Int32] = []
    var eliminated: [Int32] = []
    var start: [Int32] = [0]
    var neighbour: [Int32] = []
    var conductance: [Double] = []
}

/// The mutable graph behind `RailNetwork`: interior nodes 0..<n with their conductances to the two
/// rails, and links among them. Each node's link ids live in a slice of `adjacency` that is
/// compacted, or moved to the end with twice the room, when a new link does not fit.
private struct ReducibleGraph {
    /// Neighbour codes for the rails in `eliminate`.
    static let sourceRail = -1, drainRail = -2

    let n: Int
    /// Largest number of distinct neighbours of an eliminated node.
    let maximumDegree: Int
    var ends: [(Int32, Int32)]
    var g: [Double]
    var alive: [Bool]
    var toSource: [Double]
    var toDrain: [Double]
    var direct = 0.0
    var sliceStart: [Int]
    var sliceCount: [Int32]
    var sliceCapacity: [Int32]
    var adjacency: [Int32]
    /// Alive links at each node (rail conductances not included).
    var degree: [Int32]
    var nodeAlive: [Bool]
    var pending: [Int32] = []
    fileprivate var record = EliminationRecord()

    init(_ network: ConductanceNetwork, logScale: Double, maximumDegree: Int) {
        self.maximumDegree = maximumDegree
        var index = [Int32](repeating: 0, count: network.nodeCount)
        var count = 0
        for (i, role) in network.roles.enumerated() {
            switch role {
            case .interior: index[i] = Int32(count); count += 1
            case .source: index[i] = Int32(Self.sourceRail)
            case .drain: index[i] = Int32(Self.drainRail)
            }
        }
        n = count
        record.graphIndex = index
        record.interiorCount = count
        var ends: [(Int32, Int32)] = [], g: [Double] = []
        ends.reserveCapacity(network.linkCount); g.reserveCapacity(network.linkCount)
        var toSource = [Double](repeating: 0, count: count), toDrain = toSource
        var degree = [Int32](repeating: 0, count: count)
        var direct = 0.0
        for k in 0..<network.linkCount {
            let a = index[Int(network.firstNode[k])], b = index[Int(network.secondNode[k])]
            if a == b { continue }   // inside one rail
            let conductance = exp(network.logConductances[k] - logScale)
            switch (a < 0, b < 0) {
            case (true, true): direct += conductance
            case (false, true): if Int(b) == Self.sourceRail { toSource[Int(a)] += conductance } else { toDrain[Int(a)] += conductance }
            case (true, false): if Int(a) == Self.sourceRail { toSource[Int(b)] += conductance } else { toDrain[Int(b)] += conductance }
            case (false, false):
                ends.append((a, b)); g.append(conductance)
                degree[Int(a)] += 1; degree[Int(b)] += 1
            }
        }
        // Room for two more links per node before a slice has to move.
        var start = [Int](repeating: 0, count: count + 1)
        var capacity = [Int32](repeating: 0, count: count)
        for v in 0..<count {
            capacity[v] = degree[v] + 2
            start[v + 1] = start[v] + Int(capacity[v])
        }
        var fill = [Int32](repeating: 0, count: count)
        var adjacency = [Int32](repeating: 0, count: start[count])
        for (k, (a, b)) in ends.enumerated() {
            adjacency[start[Int(a)] + Int(fill[Int(a)])] = Int32(k); fill[Int(a)] += 1
            adjacency[start[Int(b)] + Int(fill[Int(b)])] = Int32(k); fill[Int(b)] += 1
        }
        start.removeLast()
        self.ends = ends
        self.g = g
        alive = [Bool](repeating: true, count: g.count)
        self.toSource = toSource
        self.toDrain = toDrain
        self.direct = direct
        sliceStart = start
        sliceCount = fill
        sliceCapacity = capacity
        self.adjacency = adjacency
        self.degree = degree
        nodeAlive = [Bool](repeating: true, count: count)
    }

    func other(_ link: Int, than v: Int) -> Int {
        let (a, b) = ends[link]
        return Int(a) == v ? Int(b) : Int(a)
    }

    /// Distinct neighbours of `v`, the rails included (parallel links are always merged).
    func neighbourCount(_ v: Int) -> Int {
        Int(degree[v]) + (toSource[v] > 0 ? 1 : 0) + (toDrain[v] > 0 ? 1 : 0)
    }

    /// Whether eliminating `v` adds no stored links: its new interior links (neighbour pairs not
    /// yet linked) are at most the interior links it loses. Always true below four neighbours.
    func isEliminable(_ v: Int) -> Bool {
        let count = neighbourCount(v)
        if count <= 3 { return true }
        guard count <= maximumDegree else { return false }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { interior in
            var d = 0
            for p in slice(v) where alive[Int(adjacency[p])] {
                interior[d] = other(Int(adjacency[p]), than: v); d += 1
            }
            var added = 0
            for p in 0..<d {
                for q in (p + 1)..<d where !areLinked(interior[p], interior[q]) {
                    added += 1
                    if added > d { return false }
                }
            }
            return true
        }
    }

    /// The alive link between interior nodes `u` and `w`, if any.
    func link(_ u: Int, _ w: Int) -> Int? {
        let (scan, target) = degree[u] <= degree[w] ? (u, w) : (w, u)
        for p in slice(scan) {
            let k = Int(adjacency[p])
            if alive[k] && other(k, than: scan) == target { return k }
        }
        return nil
    }

    func areLinked(_ u: Int, _ w: Int) -> Bool { link(u, w) != nil }

    func slice(_ v: Int) -> Range<Int> { sliceStart[v]..<(sliceStart[v] + Int(sliceCount[v])) }

    mutating func kill(_ link: Int) {
        alive[link] = false
        let (a, b) = ends[link]
        degree[Int(a)] -= 1; degree[Int(b)] -= 1
    }

    /// Merges parallel links, then eliminates the eligible nodes (see `isEliminable`), rechecking
    /// the neighbours of each eliminated node. A node with four neighbours can also become
    /// eligible when two of its neighbours gain a link; it is not revisited for that (one sweep;
    /// benchmarks/RESULTS.md has the cost of a second).
    mutating func reduce() {
        var lastLink = [Int32](repeating: -1, count: n)   // per neighbour, while scanning a node
        for v in 0..<n {
            for p in slice(v) {
                let k = Int(adjacency[p])
                guard alive[k] else { continue }
                let w = other(k, than: v)
                let seen = Int(lastLink[w])
                if seen >= 0 && alive[seen] && other(seen, than: w) == v {
                    g[seen] += g[k]
                    kill(k)
                } else {
                    lastLink[w] = Int32(k)
                }
            }
        }
        for v in stride(from: n - 1, through: 0, by: -1) where neighbourCount(v) <= maximumDegree {
            pending.append(Int32(v))
        }
        while let v = pending.popLast() {
            let node = Int(v)
            guard nodeAlive[node], isEliminable(node) else { continue }
            eliminate(node)
        }
    }

    /// Kron elimination of `node`: pivot D = Σ g, each neighbour pair gains g_p·g_q/D.
    mutating func eliminate(_ node: Int) {
        var neighbours: [(node: Int, g: Double)] = []
        neighbours.reserveCapacity(maximumDegree)
        for p in slice(node) where alive[Int(adjacency[p])] {
            let k = Int(adjacency[p])
            neighbours.append((other(k, than: node), g[k]))
            kill(k)
        }
        if toSource[node] > 0 { neighbours.append((Self.sourceRail, toSource[node])) }
        if toDrain[node] > 0 { neighbours.append((Self.drainRail, toDrain[node])) }
        nodeAlive[node] = false
        toSource[node] = 0; toDrain[node] = 0; sliceCount[node] = 0
        record.eliminated.append(Int32(node))
        for entry in neighbours {
            record.neighbour.append(Int32(entry.node)); record.conductance.append(entry.g)
        }
        record.start.append(Int32(record.neighbour.count))
        var pivot = 0.0
        for entry in neighbours { pivot += entry.g }
        for p in neighbours.indices {
            for q in (p + 1)..<neighbours.count {
                connect(neighbours[p].node, neighbours[q].node, neighbours[p].g * (neighbours[q].g / pivot))
            }
        }
        for entry in neighbours where entry.node >= 0 && neighbourCount(entry.node) <= maximumDegree {
            pending.append(Int32(entry.node))
        }
    }

    /// Adds conductance `value` between `u` and `w` (interior nodes or rail codes, u ≠ w).
    mutating func connect(_ u: Int, _ w: Int, _ value: Double) {
        switch (u < 0, w < 0) {
        case (true, true): direct += value
        case (false, true): if w == Self.sourceRail { toSource[u] += value } else { toDrain[u] += value }
        case (true, false): if u == Self.sourceRail { toSource[w] += value } else { toDrain[w] += value }
        case (false, false):
            if let k = link(u, w) { g[k] += value; return }
            // A new id: dead ids may still sit in the slices of their former ends.
            let link = g.count
            ends.append((Int32(u), Int32(w))); g.append(value); alive.append(true)
            degree[u] += 1; degree[w] += 1
            append(link, to: u)
            append(link, to: w)
        }
    }

    /// Puts `link` into `v`'s slice, compacting it (dead links out) or moving it when full.
    mutating func append(_ link: Int, to v: Int) {
        if sliceCount[v] == sliceCapacity[v] {
            var kept = sliceStart[v]
            for p in slice(v) where alive[Int(adjacency[p])] {
                adjacency[kept] = adjacency[p]; kept += 1
            }
            sliceCount[v] = Int32(kept - sliceStart[v])
        }
        if sliceCount[v] == sliceCapacity[v] {
            let moved = adjacency.count, entries = Array(adjacency[slice(v)])
            adjacency.append(contentsOf: entries)
            adjacency.append(contentsOf: repeatElement(0, count: Int(sliceCapacity[v])))
            sliceStart[v] = moved
            sliceCapacity[v] *= 2
        }
        adjacency[sliceStart[v] + Int(sliceCount[v])] = Int32(link)
        sliceCount[v] += 1
    }

    /// The kept interior nodes renumbered densely, their links and rail conductances.
    mutating func remainder() -> (Int, [Int32], [Int32], [Double], [Double], [Double], Double) {
        var index = [Int32](repeating: -1, count: n)
        var count = 0
        for v in 0..<n where nodeAlive[v] { index[v] = Int32(count); count += 1 }
        record.keptIndex = index
        var first: [Int32] = [], second: [Int32] = [], values: [Double] = []
        for k in 0..<g.count where alive[k] {
            first.append(index[Int(ends[k].0)]); second.append(index[Int(ends[k].1)]); values.append(g[k])
        }
        var toSource = [Double](repeating: 0, count: count), toDrain = toSource
        for v in 0..<n where nodeAlive[v] {
            toSource[Int(index[v])] = self.toSource[v]; toDrain[Int(index[v])] = self.toDrain[v]
        }
        return (count, first, second, values, toSource, toDrain, direct)
    }
}
