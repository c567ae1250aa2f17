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

/// Banded LU with partial pivoting (LAPACKE `dgbtrf` + `dgbtrs`), factorised in place.
///
/// A Newton iteration refactorises a matrix of the same shape many times: the caller writes the
/// entries into `matrix` (after `matrix.zero()`), calls `factorise()`, then `solve` as often as
/// needed. Nothing is allocated per cycle, and the `_work` entry points skip LAPACKE's scan of the
/// whole band for NaN on every call (a NaN entry yields a non-finite solution, which callers check).
public struct BandedLU: Sendable {
    /// The matrix to factorise; after `factorise()` it holds the LU factors.
    public var matrix: BandedMatrix
    private var pivots: [LapackInt]

    /// A zero matrix of the given shape.
    public init(dimension: Int, lower: Int, upper: Int) {
        matrix = BandedMatrix(dimension: dimension, lower: lower, upper: upper)
        pivots = [LapackInt](repeating: 0, count: dimension)
    }

    /// Replaces `matrix` by its LU factors. Throws `.singular` on an exactly zero pivot.
    public mutating func factorise() throws(SolverError) {
        let n = LapackInt(matrix.dimension)
        let info = LAPACKE_dgbtrf_work(LAPACK_COL_MAJOR, n, n, LapackInt(matrix.lower), LapackInt(matrix.upper),
                                  &matrix.storage, LapackInt(matrix.leadingDimension), &pivots)
        try DenseLU.check(info, routine: "dgbtrf")
    }

    /// Solves A·X = B in place for `columns` right-hand sides (column-major), with the factors
    /// of the last `factorise()`: the row interchanges and unit lower factor L, then the upper
    /// factor U of bandwidth kl + ku, in LAPACK's band layout (the algorithm of `dgbtrs`). The
    /// substitutions are written out: `dgbtrs` calls BLAS once per column, and for bands this
    /// narrow the call overhead is most of its time.
    public func solve(_ rhs: inout [Double], columns: Int = 1) throws(SolverError) {
        let n = matrix.dimension, kl = matrix.lower, kv = matrix.lower + matrix.upper
        let ld = matrix.leadingDimension
        guard columns >= 1, rhs.count == n * columns else {
            throw .invalidInput("right-hand side must hold \(n)×\(columns) values, got \(rhs.count)")
        }
        matrix.storage.withUnsafeBufferPointer { band in
        pivots.withUnsafeBufferPointer { ipiv in
        rhs.withUnsafeMutableBufferPointer { all in
            let ab = band.baseAddress!
            for c in 0..<columns {
                let b = all.baseAddress! + c * n
                // L: column j holds the multipliers of rows j+1 … j+kl at band rows kv+1 … kv+kl.
                if kl > 0 {
                    for j in 0..<(n - 1) {
                        let p = Int(ipiv[j]) - 1
                        if p != j { let t = b[p]; b[p] = b[j]; b[j] = t }
                        let bj = b[j]
                        if bj == 0 { continue }
                        let column = ab + (j * ld + kv)
                        let count = min(kl, n - 1 - j)
                        for i in 1...count { b[j + i] -= column[i] * bj }
                    }
                }
                // U: element (i, j), j − kv ≤ i ≤ j, at band row kv + i − j of column j.
                var j = n - 1
                while j >= 0 {
                    let column = ab + (j * ld + kv - j)   // column[i] = element (i, j)
                    let xj = b[j] / column[j]
                    b[j] = xj
                    if xj != 0 {
                        var i = max(0, j - kv)
                        while i < j { b[i] -= column[i] * xj; i += 1 }
                    }
                    j -= 1
                }
            }
        }
        }
        }
    }
}
