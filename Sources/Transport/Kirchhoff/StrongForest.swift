/// A spanning forest of a network rooted at its electrode nodes, grown greedily from the
/// strongest links (Kruskal's algorithm on log g, bucketed at a resolution of e^{1/2}, the
/// contracted links above `logStrong` first; a link is taken unless it closes a cycle or joins two
/// trees that each hold an electrode), listed parents before children.
struct StrongForest {
    /// The link to the parent of each node (−1 for roots and for nodes left out).
    let parentLink: [Int32]
    /// Nodes reached from the roots, parents first.
    let order: [Int32]
    /// Whether each link of the network is a forest link.
    let isTreeLink: [Bool]

    init(_ network: ConductanceNetwork, logScale: Double, logStrong: Double) {
        let n = network.nodeCount, m = network.linkCount
        // Buckets: 0 for log g − log g_b ≤ −200, then steps of ½ up to +200, one on top for the
        // contracted links; links sorted by decreasing bucket (counting sort).
        let top = 801
        var key = [UInt16](repeating: 0, count: m)
        var count = [Int](repeating: 0, count: top + 2)
        for k in 0..<m {
            let v = network.logConductances[k]
            let b = v > logStrong ? top : min(max(Int(((v - logScale) + 200) * 2), 0), top - 1)
            key[k] = UInt16(top - b)
            count[top - b + 1] += 1
        }
        for b in 0...top { count[b + 1] += count[b] }
        var sorted = [Int32](repeating: 0, count: m)
        for k in 0..<m {
            let b = Int(key[k])
            sorted[count[b]] = Int32(k); count[b] += 1
        }
        var sets = DisjointSets(count: n)
        for v in 0..<n where network.roles[v] != .interior { sets.mark(v, boundary: 1) }
        var treeStart = [Int32](repeating: 0, count: n + 1)
        var isTreeLink = [Bool](repeating: false, count: m)
        var treeLinks: [Int32] = []
        treeLinks.reserveCapacity(n)
        for k32 in sorted {
            let k = Int(k32), f = Int(network.firstNode[k]), s = Int(network.secondNode[k])
            let rf = sets.find(f), rs = sets.find(s)
            guard rf != rs, sets.boundaryBits(of: rf) & sets.boundaryBits(of: rs) == 0 else { continue }
            sets.union(rf, rs)
            treeLinks.append(k32)
            isTreeLink[k] = true
            treeStart[f + 1] += 1; treeStart[s + 1] += 1
        }
        for v in 0..<n { treeStart[v + 1] += treeStart[v] }
        var adjacency = [Int32](repeating: 0, count: Int(treeStart[n]))
        do {
            var next = treeStart
            for k32 in treeLinks {
                let f = Int(network.firstNode[Int(k32)]), s = Int(network.secondNode[Int(k32)])
                adjacency[Int(next[f])] = k32; next[f] += 1
                adjacency[Int(next[s])] = k32; next[s] += 1
            }
        }
        var parentLink = [Int32](repeating: -1, count: n)
        var reached = [Bool](repeating: false, count: n)
        var order: [Int32] = []
        order.reserveCapacity(n)
        for v in 0..<n where network.roles[v] != .interior { reached[v] = true; order.append(Int32(v)) }
        var head = 0
        while head < order.count {
            let v = Int(order[head]); head += 1
            for p in Int(treeStart[v])..<Int(treeStart[v + 1]) {
                let k = Int(adjacency[p]), w = network.otherEnd(of: k, than: v)
                guard !reached[w] else { continue }
                reached[w] = true; parentLink[w] = Int32(k); order.append(Int32(w))
            }
        }
        self.parentLink = parentLink
        self.order = order
        self.isTreeLink = isTreeLink
    }
}

extension ConductanceNetwork {
    /// The end of link k that is not `v`.
    func otherEnd(of k: Int, than v: Int) -> Int {
        let a = Int(firstNode[k])
        return a == v ? Int(secondNode[k]) : a
    }
}
