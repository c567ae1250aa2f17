import Foundation

/// The network seen through a conductance window [g_b/W, W·g_b] around the bottleneck g_b
/// (route 1, docs/model.md): links above W·g_b are near-shorts and are contracted into
/// super-nodes, links below g_b/W are dropped, and clusters that no longer span are removed.
///
/// A super-node holding a B+ (B−) node becomes part of B+ (B−). It can never hold both: a chain
/// of links all above W·g_b ≥ g_b joining B+ to B− would make the bottleneck exceed W·g_b.
///
/// Besides the windowed network it keeps the maps that the certified bracket
/// (`VariationalBracket`) needs to carry a windowed solution back to the whole network.
struct ConductanceWindow: Sendable {
    /// The contracted, truncated, pruned network (log-conductances unchanged); nil if nothing spans
    /// or once taken by `takeNetwork()`.
    private(set) var network: ConductanceNetwork?
    /// Nodes of the windowed network.
    let windowNodeCount: Int
    /// True when no link was contracted or dropped: the window holds the whole network.
    let coversWholeNetwork: Bool
    /// Links with log g above this are contracted, links below `logLower` dropped.
    let logUpper: Double
    let logLower: Double
    /// The super-node (contracted node) of each node of the network that was windowed.
    let contractedNode: [Int32]
    /// Electrode role of each super-node.
    let contractedRoles: [ElectrodeRole]
    /// The node of `network` of each super-node, −1 where the pruning removed it.
    let windowNode: [Int32]

    init(_ spanning: ConductanceNetwork, logBottleneck: Double, window: Double) {
        let logW = log(window)
        let upper = logBottleneck + logW, lower = logBottleneck - logW
        logUpper = upper; logLower = lower
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
        contractedNode = superIndex
        contractedRoles = roles
        let contracted = ConductanceNetwork(roles: roles, firstNode: first, secondNode: second,
                                            logConductances: logG, geometry: spanning.geometry)
        if let (pruned, index) = contracted.spanningPartWithIndex() {
            network = pruned
            windowNode = index
            windowNodeCount = pruned.nodeCount
        } else {
            network = nil
            windowNode = [Int32](repeating: -1, count: roles.count)
            windowNodeCount = 0
        }
    }

    /// Hands the windowed network over and forgets it, so that it can be released early.
    mutating func takeNetwork() -> ConductanceNetwork? {
        defer { network = nil }
        return network
    }
}
