/// Typed failures of the linear solvers. No physics here: callers translate these
/// into messages about their own inputs.
public enum SolverError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Cholesky met a non-positive pivot. `minor` is the failing column in the factor's
    /// (permuted) order, as CHOLMOD's `L->minor` or LAPACK's `info`; `column` is the same
    /// column in the caller's original numbering.
    case notPositiveDefinite(minor: Int, column: Int)
    /// LU met an exactly zero pivot U(k,k) (0-based k).
    case singular(pivot: Int)
    /// CHOLMOD reported a status other than OK / NOT_POSDEF (e.g. out of memory).
    case cholmod(status: Int32, stage: String)
    /// MUMPS reported INFOG(1) = `info` < 0 (other than a non-positive pivot), with INFOG(2) =
    /// `detail`, during `stage` (e.g. −9/−13: not enough memory).
    case mumps(info: Int32, detail: Int32, stage: String)
    /// hypre returned the error flags `code` from `call`.
    case hypre(code: Int32, call: String)
    /// An iterative solve met p·Ap ≤ 0 at `iteration` (the matrix or the preconditioner is not
    /// positive definite).
    case breakdown(iteration: Int)
    /// A solve shared by several processes failed on another one during `stage` (that process
    /// reports the cause); this one stopped with it instead of waiting in the next collective call.
    case otherRankFailed(stage: String)
    /// The message passing of a shared solve failed.
    case communication(String)
    /// Shapes or values that the solver cannot accept.
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .notPositiveDefinite(minor, column):
            return "matrix is not positive definite: factorisation failed at pivot \(minor) (column \(column))"
        case let .singular(pivot):
            return "matrix is singular: zero pivot at \(pivot)"
        case let .cholmod(status, stage):
            return "CHOLMOD \(stage) failed with status \(status)"
        case let .mumps(info, detail, stage):
            return "MUMPS \(stage) failed with INFOG(1) = \(info), INFOG(2) = \(detail)"
        case let .hypre(code, call):
            return "hypre's \(call) failed with error flags \(code)"
        case let .breakdown(iteration):
            return "conjugate gradients broke down at iteration \(iteration) (p·Ap ≤ 0: not positive definite)"
        case let .otherRankFailed(stage):
            return "the shared solve failed on another rank during \(stage)"
        case let .communication(message):
            return "message passing of the shared solve failed: \(message)"
        case let .invalidInput(message):
            return "invalid solver input: \(message)"
        }
    }
}
