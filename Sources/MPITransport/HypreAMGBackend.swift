import MPIFarm
import MPISolvers
import SparseSolvers
import Synchronization
import Transport

/// Route 3 (docs/large-lattices.md, "Route 3"): route 1's windowed systems solved by conjugate
/// gradients with a BoomerAMG V-cycle as preconditioner (`HypreCG`), over the ranks of `group`,
/// each rank owning the rows [n·r/p, n·(r+1)/p).
///
/// The iteration stops on the certificate, not on a residual: route 1 offers each trial φ to its
/// bracket (`FactorisationBackend.potentials(_:ordering:until:)`), and CG stops at the first φ
/// whose bracket meets the tolerance or stops narrowing. The σ and its bracket are therefore
/// exactly as trustworthy as route 1's with CHOLMOD; only the width differs.
public struct HypreAMGBackend: FactorisationBackend {
    public let group: MPIRankGroup
    public let settings: BoomerAMGSettings
    /// When trial potentials are offered (`HypreCG.Schedule`).
    public var schedule = HypreCG.Schedule()
    /// Every solve made through this backend, in order (for run records and benchmarks).
    public let log = CGLog()

    /// - Throws: `MPIError.threadSupport` when the MPI library cannot be called from the solver's
    ///   threads (route 1 may run on a pool thread, which needs `MPI_THREAD_SERIALIZED`).
    public init(group: MPIRankGroup, settings: BoomerAMGSettings = BoomerAMGSettings(), threadLevel: ThreadLevel?) throws(MPIError) {
        try ThreadLevel.require(.serialized, provided: threadLevel ?? .single)
        self.group = group
        self.settings = settings
    }

    public var name: String { "hypre \(hypreVersion) BoomerAMG-CG" }
    public var ranksPerSolve: Int { group.size }

    /// Iterates to hypre's residual floor (nothing to stop it earlier).
    public func potentials(_ system: WindowedLaplacian, ordering: CholeskyOrdering) throws(SolverError) -> [Double] {
        try potentials(system, ordering: ordering, until: { _ in .reject(excess: .infinity) })
    }

    /// `ordering` is not used: AMG needs none.
    public func potentials(_ system: WindowedLaplacian, ordering: CholeskyOrdering,
                           until judge: (_ trial: [Double]) throws(SolverError) -> TrialVerdict) throws(SolverError) -> [Double] {
        let communicator = group.communicator
        let n = system.dimension, p = communicator.size, r = communicator.rank
        let rows = (n * r / p)..<(n * (r + 1) / p)
        let (rowStart, columns, values) = system.rows(rows)
        let solver = try HypreCG(communicator: communicator, dimension: n, rowStart: rowStart, columns: columns,
                                 values: values, settings: settings)
        solver.schedule = schedule
        let (x, report) = try solver.solve(rhs: Array(system.rhs[rows]), until: judge)
        log.append(report)
        return x
    }
}

extension WindowedLaplacian {
    /// The rows `rows` of G_LL in compressed sparse row form: for each row its diagonal, then
    /// −g for each of its links, columns in link order.
    public func rows(_ rows: Range<Int>) -> (rowStart: [Int], columns: [Int32], values: [Double]) {
        var count = [Int](repeating: 1, count: rows.count)
        for k in conductances.indices {
            let a = Int(firstNode[k]), b = Int(secondNode[k])
            if rows.contains(a) { count[a - rows.lowerBound] += 1 }
            if rows.contains(b) { count[b - rows.lowerBound] += 1 }
        }
        var rowStart = [Int](repeating: 0, count: rows.count + 1)
        for i in 0..<rows.count { rowStart[i + 1] = rowStart[i] + count[i] }
        var next = Array(rowStart.dropLast())
        var columns = [Int32](repeating: 0, count: rowStart[rows.count])
        var values = [Double](repeating: 0, count: rowStart[rows.count])
        for i in rows {
            let local = i - rows.lowerBound
            columns[next[local]] = Int32(i); values[next[local]] = diagonal[i]; next[local] += 1
        }
        for k in conductances.indices {
            let a = Int(firstNode[k]), b = Int(secondNode[k])
            if rows.contains(a) {
                let local = a - rows.lowerBound
                columns[next[local]] = Int32(b); values[next[local]] = -conductances[k]; next[local] += 1
            }
            if rows.contains(b) {
                let local = b - rows.lowerBound
                columns[next[local]] = Int32(a); values[next[local]] = -conductances[k]; next[local] += 1
            }
        }
        return (rowStart, columns, values)
    }
}

/// The `CGReport` of every solve a `HypreAMGBackend` made, in order.
public final class CGLog: Sendable {
    private let entries = Mutex<[CGReport]>([])
    public init() {}
    public var all: [CGReport] { entries.withLock { $0 } }
    func append(_ report: CGReport) { entries.withLock { $0.append(report) } }
}
