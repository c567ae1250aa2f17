/// The bottleneck conductance g_b of a periodic network (docs/model.md §14): the largest g such
/// that the links with conductance ≥ g contain a closed path that winds around the sample along
/// x, i.e. carries dc current in the bulk. Kruskal's algorithm from the strongest link, with a
/// union–find that keeps each node's x-position relative to its root: a link joining two nodes of
/// one tree closes a cycle, which winds iff the positions disagree by its step.
/// The result is log g_b, or nil when no winding path exists (the network has no dc conductivity).
enum WindingBottleneck {
    static func logConductance(of network: PeriodicNetwork) -> Double? {
        let n = network.nodeCount
        var parent = [Int32](repeating: -1, count: n)
        /// x-position of each node relative to its parent (relative to itself for roots).
        var offset = [Int32](repeating: 0, count: n)
        func find(_ i: Int) -> (root: Int, offset: Int32) {
            var x = i, total: Int32 = 0
            while parent[x] >= 0 { total &+= offset[x]; x = Int(parent[x]) }
            // Path compression: point every node on the path at the root with its full offset.
            var y = i, remaining = total
            while parent[y] >= 0 {
                let next = Int(parent[y]), step = offset[y]
                parent[y] = Int32(x); offset[y] = remaining
                remaining &-= step
                y = next
            }
            return (x, total)
        }
        let order = network.logConductances.indices.sorted { network.logConductances[$0] > network.logConductances[$1] }
        for k in order {
            let i = Int(network.firstNode[k]), j = Int(network.secondNode[k])
            let step: Int32 = network.alongX[k] ? 1 : 0
            let (ri, oi) = find(i), (rj, oj) = find(j)
            if ri == rj {
                // x_j = x_i + step along this link; the tree says x_j − x_i = oj − oi.
                if oj - oi != step { return network.logConductances[k] }
                continue
            }
            // Attach rj under ri with x_rj = x_ri + oi + step − oj.
            parent[rj] = Int32(ri)
            offset[rj] = oi &+ step &- oj
        }
        return nil
    }
}
