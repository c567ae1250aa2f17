import CLAPACKE

/// Dense LU solve A·X = B with partial pivoting (LAPACKE `dgesv`). Matrices are column-major.
/// Used as an independent reference for the sparse solvers.
public enum DenseLU {
    /// - Parameters:
    ///   - matrix: n×n column-major.
    ///   - rhs: n×columns column-major.
    public static func solve(matrix: [Double], dimension n: Int, rhs: [Double], columns: Int = 1) throws(SolverError) -> [Double] {
        guard n >= 1, matrix.count == n * n, columns >= 1, rhs.count == n * columns else {
            throw .invalidInput("dgesv expects an n×n matrix and n×nrhs right-hand side (n = \(n))")
        }
        var a = matrix, b = rhs
        var pivots = [LapackInt](repeating: 0, count: n)
        let info = LAPACKE_dgesv(LAPACK_COL_MAJOR, LapackInt(n), LapackInt(columns), &a, LapackInt(n),
                                 &pivots, &b, LapackInt(n))
        try check(info, routine: "dgesv")
        return b
    }

    static func check(_ info: LapackInt, routine: String) throws(SolverError) {
        if info < 0 { throw .invalidInput("\(routine): argument \(-info) had an illegal value") }
        if info > 0 { throw .singular(pivot: Int(info) - 1) }
    }
}

/// LAPACKE's `lapack_int` is a C macro (int32_t on Debian's LP64 build) and does not import.
typealias LapackInt = Int32
