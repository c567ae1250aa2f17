import SparseSolvers

/// Subtraction-free Kron elimination of the first `pivotCount` nodes of a dense block (a frontal
/// matrix of the multifrontal reduction; docs/model.md §6, route 2).
///
/// Link conductances live in the lower triangle of a column-major matrix (the diagonal is
/// scratch); each node also has a conductance to the ground (B−) and to the source rail (B+, φ = 1).
/// Pivots d_k = Σ_{i>k} g_ik + g_k,ground + g_k,source are fresh sums of positive terms, and every
/// update adds a product of positive numbers, so no subtraction ever happens. Blocks of
/// `panelWidth` pivots are eliminated within their panel first; the trailing block then receives
/// Σ_k g_ik g_jk / d_k as one BLAS `dsyrk` of the panel scaled by d_k^{-1/2} (positive entries,
/// so BLAS summation order cannot cancel anything).
struct DenseKronElimination {
    static let panelWidth = 64

    let size: Int
    private(set) var links: [Double]
    var ground: [Double]
    var source: [Double]
    /// Conductance created between the source rail and the ground by the eliminations.
    private(set) var sourceToGround = 0.0

    init(size: Int) {
        self.size = size
        links = [Double](repeating: 0, count: size * size)
        ground = [Double](repeating: 0, count: size)
        source = [Double](repeating: 0, count: size)
    }

    /// Adds g to the link between local nodes `row` > `column`.
    @inline(__always) mutating func addLink(_ row: Int, _ column: Int, _ g: Double) {
        links[column * size + row] += g
    }

    /// Link between local nodes `row` > `column`.
    @inline(__always) func link(_ row: Int, _ column: Int) -> Double {
        links[column * size + row]
    }

    /// Eliminates nodes 0..<pivotCount; the links among the remaining nodes (lower triangle of the
    /// trailing block) and their ground/source conductances then describe the reduced network.
    mutating func eliminate(pivotCount: Int) throws(SolverError) {
        let n = size
        var pivots = [Double](repeating: 0, count: Self.panelWidth)
        var panel: [Double] = []
        var p0 = 0
        while p0 < pivotCount {
            let p1 = min(pivotCount, p0 + Self.panelWidth)
            // 1. Eliminate the panel's pivots, updating the panel columns (all live rows).
            links.withUnsafeMutableBufferPointer { g in
                for k in p0..<p1 {
                    let ck = k * n
                    var d = ground[k] + source[k]
                    for i in (k + 1)..<n { d += g[ck + i] }
                    pivots[k - p0] = d
                    guard d > 0 else { continue }   // an isolated node carries nothing
                    let inverse = 1 / d
                    let groundRatio = ground[k] * inverse, sourceRatio = source[k] * inverse
                    sourceToGround += source[k] * groundRatio
                    for k2 in (k + 1)..<p1 {
                        let gk2 = g[ck + k2]
                        guard gk2 > 0 else { continue }
                        ground[k2] += gk2 * groundRatio
                        source[k2] += gk2 * sourceRatio
                        let f = gk2 * inverse
                        let c2 = k2 * n
                        for i in (k2 + 1)..<n { g[c2 + i] += g[ck + i] * f }
                    }
                }
            }
            guard p1 < n else { break }
            // 2. Trailing rows p1..<n: ground/source from the panel, links by dsyrk.
            let m = n - p1, width = p1 - p0
            panel.removeAll(keepingCapacity: true)
            panel.reserveCapacity(m * width)
            for k in p0..<p1 {
                let d = pivots[k - p0]
                let ck = k * n
                guard d > 0 else { panel.append(contentsOf: repeatElement(0, count: m)); continue }
                let groundRatio = ground[k] / d, sourceRatio = source[k] / d
                let scale = 1 / d.squareRoot()
                for i in p1..<n {
                    let gik = links[ck + i]
                    ground[i] += gik * groundRatio
                    source[i] += gik * sourceRatio
                    panel.append(gik * scale)
                }
            }
            try DenseBLAS.addLowerGram(panel, rows: m, columns: width, into: &links,
                                       offset: p1 * n + p1, leadingDimension: n)
            p0 = p1
        }
    }
}
