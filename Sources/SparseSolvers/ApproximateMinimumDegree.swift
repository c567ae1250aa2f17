import CCHOLMOD

/// Fill-reducing ordering of a symmetric sparsity pattern by approximate minimum degree
/// (SuiteSparse AMD, `amd_l_order`), for callers that eliminate nodes themselves
/// (e.g. iterative Kron reduction of a conductance network).
public enum ApproximateMinimumDegree {
    /// Returns the permutation `p` (elimination order: `p[0]` first) of the nodes of an
    /// undirected graph given as a symmetric CSC pattern (both triangles; the diagonal and
    /// unsorted or duplicated row indices are accepted, AMD ignores or cleans them).
    /// - Throws: `SolverError.invalidInput` when the pattern is inconsistent,
    ///   `.cholmod(status:stage:)` when AMD runs out of memory.
    public static func order(dimension n: Int, columnPointers: [Int], rowIndices: [Int]) throws(SolverError) -> [Int] {
        guard n >= 0, columnPointers.count == n + 1, columnPointers.first == 0,
              columnPointers.last == rowIndices.count else {
            throw .invalidInput("AMD pattern arrays are inconsistent with dimension \(n)")
        }
        if n == 0 { return [] }
        var permutation = [Int](repeating: 0, count: n)
        let status = columnPointers.withUnsafeBufferPointer { p in
            rowIndices.withUnsafeBufferPointer { i in
                permutation.withUnsafeMutableBufferPointer { out in
                    amd_l_order(n, p.baseAddress, i.baseAddress, out.baseAddress, nil, nil)
                }
            }
        }
        // AMD_OK = 0, AMD_OK_BUT_JUMBLED = 1 (valid ordering), AMD_OUT_OF_MEMORY = −1, AMD_INVALID = −2.
        switch status {
        case 0, 1: return permutation
        case -2: throw .invalidInput("AMD rejected the pattern (dimension \(n), \(rowIndices.count) entries)")
        default: throw .cholmod(status: Int32(truncatingIfNeeded: status), stage: "amd_l_order")
        }
    }
}
