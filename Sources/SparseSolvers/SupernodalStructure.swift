import CCHOLMOD

/// The supernodal symbolic structure of a sparse Cholesky factor (CHOLMOD `cholmod_l_analyze`
/// with supernodal analysis forced), for callers that run their own elimination: the fill-reducing
/// order (CHOLMOD's choice, the better of AMD and METIS nested dissection) and the supernodes.
///
/// All indices are in the permuted (elimination) order: node `permutation[c]` is eliminated c-th.
/// Supernode s holds the consecutive columns `firstColumn[s]..<firstColumn[s + 1]`; its row pattern
/// (the rows of its frontal matrix, starting with its own columns, ascending) is
/// `rows[rowPointers[s]..<rowPointers[s + 1]]`. Supernodes come in a postorder: children first.
public struct SupernodalStructure: Sendable {
    public let permutation: [Int]
    public let firstColumn: [Int]
    public let rowPointers: [Int]
    public let rows: [Int]

    public var supernodeCount: Int { firstColumn.count - 1 }

    /// Analyses a symmetric pattern given as CSC with both triangles (rows in 0..<n, in any order,
    /// repeats allowed: parallel links). With `amdOnly` the order is AMD's alone (no METIS:
    /// thread-safe, and enough for fragmented patterns).
    public init(dimension n: Int, columnPointers: [Int], rowIndices: [Int], amdOnly: Bool = false) throws(SolverError) {
        guard n >= 1, columnPointers.count == n + 1, columnPointers.first == 0,
              columnPointers.last == rowIndices.count else {
            throw .invalidInput("supernodal pattern arrays are inconsistent with dimension \(n)")
        }
        for r in rowIndices where r < 0 || r >= n {
            throw .invalidInput("supernodal pattern row \(r) outside 0..<\(n)")
        }
        // CHOLMOD's supernodal analysis frees memory twice on columns with repeated rows (seen
        // with SuiteSparse 5.12 on a 4-node pattern with four parallel links): give it each
        // column's rows sorted and once.
        var pointers = [Int](repeating: 0, count: n + 1), unique: [Int] = []
        unique.reserveCapacity(rowIndices.count)
        for j in 0..<n {
            let start = unique.count
            unique.append(contentsOf: rowIndices[columnPointers[j]..<columnPointers[j + 1]].sorted())
            var kept = start
            for k in start..<unique.count where kept == start || unique[k] != unique[kept - 1] {
                unique[kept] = unique[k]; kept += 1
            }
            unique.removeLast(unique.count - kept)
            pointers[j + 1] = kept
        }
        let common = UnsafeMutablePointer<cholmod_common>.allocate(capacity: 1)
        cholmod_l_start(common)
        common.pointee.print = 0
        common.pointee.error_handler = nil
        common.pointee.supernodal = CHOLMOD_SUPERNODAL
        if amdOnly {
            common.pointee.nmethods = 1
            common.pointee.method.0.ordering = CHOLMOD_AMD
            common.pointee.postorder = 1
        }
        defer { cholmod_l_finish(common); common.deallocate() }
        guard var a = cholmod_l_allocate_sparse(n, n, unique.count, 1, 1, 1, CHOLMOD_PATTERN, common) else {
            throw .cholmod(status: common.pointee.status, stage: "allocate_sparse")
        }
        var aPointer: UnsafeMutablePointer<cholmod_sparse>? = a
        defer { cholmod_l_free_sparse(&aPointer, common) }
        a = aPointer!
        let ap = a.pointee.p.assumingMemoryBound(to: Int.self)
        let ai = a.pointee.i.assumingMemoryBound(to: Int.self)
        for k in 0...n { ap[k] = pointers[k] }
        for k in 0..<unique.count { ai[k] = unique[k] }
        guard let l = SymbolicAnalysis.analyze(a, common) else {
            throw .cholmod(status: common.pointee.status, stage: "analyze")
        }
        var lPointer: UnsafeMutablePointer<cholmod_factor>? = l
        defer { cholmod_l_free_factor(&lPointer, common) }
        let f = l.pointee
        guard f.is_super != 0, let perm = f.Perm, let sup = f.super, let pi = f.pi, let s = f.s else {
            throw .cholmod(status: common.pointee.status, stage: "analyze (no supernodal structure)")
        }
        let nsuper = Int(f.nsuper)
        permutation = Array(UnsafeBufferPointer(start: perm.assumingMemoryBound(to: Int.self), count: n))
        firstColumn = Array(UnsafeBufferPointer(start: sup.assumingMemoryBound(to: Int.self), count: nsuper + 1))
        rowPointers = Array(UnsafeBufferPointer(start: pi.assumingMemoryBound(to: Int.self), count: nsuper + 1))
        rows = Array(UnsafeBufferPointer(start: s.assumingMemoryBound(to: Int.self), count: rowPointers[nsuper]))
    }
}
