import CMUMPS
import MPIFarm
import SparseSolvers

/// Elimination order of a `MUMPSCholesky`, worked out on the host.
public enum MUMPSOrdering {
    /// MUMPS's own choice (ICNTL(7) = 7; AMD-family or PORD in Debian's build).
    case automatic
    /// METIS nested dissection (`METISOrdering`) of the matrix this builds, on the host only.
    case metis(() throws(SolverError) -> SymmetricSparseMatrix)
    /// The columns in elimination order.
    case given([Int])
}

/// Factor statistics MUMPS reports after the factorisation (identical on every rank except
/// `localMemoryMiB`).
public struct MUMPSStatistics: Sendable, Equatable {
    /// Entries of the factor (INFOG(29)).
    public let factorEntries: Int64
    /// Flops of the elimination (RINFOG(3)).
    public let flops: Double
    /// Memory this rank used during the factorisation, in MB (INFO(22)).
    public let localMemoryMB: Int
    /// Largest memory of any rank (INFOG(21)) and the sum over ranks (INFOG(22)), in MB.
    public let maximumMemoryMB: Int
    public let totalMemoryMB: Int
    /// Whether the factors were written to disk (ICNTL(22) = 1).
    public let outOfCore: Bool
}

/// Sparse symmetric positive-definite factorisation A = L·Lᵀ on MUMPS (Amestoy, Duff, Koster &
/// L'Excellent, SIAM J. Matrix Anal. Appl. 23, 15 (2001)), distributed over the ranks of an MPI
/// communicator, with the factors optionally out of core.
///
/// Input: every rank gives its own entries of A (MUMPS's distributed assembled format,
/// ICNTL(5) = 0 and ICNTL(18) = 3); entries of either triangle, duplicates summed across ranks.
/// The host (rank 0) gives the elimination order (ICNTL(7) = 1): Debian's MUMPS has no METIS,
/// and METIS's nested dissection (`METISOrdering`) needs fewer flops than its built-in orderings
/// on route 1's windowed Laplacians (docs/large-lattices.md). The symbolic analysis is therefore
/// sequential on the host.
///
/// Every method is collective: all ranks of the communicator call it in the same order. MUMPS
/// reports its own failures (INFOG(1) < 0) on every rank; a step that only some ranks run (the
/// host's ordering, a check of the host's right-hand side) is agreed on before the next
/// collective call (`Communicator.allSucceeded`), so a failure anywhere ends the call on every
/// rank — with its own error where it happened, `SolverError.otherRankFailed` elsewhere — and
/// never leaves a rank waiting. `deinit` (JOB = −2) is collective too; since every rank throws at
/// the same step, every rank releases the instance.
///
/// Rounding: for one rank the result is bit-reproducible; with several, MUMPS assembles the
/// contributions of a front's children in the order their messages arrive, so the last bits of
/// the solution can change from run to run (route 1 refines them away, docs/large-lattices.md).
public final class MUMPSCholesky {
    public let dimension: Int
    public let communicator: Communicator
    private let id: UnsafeMutablePointer<DMUMPS_STRUC_C>
    /// True once JOB = −1 succeeded, so that `deinit` must call JOB = −2.
    private var initialised = false

    /// Analyses and factorises. `rows`, `columns` (0-based) and `values` are this rank's entries;
    /// `ordering` is read on the host only (the other ranks may pass `.automatic`).
    /// `outOfCoreDirectory` puts the factors on disk there (ICNTL(22) = 1).
    /// - Throws: `SolverError.notPositiveDefinite` (INFOG(1) = −10), `.mumps(info:detail:stage:)`
    ///   for MUMPS's other errors (on every rank), `.invalidInput` for inconsistent arrays, and on
    ///   the other ranks `.otherRankFailed` when the host's ordering fails.
    public init(dimension: Int, rows: [Int32], columns: [Int32], values: [Double], ordering: MUMPSOrdering,
                communicator: Communicator, outOfCoreDirectory: String? = nil) throws(SolverError) {
        let input: Result<Void, SolverError>
        if !(dimension > 0 && dimension < Int(Int32.max)) {
            input = .failure(.invalidInput("MUMPS dimension \(dimension) must be in 1..<2^31"))
        } else if rows.count != columns.count || rows.count != values.count {
            input = .failure(.invalidInput("MUMPS entries: \(rows.count) rows, \(columns.count) columns, \(values.count) values"))
        } else if let outOfCoreDirectory, outOfCoreDirectory.utf8.count > Int(ionscape_mumps_ooc_directory_capacity()) {
            input = .failure(.invalidInput("out-of-core directory path longer than \(ionscape_mumps_ooc_directory_capacity()) bytes"))
        } else {
            input = .success(())
        }
        try Self.agreed(input, on: communicator, stage: "input check")
        self.dimension = dimension
        self.communicator = communicator
        id = .allocate(capacity: 1)
        id.initialize(to: DMUMPS_STRUC_C())
        id.pointee.comm_fortran = communicator.fortranHandle
        id.pointee.par = 1      // the host factorises too
        id.pointee.sym = 1      // symmetric positive definite
        id.pointee.job = -1
        dmumps_c(id)
        guard ionscape_mumps_infog(id, 1) >= 0 else { throw Self.error(id, stage: "initialisation") }
        initialised = true
        // No printing: stdout carries the command's CSV.
        for control in 1...3 { ionscape_mumps_set_icntl(id, Int32(control), -1) }
        ionscape_mumps_set_icntl(id, 4, 0)
        ionscape_mumps_set_icntl(id, 5, 0)       // assembled input
        ionscape_mumps_set_icntl(id, 18, 3)      // distributed: each rank its own entries
        ionscape_mumps_set_icntl(id, 28, 1)      // sequential analysis (no ParMETIS/PT-SCOTCH here)
        if let outOfCoreDirectory {
            _ = ionscape_mumps_set_ooc_directory(id, outOfCoreDirectory)   // fits: checked above
            ionscape_mumps_set_icntl(id, 22, 1)
        }

        // MUMPS reads the entries during JOB = 1 and 2 only; 1-based indices.
        var irn = rows.map { $0 + 1 }, jcn = columns.map { $0 + 1 }, a = values
        // The host's ordering, agreed on before the collective analysis.
        let hostOrder: Result<[Int]?, SolverError> = communicator.rank == 0 ? Result { () throws(SolverError) in
            let order: [Int]?
            switch ordering {
            case .automatic: order = nil
            case let .metis(matrix): order = try METISOrdering.order(of: matrix())
            case let .given(columns): order = columns
            }
            if let order, order.count != dimension || Set(order) != Set(0..<dimension) {
                throw .invalidInput("elimination order has \(order.count) entries, not a permutation of 0..<\(dimension)")
            }
            return order
        } : .success(nil)
        let order = try Self.agreed(hostOrder, on: communicator, stage: "ordering")
        var permutation: [Int32] = []
        if let order {
            permutation = [Int32](repeating: 0, count: dimension)
            for (position, column) in order.enumerated() { permutation[column] = Int32(position + 1) }
        }
        // ICNTL(7) is read on the host only.
        ionscape_mumps_set_icntl(id, 7, order == nil ? 7 : 1)
        id.pointee.n = Int32(dimension)
        id.pointee.nnz_loc = Int64(irn.count)
        try irn.withUnsafeMutableBufferPointer { irn throws(SolverError) in
            try jcn.withUnsafeMutableBufferPointer { jcn throws(SolverError) in
                try a.withUnsafeMutableBufferPointer { a throws(SolverError) in
                    try permutation.withUnsafeMutableBufferPointer { perm throws(SolverError) in
                        id.pointee.irn_loc = irn.baseAddress
                        id.pointee.jcn_loc = jcn.baseAddress
                        id.pointee.a_loc = a.baseAddress
                        id.pointee.perm_in = perm.baseAddress
                        defer {
                            id.pointee.irn_loc = nil; id.pointee.jcn_loc = nil
                            id.pointee.a_loc = nil; id.pointee.perm_in = nil
                        }
                        try run(job: 1, stage: "analysis")
                        try run(job: 2, stage: "factorisation")
                    }
                }
            }
        }
    }

    deinit {
        if initialised {
            id.pointee.job = -2
            dmumps_c(id)
        }
        id.deallocate()
    }

    /// Statistics of the factorisation.
    public var statistics: MUMPSStatistics {
        // INFOG(29) < 0 counts millions of entries.
        let entries = Int64(ionscape_mumps_infog(id, 29))
        return MUMPSStatistics(factorEntries: entries >= 0 ? entries : -entries * 1_000_000,
                        flops: ionscape_mumps_rinfog(id, 3),
                        localMemoryMB: Int(ionscape_mumps_info(id, 22)),
                        maximumMemoryMB: Int(ionscape_mumps_infog(id, 21)),
                        totalMemoryMB: Int(ionscape_mumps_infog(id, 22)),
                        outOfCore: ionscape_mumps_icntl(id, 22) == 1)
    }

    /// Solves A·X = B for `columns` right-hand sides (the same on every rank). `rhs` (column-major,
    /// dimension × columns) is read on the host only; the solution is returned on the host and
    /// is empty elsewhere.
    public func solve(hostColumnMajor rhs: [Double], columns: Int) throws(SolverError) -> [Double] {
        guard columns >= 1 else { throw .invalidInput("MUMPS solve needs at least one column") }
        let isHost = communicator.rank == 0
        let shape: Result<Void, SolverError> = !isHost || rhs.count == dimension * columns ? .success(())
            : .failure(.invalidInput("right-hand side must hold \(dimension)×\(columns) values, got \(rhs.count)"))
        try Self.agreed(shape, on: communicator, stage: "solve")
        var x = isHost ? rhs : []
        id.pointee.nrhs = Int32(columns)
        id.pointee.lrhs = Int32(dimension)
        ionscape_mumps_set_icntl(id, 20, 0)   // dense right-hand side on the host
        ionscape_mumps_set_icntl(id, 21, 0)   // solution back on the host
        try x.withUnsafeMutableBufferPointer { buffer throws(SolverError) in
            id.pointee.rhs = isHost ? buffer.baseAddress : nil
            defer { id.pointee.rhs = nil }
            try run(job: 3, stage: "solve")
        }
        return x
    }

    /// `local`'s value where every rank of `communicator` succeeded; otherwise throws on every
    /// rank: the local error where there is one, `.otherRankFailed(stage)` elsewhere.
    @discardableResult
    static func agreed<T>(_ local: Result<T, SolverError>, on communicator: Communicator, stage: String) throws(SolverError) -> T {
        let succeeded: Bool
        do {
            succeeded = try communicator.allSucceeded({ if case .success = local { true } else { false } }())
        } catch {
            throw .communication("\(error)")
        }
        if case let .failure(error) = local { throw error }
        guard succeeded, case let .success(value) = local else { throw .otherRankFailed(stage: stage) }
        return value
    }

    private func run(job: Int32, stage: String) throws(SolverError) {
        id.pointee.job = job
        dmumps_c(id)
        if ionscape_mumps_infog(id, 1) < 0 { throw Self.error(id, stage: stage) }
    }

    private static func error(_ id: UnsafeMutablePointer<DMUMPS_STRUC_C>, stage: String) -> SolverError {
        let info = ionscape_mumps_infog(id, 1), detail = ionscape_mumps_infog(id, 2)
        // −10: numerically singular; with SYM = 1, a non-positive pivot. INFOG(2) is then the
        // number of pivots eliminated before it.
        if info == -10 { return .notPositiveDefinite(minor: Int(detail), column: -1) }
        return .mumps(info: info, detail: detail, stage: stage)
    }
}

/// MUMPS's version (of the header compiled against), for run records.
public let mumpsVersion: String = MUMPS_VERSION
