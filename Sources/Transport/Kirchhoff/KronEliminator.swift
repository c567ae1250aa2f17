import Foundation
import SparseSolvers

/// Sparse Kron elimination keeping every B+ node, for the matrix G of eq. (11):
/// a symmetric adjacency that grows by fill, and per-node conductances to the ground (B−).
struct KronEliminator {
    private let roles: [ElectrodeRole]
    /// Neighbours and link conductances of each live node (both directions stored).
    private var neighbours: [[Int32]]
    private var weights: [[Double]]
    /// g_i,ground: conductance of node i to B− (φ = 0).
    private var ground: [Double]
    private var eliminated = 0
    /// Σ_k log(1 + γ_{deg_k + 4}) over the pivots and the exps' rounding (`KronReduction`'s bound).
    private var logRoundingGrowth = 0.0

    init(network: ConductanceNetwork, logScale: Double) {
        roles = network.roles
        let n = network.nodeCount
        neighbours = [[Int32]](repeating: [], count: n)
        weights = [[Double]](repeating: [], count: n)
        ground = [Double](repeating: 0, count: n)
        var largestX = 0.0
        for k in 0..<network.linkCount {
            let a = Int(network.firstNode[k]), b = Int(network.secondNode[k])
            largestX = max(largestX, abs(network.logConductances[k] - logScale))
            let g = exp(network.logConductances[k] - logScale)
            switch (roles[a], roles[b]) {
            case (.drain, .drain):
                continue                                  // both at φ = 0: no current
            case (.source, .source):
                addLink(a, b, g)                          // no current, but part of G_{++}
            case (.drain, _):
                ground[b] += g
            case (_, .drain):
                ground[a] += g
            default:
                addLink(a, b, g)
            }
        }
        logRoundingGrowth = log1p(KronReduction.gamma(largestX + 2))
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

    /// Fill-reducing order of the interior nodes (CHOLMOD's choice of AMD or METIS nested
    /// dissection), computed on the interior–interior link pattern.
    func eliminationOrder() throws(TransportError) -> [Int] {
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
            guard !interior.isEmpty else { return [] }
            let symbolic = try SupernodalStructure(dimension: interior.count, columnPointers: pointers, rowIndices: rows)
            return symbolic.permutation.map { interior[$0] }
        } catch {
            throw .computationFailed("fill-reducing ordering of \(interior.count) interior nodes failed: \(error)")
        }
    }

    /// Eliminates the nodes in `order` (interior nodes only).
    mutating func eliminate(_ order: [Int]) {
        // slot[j] = index of j in the pivot's neighbour list (−1 otherwise); seen[b] = the last
        // neighbour i whose list already held the pivot's b-th neighbour.
        var slot = [Int32](repeating: -1, count: roles.count)
        var seen: [Int32] = []
        var ratio: [Double] = []
        for k in order {
            let nk = neighbours[k], wk = weights[k]
            neighbours[k] = []; weights[k] = []
            var pivot = ground[k]
            for w in wk { pivot += w }
            eliminated += 1
            logRoundingGrowth += log1p(KronReduction.gamma(Double(wk.count + 4)))
            guard pivot > 0 else { continue }   // isolated node: nothing flows through it
            let groundRatio = ground[k] / pivot
            let m = nk.count
            ratio.removeAll(keepingCapacity: true)
            seen.removeAll(keepingCapacity: true)
            for b in 0..<m {
                ratio.append(wk[b] / pivot)
                seen.append(-1)
                slot[Int(nk[b])] = Int32(b)
            }
            for a in 0..<m {
                let i = Int(nk[a]), gik = wk[a]
                var li = neighbours[i], wi = weights[i]
                neighbours[i] = []; weights[i] = []
                // One pass over i's list: add to the links i already has with k's neighbours.
                var pivotPosition = -1
                for p in 0..<li.count {
                    let j = Int(li[p])
                    if j == k { pivotPosition = p; continue }
                    let b = Int(slot[j])
                    guard b >= 0 else { continue }
                    seen[b] = Int32(a)
                    wi[p] += gik * ratio[b]
                }
                // Remove k from i's list, then append the fill links.
                let last = li.count - 1
                if pivotPosition != last { li[pivotPosition] = li[last]; wi[pivotPosition] = wi[last] }
                li.removeLast(); wi.removeLast()
                for b in 0..<m where b != a && seen[b] != Int32(a) {
                    let j = Int(nk[b])
                    li.append(Int32(j)); wi.append(gik * ratio[b])
                }
                ground[i] += gik * groundRatio
                neighbours[i] = li; weights[i] = wi
            }
            for j in nk { slot[Int(j)] = -1 }
        }
    }

    /// Collects G_tot, the row sums and G of eq. (11), scaled back by e^{logScale}.
    func solution(logScale: Double, extraBound: Double) -> KronSolution {
        let scale = exp(logScale)
        let sources = roles.indices.filter { roles[$0] == .source }
        var total = 0.0
        for p in sources { total += ground[p] }
        let m = sources.count
        var column = [Int](repeating: -1, count: roles.count)
        for (c, p) in sources.enumerated() { column[p] = c }
        var matrix = [Double](repeating: 0, count: m * m)
        for (c, p) in sources.enumerated() {
            var diagonal = ground[p]
            for (j, w) in zip(neighbours[p], weights[p]) {
                diagonal += w
                matrix[c * m + column[Int(j)]] = -w * scale
            }
            matrix[c * m + c] = diagonal * scale
        }
        return KronSolution(total: total, logScale: logScale, sourceNodes: sources, rowSums: sources.map { ground[$0] * scale },
                            matrix: matrix, eliminatedCount: eliminated,
                            roundingBound: expm1(logRoundingGrowth + log1p(KronReduction.gamma(Double(sources.count))))
                                + extraBound)
    }
}
