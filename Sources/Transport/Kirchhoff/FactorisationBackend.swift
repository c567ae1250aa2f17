import SparseSolvers
import Synchronization

/// The sparse factorisation behind route 1's windowed solves. Both give the same quantity: the
/// potentials φ (B+ at 1, B− at 0) of the kept nodes of the reduced windowed network
/// `RailNetwork`, from G_LL φ = g_+, where g_+ are the kept nodes' conductances to B+; the
/// certified bracket (`VariationalBracket`) is then computed from φ alike.
public enum FactorisationBackend: Sendable {
    /// CHOLMOD in this process (supernodal, single-threaded BLAS).
    case cholmod
    /// MUMPS over the ranks of `group`, every rank taking part in every solve.
    case mumps(MUMPSBackend)

}

/// Route 1 on MUMPS: the group that factorises, and where the factors go.
public struct MUMPSBackend: Sendable {
    public let group: any RankGroup
    public let communicator: MUMPSCommunicator
    /// Out-of-core factors in this directory (MUMPS ICNTL(22) = 1); nil keeps them in memory.
    public let outOfCoreDirectory: String?
    /// MUMPS's statistics of every factorisation made through this backend, in order (for
    /// benchmarks and run records).
    public let log = FactorisationLog()

    /// - Throws: `TransportError.invalidParameter` when `group` cannot run MUMPS.
    public init(group: any RankGroup, outOfCoreDirectory: String? = nil) throws(TransportError) {
        guard let communicator = group.mumpsCommunicator else {
            throw .invalidParameter(name: "solver", value: "mumps", accepted: "an MPI rank group (MPI initialised)")
        }
        self.group = group
        self.communicator = communicator
        self.outOfCoreDirectory = outOfCoreDirectory
    }
}

extension FactorisationBackend {
    /// φ of the kept nodes of `rails`, whose G_LL has the given `diagonal`; identical on every
    /// rank of a MUMPS group.
    func potentials(_ rails: RailNetwork, diagonal: [Double], ordering: CholeskyOrdering) throws(SolverError) -> [Double] {
        switch self {
        case .cholmod:
            return try CholeskyFactor(rails.laplacian(diagonal: diagonal), ordering: ordering).solve(rails.toSource)
        case let .mumps(backend):
            return try backend.potentials(rails, diagonal: diagonal, ordering: ordering)
        }
    }
}

extension MUMPSBackend {
    /// Every rank holds the same `rails`; rank r gives MUMPS the entries of the rows in its
    /// block [n·r/p, n·(r+1)/p) (its diagonal entries and the links whose first node is there).
    /// The host orders (METIS unless `ordering` says otherwise), solves with the right-hand
    /// side on it, and broadcasts the potentials.
    ///
    /// The solve is refined (Wilkinson's iterative refinement, with residuals b − G_LL·φ
    /// accumulated in double-double and φ kept in double-double) until the correction is below
    /// 1e-30 of the largest |φ|. Each step shrinks the error by ~cond(G_LL)·ε, so a few steps
    /// leave φ within ~1e-30 of the exact solution of the stored system, and its rounding to
    /// doubles is the correctly rounded solution — the same whatever the factorisation's
    /// rounding — unless a component lies within that distance of a rounding boundary
    /// (probability ~1e-14 per component). This is what makes σ on several ranks, whose MUMPS
    /// factors differ in the last bits from run to run, reproducible in practice, and equal
    /// for every rank count (docs/large-lattices.md).
    func potentials(_ rails: RailNetwork, diagonal: [Double], ordering: CholeskyOrdering) throws(SolverError) -> [Double] {
        let n = rails.interiorCount, p = communicator.size, r = communicator.rank
        let low = n * r / p, high = n * (r + 1) / p
        var rows: [Int32] = [], columns: [Int32] = [], values: [Double] = []
        rows.reserveCapacity(high - low); columns.reserveCapacity(high - low); values.reserveCapacity(high - low)
        for i in low..<high {
            rows.append(Int32(i)); columns.append(Int32(i)); values.append(diagonal[i])
        }
        for k in rails.conductances.indices where Int(rails.firstNode[k]) >= low && Int(rails.firstNode[k]) < high {
            rows.append(rails.firstNode[k]); columns.append(rails.secondNode[k]); values.append(-rails.conductances[k])
        }
        let mumpsOrdering: MUMPSOrdering
        switch ordering {
        case .metis where communicator.isHost: mumpsOrdering = .metis(try rails.laplacian(diagonal: diagonal))
        case .natural: mumpsOrdering = .given(Array(0..<n))
        default: mumpsOrdering = .automatic
        }
        let factor = try MUMPSCholesky(dimension: n, rows: rows, columns: columns, values: values,
                                       ordering: mumpsOrdering, communicator: communicator,
                                       outOfCoreDirectory: outOfCoreDirectory)
        log.append(factor.statistics)
        let b = communicator.isHost ? rails.toSource : []
        var x = try factor.solve(hostColumnMajor: b, columns: 1).map(DoubleDouble.init)
        // Iterative refinement with double-double residuals; the host decides when to stop and
        // tells the others, since every solve is collective.
        for _ in 0..<Self.refinementSteps {
            let residual = communicator.isHost ? rails.residual(of: x, diagonal: diagonal, rhs: b) : []
            let correction = try factor.solve(hostColumnMajor: residual, columns: 1)
            var converged = [0.0]
            if communicator.isHost {
                let largest = x.reduce(0) { max($0, abs($1.hi)) }
                for i in x.indices { x[i].add(DoubleDouble(correction[i])) }
                converged[0] = correction.allSatisfy { abs($0) <= Self.convergence * largest } ? 1 : 0
            }
            try broadcast(&converged)
            if converged[0] == 1 { break }
        }
        var potentials = x.map(\.hi)
        try broadcast(&potentials)
        return potentials
    }

    /// Refinement stops when the correction is below this fraction of the largest |φ| (the
    /// double-double residual resolves ~1e-32), or after `refinementSteps` corrections.
    static let convergence = 1e-30
    static let refinementSteps = 8

    private func broadcast(_ values: inout [Double]) throws(SolverError) {
        do {
            try group.broadcast(&values, root: 0)
        } catch {
            throw .invalidInput("broadcast from the MUMPS host failed: \(error)")
        }
    }
}

extension FactorisationBackend: Equatable {
    /// Same library; for MUMPS the same communicator and out-of-core directory.
    public static func == (a: FactorisationBackend, b: FactorisationBackend) -> Bool {
        switch (a, b) {
        case (.cholmod, .cholmod): return true
        case let (.mumps(x), .mumps(y)):
            return x.communicator == y.communicator && x.outOfCoreDirectory == y.outOfCoreDirectory
        default: return false
        }
    }
}

/// Statistics of the factorisations a `MUMPSBackend` made.
public final class FactorisationLog: Sendable {
    private let entries = Mutex<[MUMPSStatistics]>([])
    public init() {}
    public var all: [MUMPSStatistics] { entries.withLock { $0 } }
    func append(_ statistics: MUMPSStatistics) { entries.withLock { $0.append(statistics) } }
}

extension RailNetwork {
    /// b − G_LL·x, each entry accumulated in double-double and rounded once (G_LL as stored:
    /// `diagonal` and −g on the links).
    func residual(of x: [DoubleDouble], diagonal: [Double], rhs b: [Double]) -> [Double] {
        var r = b.map(DoubleDouble.init)
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

    /// G_LL: `diagonal` and −g on the links.
    func laplacian(diagonal: [Double]) throws(SolverError) -> SymmetricSparseMatrix {
        try SymmetricSparseMatrix(diagonal: diagonal, offDiagonalRows: firstNode, offDiagonalColumns: secondNode,
                                  offDiagonalValues: conductances.map { -$0 })
    }
}
