/// Removal of the clusters that carry no current, and the bottleneck conductance (docs/model.md §6).
extension ConductanceNetwork {
    /// Union–find over all links, with each cluster's root knowing which electrodes it touches.
    private func electrodeClusters() -> DisjointSets {
        var sets = DisjointSets(count: nodeCount)
        for (i, role) in roles.enumerated() where role != .interior { sets.mark(i, boundary: role.rawValue) }
        for k in 0..<linkCount { sets.union(Int(firstNode[k]), Int(secondNode[k])) }
        return sets
    }

    /// The sub-network of the clusters that touch both B+ and B−, renumbered densely.
    /// Returns nil when no cluster spans, so that σ = 0 exactly and no singular system is formed.
    public func spanningPart() -> ConductanceNetwork? { spanningPartWithIndex()?.network }

    /// `spanningPart()` together with the new index of every node (−1 for removed nodes).
    func spanningPartWithIndex() -> (network: ConductanceNetwork, index: [Int32])? {
        var sets = electrodeClusters()
        var newIndex = [Int32](repeating: -1, count: nodeCount)
        var keptRoles: [ElectrodeRole] = []
        for i in 0..<nodeCount where sets.boundaryBits(of: i) == 3 {
            newIndex[i] = Int32(keptRoles.count)
            keptRoles.append(roles[i])
        }
        guard !keptRoles.isEmpty else { return nil }
        var first = [Int32](), second = [Int32](), logG = [Double]()
        first.reserveCapacity(linkCount); second.reserveCapacity(linkCount); logG.reserveCapacity(linkCount)
        for k in 0..<linkCount {
            let a = newIndex[Int(firstNode[k])]
            guard a >= 0 else { continue }   // both ends share a cluster, so both are kept or neither
            first.append(a); second.append(newIndex[Int(secondNode[k])]); logG.append(logConductances[k])
        }
        return (ConductanceNetwork(roles: keptRoles, firstNode: first, secondNode: second,
                                   logConductances: logG, geometry: geometry), newIndex)
    }

    /// log g_b of the bottleneck conductance: the largest g such that the links with
    /// conductance ≥ g connect B+ to B− (the max–min conductance of a spanning path).
    /// Exact (one of the link values); nil when nothing spans. It is the first spanning link in
    /// order of decreasing g, found by the bucketed search of docs/model.md §5 (values −log g), which
    /// sorts only the buckets above g_b.
    public func bottleneckLogConductance() -> Double? {
        let links = (0..<linkCount).map {
            ValuedLink(value: -logConductances[$0], site: Int(firstNode[$0]), neighbour: Int(secondNode[$0]))
        }
        let link = BucketedSpanningSearch.firstSpanningLink(nodeCount: nodeCount, links: links) { sets in
            for (i, role) in roles.enumerated() where role != .interior { sets.mark(i, boundary: role.rawValue) }
        }
        return link.map { -$0.value }
    }
}
