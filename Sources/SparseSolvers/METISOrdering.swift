import CMETIS
import Foundation

/// METIS 5 nested dissection (`METIS_NodeND`; Karypis & Kumar, SIAM J. Sci. Comput. 20, 359
/// (1998)) of a symmetric matrix's graph, called directly rather than through CHOLMOD so that
/// its options can be set.
///
/// Options: one refinement iteration per level instead of ten, and no compression of
/// indistinguishable vertices: on route 1's reduced matrices this orders about a quarter faster
/// than METIS's defaults for a factor of the same size (benchmarks/RESULTS.md, "METIS options").
///
/// METIS draws from the C library's process-wide `rand()` state, reseeded at every call, so
/// calls are serialised by `lock` (which `SymbolicAnalysis` also takes when CHOLMOD may call
/// METIS itself): each call then sees the same random sequence and the ordering, and every
/// later rounding, is a function of the matrix alone.
public enum METISOrdering {
    static let lock = NSLock()
    static let refinementIterations: Int32 = 1
    static let seed: Int32 = 0

    /// The elimination order of `matrix` (`order[k]` is the column eliminated k-th), the
    /// `Perm` convention of CHOLMOD.
    public static func order(of matrix: SymmetricSparseMatrix) throws(SolverError) -> [Int] {
        precondition(ionscape_metis_idx_width() == 32, "METIS idx_t must be 32-bit")
        let n = matrix.dimension
        guard n > 0 else { return [] }
        guard matrix.rowIndices.count < Int(Int32.max) / 2 else {
            throw .invalidInput("matrix too large for 32-bit METIS indices (\(matrix.rowIndices.count) entries)")
        }
        // The graph of A (both directions of every off-diagonal entry, no self loops) in CSR.
        var start = [Int32](repeating: 0, count: n + 1)
        for j in 0..<n {
            for p in matrix.columnPointers[j]..<matrix.columnPointers[j + 1] where matrix.rowIndices[p] != j {
                start[j + 1] += 1
                start[matrix.rowIndices[p] + 1] += 1
            }
        }
        for v in 0..<n { start[v + 1] += start[v] }
        var fill = Array(start.dropLast())
        var adjacency = [Int32](repeating: 0, count: Int(start[n]))
        for j in 0..<n {
            for p in matrix.columnPointers[j]..<matrix.columnPointers[j + 1] where matrix.rowIndices[p] != j {
                let i = matrix.rowIndices[p]
                adjacency[Int(fill[j])] = Int32(i); fill[j] += 1
                adjacency[Int(fill[i])] = Int32(j); fill[i] += 1
            }
        }
        var options = [idx_t](repeating: 0, count: Int(METIS_NOPTIONS))
        METIS_SetDefaultOptions(&options)
        options[Int(METIS_OPTION_NITER.rawValue)] = refinementIterations
        options[Int(METIS_OPTION_COMPRESS.rawValue)] = 0
        options[Int(METIS_OPTION_SEED.rawValue)] = seed
        var vertices = idx_t(n)
        var order = [idx_t](repeating: 0, count: n), inverse = [idx_t](repeating: 0, count: n)
        lock.lock()
        let status = METIS_NodeND(&vertices, &start, &adjacency, nil, &options, &order, &inverse)
        lock.unlock()
        guard status == ionscape_metis_ok() else {
            throw .cholmod(status: Int32(status), stage: "METIS_NodeND")
        }
        return order.map { Int($0) }
    }
}
