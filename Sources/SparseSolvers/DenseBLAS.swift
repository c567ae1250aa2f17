import COpenBLAS

/// Dense BLAS kernels used by callers that run their own eliminations.
public enum DenseBLAS {
    /// C ← C + A·Aᵀ on the lower triangle of the n×n block of `c` starting at `offset` with
    /// leading dimension `ldc` (column-major); A is n×k column-major, contiguous (BLAS `dsyrk`).
    /// The strictly upper triangle of the block is left untouched.
    public static func addLowerGram(_ a: [Double], rows n: Int, columns k: Int,
                                    into c: inout [Double], offset: Int, leadingDimension ldc: Int) throws(SolverError) {
        guard n >= 0, k >= 0, a.count >= n * k, ldc >= max(1, n), offset >= 0,
              n == 0 || offset + (n - 1) * ldc + n <= c.count else {
            throw .invalidInput("dsyrk shapes: n = \(n), k = \(k), ldc = \(ldc), offset = \(offset), c holds \(c.count)")
        }
        if n == 0 || k == 0 { return }
        a.withUnsafeBufferPointer { ap in
            c.withUnsafeMutableBufferPointer { cp in
                cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, Int32(n), Int32(k), 1.0, ap.baseAddress, Int32(n),
                            1.0, cp.baseAddress! + offset, Int32(ldc))
            }
        }
    }
}
