import SparseSolvers

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
        var potentials = try factor.solve(hostColumnMajor: communicator.isHost ? rails.toSource : [], columns: 1)
        do {
            try group.broadcast(&potentials, root: 0)
        } catch {
            throw .invalidInput("broadcast of the MUMPS solution failed: \(error)")
        }
        return potentials
    }
}

extension RailNetwork {
    /// G_LL: `diagonal` and −g on the links.
    func laplacian(diagonal: [Double]) throws(SolverError) -> SymmetricSparseMatrix {
        try SymmetricSparseMatrix(diagonal: diagonal, offDiagonalRows: firstNode, offDiagonalColumns: secondNode,
                                  offDiagonalValues: conductances.map { -$0 })
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
