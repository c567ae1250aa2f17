import Foundation
import Landscape
import SparseSolvers
@testable import Transport

/// The shared test generator also serves `Int.random(in:using:)` and friends.
extension XorShiftStar: RandomNumberGenerator {}

enum NetworkFixtures {
    /// Ion-sublattice links of an N_L lattice (open x, periodic y, z) with log g from `logG`;
    /// links for which `logG` returns nil are absent. Plane 0 is B+, plane N_L − 1 is B−.
    static func lattice(edge: Int, latticeConstant: Double = 5e-10,
                        logG: (Int, Int) -> Double?) throws -> ConductanceNetwork {
        try ConductanceNetwork.cubicLattice(edge: edge, latticeConstant: latticeConstant, logConductance: logG)
    }

    /// A random connected network: nodes 0..<sources are B+, the next `drains` are B−, the rest
    /// interior; a random spanning tree plus `extraLinks` random links, with log g uniform in
    /// [0, log(spread)].
    static func random(nodes: Int, sources: Int, drains: Int, extraLinks: Int, spread: Double,
                       seed: UInt64) throws -> ConductanceNetwork {
        var rng = XorShiftStar(seed: seed)
        var roles = [ElectrodeRole](repeating: .interior, count: nodes)
        for i in 0..<sources { roles[i] = .source }
        for i in sources..<(sources + drains) { roles[i] = .drain }
        var links: [(Int, Int)] = []
        for i in 1..<nodes { links.append((Int.random(in: 0..<i, using: &rng), i)) }
        while links.count < nodes - 1 + extraLinks {
            let a = Int.random(in: 0..<nodes, using: &rng), b = Int.random(in: 0..<nodes, using: &rng)
            if a != b { links.append((a, b)) }
        }
        let values = links.map { _ in Double.random(in: 0...log(spread), using: &rng) }
        return try ConductanceNetwork(roles: roles, links: links, logConductances: values)
    }

    /// Independent reference: G_tot from the FULL Laplacian with Dirichlet rows for B+ (φ = 1) and
    /// B− (φ = 0), solved by dense LU (LAPACKE dgesv), current summed over all links leaving B+.
    /// Requires every node to be connected to an electrode (otherwise the matrix is singular).
    static func denseTotalConductance(_ net: ConductanceNetwork) throws -> Double {
        let n = net.nodeCount
        var a = [Double](repeating: 0, count: n * n), b = [Double](repeating: 0, count: n)
        for k in 0..<net.linkCount {
            let i = Int(net.firstNode[k]), j = Int(net.secondNode[k]), g = exp(net.logConductances[k])
            a[i * n + i] += g; a[j * n + j] += g
            a[j * n + i] -= g; a[i * n + j] -= g
        }
        for i in 0..<n where net.roles[i] != .interior {
            for c in 0..<n { a[c * n + i] = 0 }
            a[i * n + i] = 1
            b[i] = net.roles[i] == .source ? 1 : 0
        }
        let phi = try DenseLU.solve(matrix: a, dimension: n, rhs: b)
        var current = 0.0
        for k in 0..<net.linkCount {
            let i = Int(net.firstNode[k]), j = Int(net.secondNode[k]), g = exp(net.logConductances[k])
            if net.roles[i] == .source { current += g * (phi[i] - phi[j]) }
            if net.roles[j] == .source { current += g * (phi[j] - phi[i]) }
        }
        return current
    }
}

