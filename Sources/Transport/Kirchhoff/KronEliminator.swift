import Foundation
import SparseSolvers

/// The mutable state of one Kron reduction: a symmetric sparse adjacency that grows by fill,
/// per-node conductances to the ground (B−) and, when B+ is merged, to the source rail.
struct KronEliminator {
    private let output: KronBoundaryOutput
    private let roles: [ElectrodeRole]
    /// Neighbours and link conductances of each live node (both directions stored).
    private var neighbours: [[Int32]]
    private var weights: [[Double]]
    /// g_i,ground: conductance of node i to B− (φ = 0).
    private var ground: [Double]
    /// g_i,source: conductance of node i to the merged B+ rail (φ = 1), `.totalOnly` only.
    private var source: [Double]
    /// Conductance directly between the B+ rail and the ground, `.totalOnly` only.
    private var sourceToGround = 0.0
    private var eliminated = 0

    init(network: ConductanceNetwork, logScale: Double, output: KronBoundaryOutput) {
        self.output = output
        roles = network.roles
        let n = network.nodeCount
        neighbours = [[Int32]](repeating: [], count: n)
        weights = [[Double]](repeating: [], count: n)
        ground = [Double](repeating: 0, count: n)
        source = [Double](repeating: 0, count: n)
        let mergeSource = output == .totalOnly
        for k in 0..<network.linkCount {
            let a = Int(network.firstNode[k]), b = Int(network.secondNode[k])
            let g = exp(network.logConductances[k] - logScale)
            switch (roles[a], roles[b]) {
            case (.drain, .drain):
                continue                                  // both at φ = 0: no current
            case (.source, .source):
                if output == .matrix { addLink(a, b, g) }  // no current, but part of G_{++}
            case (.drain, _):
                if mergeSource && roles[b] == .source { sourceToGround += g } else { ground[b] += g }
            case (_, .drain):
                if mergeSource && roles[a] == .source { sourceToGround += g } else { ground[a] += g }
            case (.source, .interior) where mergeSource:
                source[b] += g
            case (.interior, .source) where mergeSource:
                source[a] += g
            default:
                addLink(a, b, g)
            }
        }
    }

    private mutating func addLink(_ a: Int, _ b: Int, _ g: Double) {
        if let p = neighbours[a].firstIndex(of: Int32(b)) {
            weights[a][p] += g
            weights[b][neighbours[b].firstIndex(of: Int32(a))!] += g
        } else {
            neighbours[a].append(Int32(b)); weights[a].append(g)
            neighbours[b].append(Int32(a)); weights[b].append(g)
        }
    }

    /// AMD order of the interior nodes, computed on the interior–interior link pattern.
    func eliminationOrder() throws(ConductivityError) -> [Int] {
        var local = [Int](repeating: -1, count: roles.count)
        var interior: [Int] = []
        for (i, role) in roles.enumerated() where role == .interior {
            local[i] = interior.count
            interior.append(i)
        }
        var pointers = [0], rows: [Int] = []
        pointers.reserveCapacity(interior.count + 1)
        for i in interior {
            for j in neighbours[i] where local[Int(j)] >= 0 { rows.append(local[Int(j)]) }
            pointers.append(rows.count)
        }
        do {
            let order = try ApproximateMinimumDegree.order(dimension: interior.count, columnPointers: pointers,
                                                           rowIndices: rows)
            return order.map { interior[$0] }
        } catch {
            throw .solverFailure("AMD ordering of \(interior.count) interior nodes failed: \(error)")
        }
    }

    /// Eliminates the nodes in `order` (interior nodes only).
    mutating func eliminate(_ order: [Int]) {
        var position = [Int32](repeating: -1, count: roles.count)
        var ratio: [Double] = []
        let skipSourcePairs = output == .rowSums
        for k in order {
            let nk = neighbours[k], wk = weights[k]
            neighbours[k] = []; weights[k] = []
            var pivot = ground[k] + source[k]
            for w in wk { pivot += w }
            guard pivot > 0 else { continue }   // isolated node: nothing flows through it
            let groundRatio = ground[k] / pivot, sourceRatio = source[k] / pivot
            sourceToGround += source[k] * groundRatio
            ratio.removeAll(keepingCapacity: true)
            for w in wk { ratio.append(w / pivot) }
            for a in 0..<nk.count {
                let i = Int(nk[a]), gik = wk[a]
                var li = neighbours[i], wi = weights[i]
                neighbours[i] = []; weights[i] = []
                for p in 0..<li.count { position[Int(li[p])] = Int32(p) }
                // Remove k from i's list.
                let pk = Int(position[k])
                let last = li.count - 1
                if pk != last {
                    li[pk] = li[last]; wi[pk] = wi[last]
                    position[Int(li[pk])] = Int32(pk)
                }
                li.removeLast(); wi.removeLast()
                position[k] = -1
                let iIsSource = roles[i] == .source
                for b in 0..<nk.count where b != a {
                    let j = Int(nk[b])
                    if skipSourcePairs && iIsSource && roles[j] == .source { continue }
                    let term = gik * ratio[b]
                    let p = position[j]
                    if p >= 0 {
                        wi[Int(p)] += term
                    } else {
                        position[j] = Int32(li.count)
                        li.append(Int32(j)); wi.append(term)
                    }
                }
                for j in li { position[Int(j)] = -1 }
                ground[i] += gik * groundRatio
                source[i] += gik * sourceRatio
                neighbours[i] = li; weights[i] = wi
            }
            eliminated += 1
        }
    }

    /// Collects G_tot, and the row sums / matrix of eq. (11), scaled back by e^{logScale}.
    func solution(logScale: Double) -> KronSolution {
        let scale = exp(logScale)
        if output == .totalOnly {
            return KronSolution(totalConductance: sourceToGround * scale,
                                logTotalConductance: log(sourceToGround) + logScale, sourceNodes: [],
                                rowSums: [], matrix: [], eliminatedCount: eliminated)
        }
        let sources = roles.indices.filter { roles[$0] == .source }
        var total = 0.0
        for p in sources { total += ground[p] }
        var matrix: [Double] = []
        if output == .matrix {
            let m = sources.count
            var column = [Int](repeating: -1, count: roles.count)
            for (c, p) in sources.enumerated() { column[p] = c }
            matrix = [Double](repeating: 0, count: m * m)
            for (c, p) in sources.enumerated() {
                var diagonal = ground[p]
                for (j, w) in zip(neighbours[p], weights[p]) {
                    diagonal += w
                    matrix[c * m + column[Int(j)]] = -w * scale
                }
                matrix[c * m + c] = diagonal * scale
            }
        }
        return KronSolution(totalConductance: total * scale, logTotalConductance: log(total) + logScale,
                            sourceNodes: sources, rowSums: sources.map { ground[$0] * scale },
                            matrix: matrix, eliminatedCount: eliminated)
    }
}
