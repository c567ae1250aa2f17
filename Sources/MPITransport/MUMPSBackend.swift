import MPIFarm
import MPISolvers
import SparseSolvers
import Synchronization
import Transport

/// Route 1's factorisation on MUMPS over the ranks of `group` (docs/large-lattices.md), every
/// rank taking part in every solve.
///
/// Rank r gives MUMPS the entries of the rows in its block [n·r/p, n·(r+1)/p) of the windowed
/// system; the host orders it (METIS unless told otherwise), solves with the right-hand side on
/// it, refines, and broadcasts φ.
///
/// **Refinement.** Wilkinson's iterative refinement with the residual g_+ − G_LL·x accumulated in
/// double-double and x kept in double-double (`WindowedLaplacian.residual`). Each correction
/// shrinks the error by about cond(G_LL)·ε until the residual's own resolution, ~1e-32 of its
/// terms, limits it: the corrections stall at ~cond·1e-32 of max|φ| (docs/large-lattices.md has
/// the levels seen on route 1's windows). Refinement therefore stops
/// when a correction is below 1e-30 of max|φ|, when it shrank less than twofold (stagnation), or
/// after `maximumCorrections`. With linear convergence at a rate ≤ ½, the error left is at most the
/// last correction: |x_i − φ*_i| ≤ δ·max|φ| with δ = `RefinementReport.lastCorrection`, φ* the
/// exact solution of the stored system.
///
/// **What that guarantees.** The certified bracket holds for any φ, so σ's certificate never
/// depends on the refinement. The refinement is for reproducibility: MUMPS's factors on several
/// ranks differ in their last bits from run to run (contributions are assembled in the order
/// messages arrive), and the refined φ does not. A component φ_i is rounded to the same double
/// whatever the factors when its distance to the nearest rounding boundary exceeds δ·max|φ|:
/// always for |φ_i| ≳ 2⁵³·δ·max|φ| (≳ 1e-8 for δ = 1e-24) but for a chance ~δ·max|φ|/ulp(φ_i),
/// and not for smaller components, whose last bits may change between runs and rank counts. σ
/// then changes by far less than its bracket, and in practice not at all (MPICheckTests).
public struct MUMPSBackend: FactorisationBackend {
    public let group: MPIRankGroup
    /// Out-of-core factors in this directory (MUMPS ICNTL(22) = 1); nil keeps them in memory.
    public let outOfCoreDirectory: String?
    /// MUMPS's statistics and the refinement of every solve made through this backend, in order
    /// (for benchmarks and run records).
    public let log = FactorisationLog()

    /// Refinement stops once a correction is below this fraction of max|φ|.
    public static let convergence = 1e-30
    public static let maximumCorrections = 8

    /// - Throws: `MPIError.threadSupport` when the MPI library cannot be called from the solver's
    ///   threads (route 1 may run on a pool thread, which needs `MPI_THREAD_SERIALIZED`).
    public init(group: MPIRankGroup, outOfCoreDirectory: String? = nil, threadLevel: ThreadLevel?) throws(MPIError) {
        try ThreadLevel.require(.serialized, provided: threadLevel ?? .single)
        self.group = group
        self.outOfCoreDirectory = outOfCoreDirectory
    }

    public var name: String { "MUMPS \(mumpsVersion)" }
    public var ranksPerSolve: Int { group.size }

    public func potentials(_ system: WindowedLaplacian, ordering: CholeskyOrdering) throws(SolverError) -> [Double] {
        let communicator = group.communicator
        let n = system.dimension, p = communicator.size, r = communicator.rank
        let entries = system.entries(inRows: (n * r / p)..<(n * (r + 1) / p))
        let mumpsOrdering: MUMPSOrdering
        switch ordering {
        case .metis: mumpsOrdering = .metis { () throws(SolverError) in try system.matrix() }
        case .natural: mumpsOrdering = .given(Array(0..<n))
        default: mumpsOrdering = .automatic
        }
        let factor = try MUMPSCholesky(dimension: n, rows: entries.rows, columns: entries.columns, values: entries.values,
                                       ordering: mumpsOrdering, communicator: communicator,
                                       outOfCoreDirectory: outOfCoreDirectory)
        let isHost = communicator.rank == 0
        let b = isHost ? system.rhs : []
        var x = try factor.solve(hostColumnMajor: b, columns: 1).map(DoubleDouble.init)
        // The host decides when to stop and tells the others, since every solve is collective.
        var report = RefinementReport(corrections: 0, lastCorrection: .infinity, stagnated: false)
        var previous = Double.infinity
        while report.corrections < Self.maximumCorrections {
            let residual = isHost ? system.residual(of: x) : []
            let correction = try factor.solve(hostColumnMajor: residual, columns: 1)
            report.corrections += 1
            var decision = [0.0, 0.0]   // [stop, relative size of the correction]
            if isHost {
                let largest = x.reduce(0) { max($0, abs($1.hi)) }
                for i in x.indices { x[i].add(DoubleDouble(correction[i])) }
                let size = largest > 0 ? correction.reduce(0) { max($0, abs($1)) } / largest : 0
                decision = [size <= Self.convergence || size > previous / 2 ? 1 : 0, size]
                previous = size
            }
            try broadcast(&decision)
            report.lastCorrection = decision[1]
            if decision[0] == 1 {
                report.stagnated = decision[1] > Self.convergence
                break
            }
        }
        log.append(factor.statistics, report)
        var potentials = x.map(\.hi)
        try broadcast(&potentials)
        return potentials
    }

    private func broadcast(_ values: inout [Double]) throws(SolverError) {
        do {
            try group.broadcast(&values, root: 0)
        } catch {
            throw .communication("broadcast from the MUMPS host failed: \(error)")
        }
    }
}

/// How a `MUMPSBackend` solve was refined (see its documentation).
public struct RefinementReport: Sendable, Equatable {
    /// Corrections applied after the first solve.
    public var corrections: Int
    /// The last correction's largest component relative to max|φ|: a bound on the error left
    /// when the refinement converged linearly at a rate ≤ ½.
    public var lastCorrection: Double
    /// True when refinement stopped because the corrections no longer halved (the residual's
    /// resolution is reached) rather than below `MUMPSBackend.convergence`.
    public var stagnated: Bool
}

/// Statistics of the factorisations a `MUMPSBackend` made, and their refinements.
public final class FactorisationLog: Sendable {
    private let entries = Mutex<[(MUMPSStatistics, RefinementReport)]>([])
    public init() {}
    public var all: [MUMPSStatistics] { entries.withLock { $0.map(\.0) } }
    public var refinements: [RefinementReport] { entries.withLock { $0.map(\.1) } }
    func append(_ statistics: MUMPSStatistics, _ report: RefinementReport) { entries.withLock { $0.append((statistics, report)) } }
}
