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

/// Eigen-decomposition of a dense real symmetric matrix, A = Y·diag(λ)·Yᵀ (LAPACKE `dsyevd`,
/// divide and conquer), eigenvalues ascending, eigenvectors orthonormal. Column-major.
public enum DenseSymmetricEigen {
    /// - Parameter matrix: n×n column-major; only its lower triangle is read.
    /// - Returns: the eigenvalues (ascending) and the eigenvectors, column k for value k.
    public static func decompose(matrix: [Double], dimension n: Int) throws(SolverError) -> (values: [Double], vectors: [Double]) {
        guard n >= 1, matrix.count == n * n else {
            throw .invalidInput("dsyevd expects an n×n matrix (n = \(n), \(matrix.count) entries)")
        }
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")), LapackInt(n), &a,
                                  LapackInt(n), &w)
        if info < 0 { throw .invalidInput("dsyevd: argument \(-info) had an illegal value") }
        if info > 0 { throw .invalidInput("dsyevd: \(info) eigenvalues did not converge") }
        return (w, a)
    }
}
