import Foundation

/// A two-terminal resistor network reduced exactly before it is factorised (SPEC §6, route 1).
///
/// Every B+ node is at φ = 1 and every B− node at φ = 0, so all of B+ is merged into one source
/// rail and all of B− into one drain rail (links inside a rail carry no current and vanish). Then,
/// until none applies, interior nodes are removed by rules that leave G_tot unchanged:
/// - **dead end**: a node with one neighbour carries no current (its potential just copies the
///   neighbour's); it and its link are dropped, and so is a node whose links all go to one
///   neighbour;
/// - **series**: a node with exactly two neighbours u ≠ v is replaced by one link u–v of
///   conductance g₁g₂/(g₁ + g₂), the Kron reduction of that node (seed 000 eq. (12));
/// - **parallel**: links between the same two nodes are merged into one with g₁ + g₂.
/// A link between the two rails becomes the direct conductance. Every rule forms sums and
/// products of positive numbers only, so the reduction adds nothing but rounding (a few ulp per
/// rule along a chain) to G_tot.
///
/// What remains is the interior nodes with at least three distinct neighbours: the Laplacian
/// G_LL over them and the conductances of each to the two rails.
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

    /// Reduces `network`, with conductances g = exp(log g − `logScale`).
    init(_ network: ConductanceNetwork, logScale: Double) {
        var graph = ReducibleGraph(network, logScale: logScale)
        graph.reduce()
        (interiorCount, firstNode, secondNode, conductances, toSource, toDrain, direct) = graph.remainder()
    }
}

/// The mutable multigraph behind `RailNetwork`: interior nodes 0..<n, source rail n, drain rail
/// n + 1; each node's adjacency is a fixed slice of link ids (a series rule reuses the slots).
private struct ReducibleGraph {
    let n: Int
    var ends: [(Int32, Int32)]
    var g: [Double]
    var alive: [Bool]
    var adjacencyStart: [Int]
    var adjacency: [Int32]
    /// Alive links at each node.
    var degree: [Int32]
    var nodeAlive: [Bool]
    var direct = 0.0
    var pending: [Int32] = []

    var source: Int { n }
    var drain: Int { n + 1 }
    func isRail(_ v: Int) -> Bool { v >= n }

    init(_ network: ConductanceNetwork, logScale: Double) {
        var index = [Int32](repeating: 0, count: network.nodeCount)
        var count = 0
        for (i, role) in network.roles.enumerated() where role == .interior { index[i] = Int32(count); count += 1 }
        n = count
        for (i, role) in network.roles.enumerated() {
            switch role {
            case .interior: continue
            case .source: index[i] = Int32(count)
            case .drain: index[i] = Int32(count + 1)
            }
        }
        var ends: [(Int32, Int32)] = [], g: [Double] = []
        ends.reserveCapacity(network.linkCount); g.reserveCapacity(network.linkCount)
        var degree = [Int32](repeating: 0, count: count + 2)
        var direct = 0.0
        for k in 0..<network.linkCount {
            let a = index[Int(network.firstNode[k])], b = index[Int(network.secondNode[k])]
            if a == b { continue }   // inside one rail
            let conductance = exp(network.logConductances[k] - logScale)
            if a >= count && b >= count { direct += conductance; continue }
            ends.append((a, b)); g.append(conductance)
            degree[Int(a)] += 1; degree[Int(b)] += 1
        }
        var start = [Int](repeating: 0, count: count + 3)
        for v in 0..<(count + 2) { start[v + 1] = start[v] + Int(degree[v]) }
        var fill = start
        var adjacency = [Int32](repeating: 0, count: start[count + 2])
        for (k, (a, b)) in ends.enumerated() {
            adjacency[fill[Int(a)]] = Int32(k); fill[Int(a)] += 1
            adjacency[fill[Int(b)]] = Int32(k); fill[Int(b)] += 1
        }
        self.ends = ends
        self.g = g
        alive = [Bool](repeating: true, count: g.count)
        adjacencyStart = start
        self.adjacency = adjacency
        self.degree = degree
        nodeAlive = [Bool](repeating: true, count: count)
        self.direct = direct
    }

    func other(_ link: Int, than v: Int) -> Int {
        let (a, b) = ends[link]
        return Int(a) == v ? Int(b) : Int(a)
    }

    mutating func kill(_ link: Int) {
        alive[link] = false
        let (a, b) = ends[link]
        degree[Int(a)] -= 1; degree[Int(b)] -= 1
        if !isRail(Int(a)) && degree[Int(a)] <= 2 { pending.append(a) }
        if !isRail(Int(b)) && degree[Int(b)] <= 2 { pending.append(b) }
    }

    /// Merges parallel links at every node, then applies the dead-end and series rules to the
    /// nodes of degree ≤ 2 until none is left.
    mutating func reduce() {
        var lastLink = [Int32](repeating: -1, count: n + 2)   // per neighbour, while scanning a node
        for v in 0..<(n + 2) {
            for p in adjacencyStart[v]..<adjacencyStart[v + 1] {
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
        for v in 0..<n where degree[v] <= 2 { pending.append(Int32(v)) }
        while let v = pending.popLast() {
            let node = Int(v)
            guard nodeAlive[node], degree[node] <= 2 else { continue }
            var links = (first: -1, second: -1)
            for p in adjacencyStart[node]..<adjacencyStart[node + 1] where alive[Int(adjacency[p])] {
                if links.first < 0 { links.first = Int(adjacency[p]) } else { links.second = Int(adjacency[p]) }
            }
            nodeAlive[node] = false
            if links.first < 0 { continue }
            if links.second < 0 { kill(links.first); continue }
            let u = other(links.first, than: node), w = other(links.second, than: node)
            if u == w { kill(links.first); kill(links.second); continue }   // a loop hanging off u
            series(node, links.first, links.second, u, w)
        }
    }

    /// Replaces node–u (link `a`) and node–w (link `b`) by one link u–w in `a`'s slots.
    mutating func series(_ node: Int, _ a: Int, _ b: Int, _ u: Int, _ w: Int) {
        let g1 = g[a], g2 = g[b]
        let combined = g1 * (g2 / (g1 + g2))
        alive[b] = false
        degree[node] = 0
        if isRail(u) && isRail(w) {   // source rail to drain rail
            alive[a] = false
            degree[u] -= 1; degree[w] -= 1
            direct += combined
            return
        }
        // An existing u–w link takes the new conductance in parallel.
        let (scan, target) = degree[u] <= degree[w] ? (u, w) : (w, u)
        for p in adjacencyStart[scan]..<adjacencyStart[scan + 1] {
            let k = Int(adjacency[p])
            if k != a && alive[k] && other(k, than: scan) == target {
                g[k] += combined
                alive[a] = false
                degree[u] -= 1; degree[w] -= 1
                if !isRail(u) && degree[u] <= 2 { pending.append(Int32(u)) }
                if !isRail(w) && degree[w] <= 2 { pending.append(Int32(w)) }
                return
            }
        }
        ends[a] = (Int32(u), Int32(w))
        g[a] = combined
        for p in adjacencyStart[w]..<adjacencyStart[w + 1] where Int(adjacency[p]) == b {
            adjacency[p] = Int32(a)
            break
        }
    }

    /// The kept interior nodes renumbered densely, their links and rail conductances.
    func remainder() -> (Int, [Int32], [Int32], [Double], [Double], [Double], Double) {
        var index = [Int32](repeating: -1, count: n)
        var count = 0
        for v in 0..<n where nodeAlive[v] { index[v] = Int32(count); count += 1 }
        var first: [Int32] = [], second: [Int32] = [], values: [Double] = []
        var toSource = [Double](repeating: 0, count: count), toDrain = [Double](repeating: 0, count: count)
        for k in 0..<g.count where alive[k] {
            let (a, b) = (Int(ends[k].0), Int(ends[k].1))
            switch (isRail(a), isRail(b)) {
            case (false, false):
                first.append(index[a]); second.append(index[b]); values.append(g[k])
            case (false, true):
                if b == source { toSource[Int(index[a])] += g[k] } else { toDrain[Int(index[a])] += g[k] }
            case (true, false):
                if a == source { toSource[Int(index[b])] += g[k] } else { toDrain[Int(index[b])] += g[k] }
            case (true, true):
                continue   // rail–rail links were turned into `direct` on input
            }
        }
        return (count, first, second, values, toSource, toDrain, direct)
    }
}
