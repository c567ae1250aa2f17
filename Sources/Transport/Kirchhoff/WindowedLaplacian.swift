import SparseSolvers

/// The linear system route 1 factorises (docs/model.md, "Route 1"): G_LL φ = g_+ over the interior
/// nodes kept after the window and the exact reductions (`RailNetwork`), in units of g_b.
/// G_LL has `diagonal` on its diagonal and −g off it for each link (first, second, g); g_+ holds
/// each node's conductance to B+ (at φ = 1; B− is at 0).
public struct WindowedLaplacian: Sendable {
    public let dimension: Int
    public let diagonal: [Double]
    public let firstNode: [Int32]
    public let secondNode: [Int32]
    public let conductances: [Double]
    /// g_+, the right-hand side.
    public let rhs: [Double]

    /// - Precondition: every array matches `dimension` (`diagonal`, `rhs`) or the link count.
    public init(dimension: Int, diagonal: [Double], firstNode: [Int32], secondNode: [Int32], conductances: [Double],
                rhs: [Double]) {
        precondition(diagonal.count == dimension && rhs.count == dimension
                     && firstNode.count == conductances.count && secondNode.count == conductances.count)
        self.dimension = dimension
        self.diagonal = diagonal
        self.firstNode = firstNode
        self.secondNode = secondNode
        self.conductances = conductances
        self.rhs = rhs
    }

    /// G_LL as a sparse symmetric matrix.
    public func matrix() throws(SolverError) -> SymmetricSparseMatrix {
        try SymmetricSparseMatrix(diagonal: diagonal, offDiagonalRows: firstNode, offDiagonalColumns: secondNode,
                                  offDiagonalValues: conductances.map { -$0 })
    }

    /// The entries of G_LL (both triangles once each: the diagonal and the links (first, second))
    /// whose row lies in `rows`, as (row, column, value), for backends that take distributed input.
    public func entries(inRows rows: Range<Int>) -> (rows: [Int32], columns: [Int32], values: [Double]) {
        var r: [Int32] = [], c: [Int32] = [], v: [Double] = []
        r.reserveCapacity(rows.count); c.reserveCapacity(rows.count); v.reserveCapacity(rows.count)
        for i in rows {
            r.append(Int32(i)); c.append(Int32(i)); v.append(diagonal[i])
        }
        for k in conductances.indices where rows.contains(Int(firstNode[k])) {
            r.append(firstNode[k]); c.append(secondNode[k]); v.append(-conductances[k])
        }
        return (r, c, v)
    }

    /// g_+ − G_LL·x, each entry accumulated in double-double and rounded once: the residual of
    /// iterative refinement, resolved to ~1e-32 of its terms.
    public func residual(of x: [DoubleDouble]) -> [Double] {
        var r = rhs.map(DoubleDouble.init)
        for i in r.indices {
            r[i].addProduct(-diagonal[i], x[i].hi)
            r[i].addProduct(-diagonal[i], x[i].lo)
        }
        for k in conductances.indices {
            let (u, v, g) = (Int(firstNode[k]), Int(secondNode[k]), conductances[k])
            r[u].addProduct(g, x[v].hi); r[u].addProduct(g, x[v].lo)
            r[v].addProduct(g, x[u].hi); r[v].addProduct(g, x[u].lo)
        }
        return r.map { $0.hi + $0.lo }
    }
}

extension RailNetwork {
    /// G_LL φ = g_+ of the kept interior nodes.
    var laplacian: WindowedLaplacian {
        var diagonal = toSource
        for i in 0..<interiorCount { diagonal[i] += toDrain[i] }
        for k in conductances.indices {
            diagonal[Int(firstNode[k])] += conductances[k]
            diagonal[Int(secondNode[k])] += conductances[k]
        }
        return WindowedLaplacian(dimension: interiorCount, diagonal: diagonal, firstNode: firstNode, secondNode: secondNode,
                                 conductances: conductances, rhs: toSource)
    }
}
