import CCHOLMOD

/// Fill-reducing ordering used by `CholeskyFactor`.
public enum CholeskyOrdering: Sendable {
    /// CHOLMOD's default strategy (AMD, with METIS when AMD's fill is poor).
    case automatic
    /// AMD only.
    case amd
    /// METIS nested dissection only (less fill than AMD on 3-D networks, slower to compute);
    /// computed by `METISOrdering`.
    case metis
    /// No permutation (the caller's order); useful when the failing column must be predictable.
    case natural
}

/// Fill statistics of a symbolic + numeric factorisation, for benchmarks.
public struct CholeskyStatistics: Sendable, Equatable {
    /// nnz(L) for a "pure" factor (CHOLMOD `Common->lnz`).
    public let factorNonzeros: Double
    /// Flop count of a simplicial LL′ factorisation (CHOLMOD `Common->fl`).
    public let flops: Double
    /// Whether CHOLMOD chose a supernodal factorisation.
    public let isSupernodal: Bool
}

/// Sparse symmetric positive-definite factorisation A = L·Lᵀ (or LDLᵀ) on CHOLMOD,
/// through the `cholmod_l_*` (64-bit index) API only.
///
/// Each factor owns its own `cholmod_common` and frees everything it allocated, so
/// factors may be used from different tasks concurrently (one factor per task).
/// The pattern is fixed at construction (analysis); `refactorize(values:)` reuses it.
public final class CholeskyFactor {
    public let dimension: Int
    private let pattern: SymmetricSparseMatrix
    private let common: UnsafeMutablePointer<cholmod_common>
    private var matrix: UnsafeMutablePointer<cholmod_sparse>?
    private var factor: UnsafeMutablePointer<cholmod_factor>?

    /// Analyses the pattern of `matrix` and factorises its values.
    /// - Throws: `SolverError.notPositiveDefinite` with CHOLMOD's `minor`, or `.cholmod(status:)`.
    public init(_ matrix: SymmetricSparseMatrix, ordering: CholeskyOrdering = .automatic) throws(SolverError) {
        precondition(ionscape_cholmod_is_long_api() == 1, "SuiteSparse_long must be a C long")
        dimension = matrix.dimension
        pattern = matrix
        common = .allocate(capacity: 1)
        cholmod_l_start(common)
        common.pointee.print = 0              // no printing from inside the library
        common.pointee.error_handler = nil
        // LL′ throughout: the simplicial LDL′ default would factor indefinite matrices
        // without complaint, and this type promises a positive-definite check.
        common.pointee.final_ll = 1
        switch ordering {
        case .automatic: break
        case .amd:
            common.pointee.nmethods = 1
            common.pointee.method.0.ordering = CHOLMOD_AMD
            common.pointee.postorder = 1
        case .metis:
            // The permutation comes from `METISOrdering` (METIS called directly, tuned options).
            common.pointee.nmethods = 1
            common.pointee.method.0.ordering = CHOLMOD_GIVEN
            common.pointee.postorder = 1
        case .natural:
            common.pointee.nmethods = 1
            common.pointee.method.0.ordering = CHOLMOD_NATURAL
            common.pointee.postorder = 0
        }
        // From here on deinit releases whatever was allocated, even if a step throws.
        let nnz = matrix.rowIndices.count
        guard let a = cholmod_l_allocate_sparse(matrix.dimension, matrix.dimension, nnz,
                                                1, 1, -1, CHOLMOD_REAL, common) else {
            throw .cholmod(status: common.pointee.status, stage: "allocate_sparse")
        }
        self.matrix = a
        let p = a.pointee.p.assumingMemoryBound(to: Int.self)
        let i = a.pointee.i.assumingMemoryBound(to: Int.self)
        for k in 0...matrix.dimension { p[k] = matrix.columnPointers[k] }
        for k in 0..<nnz { i[k] = matrix.rowIndices[k] }
        try copyValues(matrix.values)
        let permutation = ordering == .metis ? try METISOrdering.order(of: matrix) : nil
        guard let l = SymbolicAnalysis.analyze(a, permutation: permutation, common) else {
            throw .cholmod(status: common.pointee.status, stage: "analyze")
        }
        factor = l
        try numericFactorization()
    }

    deinit {
        if factor != nil { cholmod_l_free_factor(&factor, common) }
        if matrix != nil { cholmod_l_free_sparse(&matrix, common) }
        cholmod_l_finish(common)
        common.deallocate()
    }

    /// Fill statistics from the analysis.
    public var statistics: CholeskyStatistics {
        CholeskyStatistics(factorNonzeros: common.pointee.lnz, flops: common.pointee.fl,
                           isSupernodal: factor?.pointee.is_super != 0)
    }

    /// Refactorises with new values on the same pattern (same CSC structure as at construction).
    public func refactorize(values: [Double]) throws(SolverError) {
        guard values.count == pattern.values.count else {
            throw .invalidInput("refactorize expects \(pattern.values.count) values, got \(values.count)")
        }
        try copyValues(values)
        try numericFactorization()
    }

    /// Solves A·x = b.
    public func solve(_ rhs: [Double]) throws(SolverError) -> [Double] {
        try solve(columnMajor: rhs, columns: 1)
    }

    /// Solves A·X = B for `columns` right-hand sides stored column-major in `rhs`.
    public func solve(columnMajor rhs: [Double], columns: Int) throws(SolverError) -> [Double] {
        guard columns >= 1, rhs.count == dimension * columns else {
            throw .invalidInput("right-hand side must hold \(dimension)×\(columns) values, got \(rhs.count)")
        }
        guard let b = cholmod_l_allocate_dense(dimension, columns, dimension, CHOLMOD_REAL, common) else {
            throw .cholmod(status: common.pointee.status, stage: "allocate_dense")
        }
        var bPointer: UnsafeMutablePointer<cholmod_dense>? = b
        defer { cholmod_l_free_dense(&bPointer, common) }
        let bx = b.pointee.x.assumingMemoryBound(to: Double.self)
        rhs.withUnsafeBufferPointer { bx.update(from: $0.baseAddress!, count: rhs.count) }
        guard var x = cholmod_l_solve(CHOLMOD_A, factor, b, common) else {
            throw .cholmod(status: common.pointee.status, stage: "solve")
        }
        var xPointer: UnsafeMutablePointer<cholmod_dense>? = x
        defer { cholmod_l_free_dense(&xPointer, common) }
        x = xPointer!
        let xx = x.pointee.x.assumingMemoryBound(to: Double.self)
        return Array(UnsafeBufferPointer(start: xx, count: rhs.count))
    }

    private func copyValues(_ values: [Double]) throws(SolverError) {
        guard let a = matrix else { throw .invalidInput("matrix storage missing") }
        for v in values where !v.isFinite {
            throw .invalidInput("matrix holds a non-finite value (\(v))")
        }
        let x = a.pointee.x.assumingMemoryBound(to: Double.self)
        values.withUnsafeBufferPointer { x.update(from: $0.baseAddress!, count: values.count) }
    }

    /// CHOLMOD reports "not positive definite" through `Common->status` and `L->minor`,
    /// not through the return value, so both are checked.
    private func numericFactorization() throws(SolverError) {
        guard let a = matrix, let l = factor else { throw .invalidInput("factor storage missing") }
        let ok = cholmod_l_factorize(a, l, common)
        let status = common.pointee.status
        let minor = Int(l.pointee.minor)
        if status == ionscape_cholmod_not_posdef() || minor < dimension {
            let perm = l.pointee.Perm?.assumingMemoryBound(to: Int.self)
            let column = perm.map { $0[minor] } ?? minor
            throw .notPositiveDefinite(minor: minor, column: column)
        }
        guard ok != 0, status == ionscape_cholmod_ok() else {
            throw .cholmod(status: status, stage: "factorize")
        }
    }
}

/// CHOLMOD library version, for run records.
public var cholmodVersion: String {
    "\(ionscape_cholmod_version_main()).\(ionscape_cholmod_version_sub()).\(ionscape_cholmod_version_subsub())"
}
