import Foundation
import SparseSolvers

/// Kron reduction of all interior nodes onto the two rails (B+ merged at φ = 1, B− the ground),
/// organised as a multifrontal elimination over CHOLMOD's supernodal symbolic structure
/// (fill-reducing order: CHOLMOD's choice of AMD or METIS nested dissection).
///
/// Each supernode's frontal matrix holds the links among its pivot nodes and their later
/// neighbours: the original links plus the reduced networks ("update matrices") of its children,
/// all positive. Its pivots are eliminated by `DenseKronElimination`; the reduced network of the
/// remaining rows is passed to the parent. Ground and source conductances live in global arrays,
/// which is exact because every neighbour eliminated before a node lies in its subtree.
///
/// On request the pivot columns are kept and the complementary potential ψ = 1 − φ (ψ = 1 on B−,
/// 0 on B+) is recovered by back-substitution, ψ_k = (Σ_{j later} g_kj ψ_j + g_k,ground)/d_k:
/// a weighted mean of positive terms, so ψ is accurate where φ ≈ 1 too.
struct MultifrontalKron {
    /// The source-rail-to-ground conductance, ψ = 1 − φ per interior node if requested, and
    /// Σ_k log(1 + γ_{f_k + 70}) over the pivots (f_k: front size; `KronReduction`'s rounding bound).
    struct Reduction {
        let sourceToGround: Double
        let complementaryPotentials: [Double]
        let logRoundingGrowth: Double
    }

    /// Reduces a network of `count` interior nodes with `links` (a, b, g) among them and rail
    /// conductances onto the rails.
    static func reduce(count n: Int, links: [(Int32, Int32, Double)], ground: [Double], source: [Double],
                       potentials: Bool, amdOnly: Bool = false) throws(SolverError) -> Reduction {
        guard n > 0 else { return Reduction(sourceToGround: 0, complementaryPotentials: [], logRoundingGrowth: 0) }
        // Symmetric CSC pattern (both triangles) for the symbolic analysis.
        var counts = [Int](repeating: 0, count: n + 1)
        for (a, b, _) in links { counts[Int(a) + 1] += 1; counts[Int(b) + 1] += 1 }
        for i in 0..<n { counts[i + 1] += counts[i] }
        var next = counts
        var rowIndices = [Int](repeating: 0, count: counts[n])
        for (a, b, _) in links {
            rowIndices[next[Int(a)]] = Int(b); next[Int(a)] += 1
            rowIndices[next[Int(b)]] = Int(a); next[Int(b)] += 1
        }
        let symbolic = try SupernodalStructure(dimension: n, columnPointers: counts, rowIndices: rowIndices,
                                               amdOnly: amdOnly)
        let nsuper = symbolic.supernodeCount
        var column = [Int](repeating: 0, count: n)           // node → permuted column
        for (c, node) in symbolic.permutation.enumerated() { column[node] = c }
        var supernodeOf = [Int](repeating: 0, count: n)      // permuted column → supernode
        for s in 0..<nsuper {
            for c in symbolic.firstColumn[s]..<symbolic.firstColumn[s + 1] { supernodeOf[c] = s }
        }
        // Original links, bucketed by the supernode owning their earlier-eliminated end.
        var bucketStart = [Int](repeating: 0, count: nsuper + 1)
        for (a, b, _) in links { bucketStart[supernodeOf[min(column[Int(a)], column[Int(b)])] + 1] += 1 }
        for s in 0..<nsuper { bucketStart[s + 1] += bucketStart[s] }
        var fill = bucketStart
        var bucket = [(low: Int, high: Int, g: Double)](repeating: (0, 0, 0), count: links.count)
        for (a, b, g) in links {
            let ca = column[Int(a)], cb = column[Int(b)]
            let s = supernodeOf[min(ca, cb)]
            bucket[fill[s]] = (min(ca, cb), max(ca, cb), g)
            fill[s] += 1
        }
        var groundOf = symbolic.permutation.map { ground[$0] }
        var sourceOf = symbolic.permutation.map { source[$0] }
        var localRow = [Int](repeating: -1, count: n)
        var pending = [[(rows: ArraySlice<Int>, front: DenseKronElimination, pivots: Int)]](repeating: [], count: nsuper)
        var sourceToGround = 0.0
        var logGrowth = 0.0
        // Pivot columns (all front rows) and rail conductances at elimination, for ψ.
        var pivotColumns = [[Double]](repeating: [], count: potentials ? nsuper : 0)
        var pivotRails = [[(ground: Double, source: Double)]](repeating: [], count: potentials ? nsuper : 0)
        for s in 0..<nsuper {
            let rows = symbolic.rows[symbolic.rowPointers[s]..<symbolic.rowPointers[s + 1]]
            let pivots = symbolic.firstColumn[s + 1] - symbolic.firstColumn[s]
            var front = DenseKronElimination(size: rows.count)
            for (r, row) in rows.enumerated() {
                localRow[row] = r
                front.ground[r] = groundOf[row]
                front.source[r] = sourceOf[row]
            }
            for e in bucketStart[s]..<bucketStart[s + 1] {
                let (low, high, g) = bucket[e]
                front.addLink(localRow[high], localRow[low], g)
            }
            for child in pending[s] {
                let base = child.rows.startIndex + child.pivots
                let m = child.rows.count - child.pivots
                for c2 in 0..<m {
                    let target = localRow[child.rows[base + c2]]
                    for r2 in (c2 + 1)..<max(m, c2 + 1) {
                        let g = child.front.link(child.pivots + r2, child.pivots + c2)
                        if g != 0 { front.addLink(localRow[child.rows[base + r2]], target, g) }
                    }
                }
            }
            pending[s] = []
            for k in 0..<pivots { logGrowth += log1p(Rounding.gamma(Double(rows.count - k + 70))) }
            try front.eliminate(pivotCount: pivots)
            sourceToGround += front.sourceToGround
            if potentials {
                pivotColumns[s] = Array(front.links[0..<(pivots * rows.count)])
                pivotRails[s] = (0..<pivots).map { (front.ground[$0], front.source[$0]) }
            }
            for r in pivots..<rows.count {
                groundOf[rows[rows.startIndex + r]] = front.ground[r]
                sourceOf[rows[rows.startIndex + r]] = front.source[r]
            }
            if rows.count > pivots {
                pending[supernodeOf[rows[rows.startIndex + pivots]]].append((rows, front, pivots))
            }
        }
        guard potentials else {
            return Reduction(sourceToGround: sourceToGround, complementaryPotentials: [], logRoundingGrowth: logGrowth)
        }
        var psi = [Double](repeating: 0, count: n)           // by permuted column
        for s in stride(from: nsuper - 1, through: 0, by: -1) {
            let rows = symbolic.rows[symbolic.rowPointers[s]..<symbolic.rowPointers[s + 1]]
            let f = rows.count, base = rows.startIndex
            for k in stride(from: pivotRails[s].count - 1, through: 0, by: -1) {
                let (g0, s0) = pivotRails[s][k]
                var weighted = g0, pivot = g0 + s0
                for i in (k + 1)..<f {
                    let g = pivotColumns[s][k * f + i]
                    weighted += g * psi[rows[base + i]]
                    pivot += g
                }
                psi[rows[base + k]] = pivot > 0 ? weighted / pivot : 0
            }
        }
        return Reduction(sourceToGround: sourceToGround, complementaryPotentials: column.map { psi[$0] },
                         logRoundingGrowth: logGrowth)
    }
}
