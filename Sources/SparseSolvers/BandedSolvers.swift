import CLAPACKE

/// A general n×n band matrix with `lower` sub- and `upper` super-diagonals, in LAPACK's
/// column-major band storage with `lower` extra rows reserved for the LU fill
/// (leading dimension 2·kl + ku + 1), ready for `dgbtrf`/`dgbsv`.
public struct BandedMatrix: Sendable {
    public let dimension: Int
    public let lower: Int
    public let upper: Int
    /// Band storage; element (i, j) lives at `storage[j·ld + kl + ku + i − j]`.
    public var storage: [Double]

    public var leadingDimension: Int { 2 * lower + upper + 1 }

    public init(dimension: Int, lower: Int, upper: Int) {
        precondition(dimension >= 1 && lower >= 0 && upper >= 0, "band matrix shape must be non-negative")
        self.dimension = dimension
        self.lower = lower
        self.upper = upper
        self.storage = [Double](repeating: 0, count: (2 * lower + upper + 1) * dimension)
    }

    /// True when (i, j) lies inside the band.
    @inlinable public func isInBand(_ i: Int, _ j: Int) -> Bool { i - j <= lower && j - i <= upper }

    /// Element access; (i, j) must lie inside the band.
    @inlinable public subscript(i: Int, j: Int) -> Double {
        get { storage[j * (2 * lower + upper + 1) + lower + upper + i - j] }
        set { storage[j * (2 * lower + upper + 1) + lower + upper + i - j] = newValue }
    }

    /// Sets every stored entry to zero, keeping the shape.
    public mutating func zero() {
        for k in storage.indices { storage[k] = 0 }
    }

    /// y = A·x.
    public func multiply(_ x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: dimension)
        for j in 0..<dimension {
            for i in max(0, j - upper)...min(dimension - 1, j + lower) { y[i] += self[i, j] * x[j] }
        }
        return y
    }

    /// Dense column-major copy, for references in tests.
    public func dense() -> [Double] {
        var a = [Double](repeating: 0, count: dimension * dimension)
        for j in 0..<dimension {
            for i in max(0, j - upper)...min(dimension - 1, j + lower) { a[j * dimension + i] = self[i, j] }
        }
        return a
    }
}

/// Banded LU with partial pivoting (LAPACKE `dgbtrf` + `dgbtrs`).
public struct BandedLU: Sendable {
    private var factors: BandedMatrix
    private var pivots: [LapackInt]

    /// Factorises `matrix` (its storage is copied).
    public init(_ matrix: BandedMatrix) throws(SolverError) {
        factors = matrix
        pivots = [LapackInt](repeating: 0, count: matrix.dimension)
        let n = LapackInt(matrix.dimension)
        let info = LAPACKE_dgbtrf(LAPACK_COL_MAJOR, n, n, LapackInt(matrix.lower), LapackInt(matrix.upper),
                                  &factors.storage, LapackInt(matrix.leadingDimension), &pivots)
        try DenseLU.check(info, routine: "dgbtrf")
    }

    /// Solves A·X = B for `columns` right-hand sides (column-major).
    public func solve(_ rhs: [Double], columns: Int = 1) throws(SolverError) -> [Double] {
        let n = factors.dimension
        guard columns >= 1, rhs.count == n * columns else {
            throw .invalidInput("right-hand side must hold \(n)×\(columns) values, got \(rhs.count)")
        }
        var b = rhs
        var f = factors.storage, p = pivots
        let info = LAPACKE_dgbtrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), LapackInt(n), LapackInt(factors.lower),
                                  LapackInt(factors.upper), LapackInt(columns), &f,
                                  LapackInt(factors.leadingDimension), &p, &b, LapackInt(n))
        try DenseLU.check(info, routine: "dgbtrs")
        return b
    }

    /// One-shot A·x = b (LAPACKE `dgbsv`); `matrix` is overwritten by its factors.
    public static func solve(_ matrix: inout BandedMatrix, _ rhs: inout [Double]) throws(SolverError) {
        let n = matrix.dimension
        guard rhs.count % n == 0, !rhs.isEmpty else {
            throw .invalidInput("right-hand side length \(rhs.count) is not a multiple of n = \(n)")
        }
        var pivots = [LapackInt](repeating: 0, count: n)
        let info = LAPACKE_dgbsv(LAPACK_COL_MAJOR, LapackInt(n), LapackInt(matrix.lower), LapackInt(matrix.upper),
                                 LapackInt(rhs.count / n), &matrix.storage, LapackInt(matrix.leadingDimension),
                                 &pivots, &rhs, LapackInt(n))
        try DenseLU.check(info, routine: "dgbsv")
    }
}

/// Symmetric positive-definite band solves (LAPACKE `dpbsv`, `dptsv`).
public enum SymmetricBandedSPD {
    /// Solves A·x = b for an SPD band matrix with `bandwidth` sub-diagonals, given as its lower
    /// band in LAPACK storage: element (i, j), i ≥ j, at `lowerBand[j·(kd+1) + i − j]`.
    public static func solve(lowerBand: [Double], dimension n: Int, bandwidth kd: Int,
                             rhs: [Double]) throws(SolverError) -> [Double] {
        guard n >= 1, kd >= 0, lowerBand.count == (kd + 1) * n, rhs.count % n == 0, !rhs.isEmpty else {
            throw .invalidInput("dpbsv expects (kd+1)·n band entries and n·nrhs right-hand side values")
        }
        var ab = lowerBand, b = rhs
        let info = LAPACKE_dpbsv(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), LapackInt(n), LapackInt(kd),
                                 LapackInt(rhs.count / n), &ab, LapackInt(kd + 1), &b, LapackInt(n))
        if info > 0 { throw .notPositiveDefinite(minor: Int(info) - 1, column: Int(info) - 1) }
        try DenseLU.check(info, routine: "dpbsv")
        return b
    }

    /// Solves a symmetric positive-definite tridiagonal system (diagonal `d`, off-diagonal `e`).
    public static func solveTridiagonal(diagonal d: [Double], offDiagonal e: [Double],
                                        rhs: [Double]) throws(SolverError) -> [Double] {
        let n = d.count
        guard n >= 1, e.count == n - 1, rhs.count % n == 0, !rhs.isEmpty else {
            throw .invalidInput("dptsv expects n diagonal, n−1 off-diagonal and n·nrhs right-hand side values")
        }
        var dd = d, ee = e, b = rhs
        let info = LAPACKE_dptsv(LAPACK_COL_MAJOR, LapackInt(n), LapackInt(rhs.count / n), &dd, &ee, &b, LapackInt(n))
        if info > 0 { throw .notPositiveDefinite(minor: Int(info) - 1, column: Int(info) - 1) }
        try DenseLU.check(info, routine: "dptsv")
        return b
    }
}
