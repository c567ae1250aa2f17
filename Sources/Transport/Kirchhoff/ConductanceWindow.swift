import Foundation

/// The network seen through a conductance window [g_b/W, W·g_b] around the bottleneck g_b
/// (SPEC §6, route 1): links above W·g_b are near-shorts and are contracted into super-nodes,
/// links below g_b/W are dropped, and clusters that no longer span are removed.
///
/// A super-node holding a B+ (B−) node becomes part of B+ (B−). It can never hold both: a chain
/// of links all above W·g_b ≥ g_b joining B+ to B− would make the bottleneck exceed W·g_b.
struct ConductanceWindow: Sendable {
    /// The contracted, truncated, pruned network (log-conductances unchanged); nil if nothing spans.
    let network: ConductanceNetwork?
    /// True when no link was contracted or dropped: the window holds the whole network.
    let coversWholeNetwork: Bool

    init(_ spanning: ConductanceNetwork, logBottleneck: Double, window: Double) {
        let logW = log(window)
        let upper = logBottleneck + logW, lower = logBottleneck - logW
        let n = spanning.nodeCount
        var sets = DisjointSets(count: n)
        for (i, role) in spanning.roles.enumerated() where role != .interior { sets.mark(i, boundary: role.rawValue) }
        var touched = false
        for k in 0..<spanning.linkCount where spanning.logConductances[k] > upper {
            sets.union(Int(spanning.firstNode[k]), Int(spanning.secondNode[k]))
            touched = true
        }
        // One super-node per cluster of strong links, taking the electrode role of its members.
        var superIndex = [Int32](repeating: -1, count: n)
        var roles: [ElectrodeRole] = []
        for i in 0..<n {
            let root = sets.find(i)
            if superIndex[root] < 0 {
                superIndex[root] = Int32(roles.count)
                switch sets.boundaryBits(of: root) {
                case 1: roles.append(.source)
                case 2: roles.append(.drain)
                case 0: roles.append(.interior)
                default: preconditionFailure("a near-short joins B+ to B−, which contradicts g_b being the bottleneck")
                }
            }
            superIndex[i] = superIndex[root]
        }
        var first: [Int32] = [], second: [Int32] = [], logG: [Double] = []
        for k in 0..<spanning.linkCount {
            let v = spanning.logConductances[k]
            if v < lower { touched = true; continue }
            if v > upper { continue }
            let a = superIndex[Int(spanning.firstNode[k])], b = superIndex[Int(spanning.secondNode[k])]
            if a == b { continue }   // both ends inside one super-node
            first.append(a); second.append(b); logG.append(v)
        }
        coversWholeNetwork = !touched
        let contracted = ConductanceNetwork(roles: roles, firstNode: first, secondNode: second,
                                            logConductances: logG, geometry: spanning.geometry)
        network = contracted.spanningPart()
    }
}
