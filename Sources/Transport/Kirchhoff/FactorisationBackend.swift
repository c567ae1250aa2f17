import SparseSolvers

/// The sparse factorisation behind route 1's windowed solves (docs/model.md, "Route 1"): given the
/// reduced windowed system G_LL φ = g_+ (`WindowedLaplacian`), the potentials φ of its nodes. The
/// certified bracket (`VariationalBracket`) is computed from φ whatever produced it, so a backend's
/// accuracy changes the bracket's width, never its validity.
///
/// The core has `CHOLMODBackend`; targets that need MPI plug in others (MPITransport's MUMPS
/// backend shares each solve among the ranks of a job).
public protocol FactorisationBackend: Sendable {
    /// The library and its version, for run records (e.g. "CHOLMOD 3.0.14").
    var name: String { get }
    /// Processes that take part in each solve (every one of them calls `potentials`).
    var ranksPerSolve: Int { get }
    /// φ of `system`, identical on every rank taking part. `ordering` is the fill-reducing
    /// order to use where the backend orders itself.
    func potentials(_ system: WindowedLaplacian, ordering: CholeskyOrdering) throws(SolverError) -> [Double]
    /// φ of `system` from a backend that iterates: it offers trial potentials to `judge` and
    /// stops at the first one accepted (route 1 accepts a φ whose certified bracket meets the
    /// tolerance, or that stopped improving it). Direct backends solve once and ignore the
    /// judge, which is the default.
    func potentials(_ system: WindowedLaplacian, ordering: CholeskyOrdering,
                    until judge: (_ trial: [Double]) throws(SolverError) -> TrialVerdict) throws(SolverError) -> [Double]
}

extension FactorisationBackend {
    public func potentials(_ system: WindowedLaplacian, ordering: CholeskyOrdering,
                           until judge: (_ trial: [Double]) throws(SolverError) -> TrialVerdict) throws(SolverError) -> [Double] {
        try potentials(system, ordering: ordering)
    }
}

/// CHOLMOD in this process (supernodal, with the calling thread's BLAS).
public struct CHOLMODBackend: FactorisationBackend {
    public init() {}
    public var name: String { "CHOLMOD \(cholmodVersion)" }
    public var ranksPerSolve: Int { 1 }
    public func potentials(_ system: WindowedLaplacian, ordering: CholeskyOrdering) throws(SolverError) -> [Double] {
        try CholeskyFactor(system.matrix(), ordering: ordering).solve(system.rhs)
    }
}
