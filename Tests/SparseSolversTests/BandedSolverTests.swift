import Testing
@testable import SparseSolvers

@Suite struct BandedSolverTests {
    /// A random non-symmetric band matrix: dgbtrf/dgbtrs against dense dgesv, twice on the same
    /// workspace (the second factorisation must not see the first one's factors).
    @Test func bandedLUAgreesWithDenseLU() throws {
        let n = 40, kl = 3, ku = 2
        var rng = SplitMix64(state: 17)
        var lu = BandedLU(dimension: n, lower: kl, upper: ku)
        for _ in 0..<2 {
            var band = BandedMatrix(dimension: n, lower: kl, upper: ku)
            for j in 0..<n {
                for i in max(0, j - ku)...min(n - 1, j + kl) { band[i, j] = rng.uniform() - 0.5 + (i == j ? 2 : 0) }
            }
            let b = (0..<(2 * n)).map { _ in rng.uniform() }
            let reference = try DenseLU.solve(matrix: band.dense(), dimension: n, rhs: b, columns: 2)
            lu.matrix.zero()
            for j in 0..<n {
                for i in max(0, j - ku)...min(n - 1, j + kl) { lu.matrix[i, j] = band[i, j] }
            }
            try lu.factorise()
            var x = b
            try lu.solve(&x, columns: 2)
            // Both are LU with partial pivoting on a κ ~ 10 matrix: agreement to ~κ·ε.
            #expect(relativeMaxError(x, reference) <= 1e-12)
        }
    }

    @Test func singularBandIsTyped() throws {
        var lu = BandedLU(dimension: 3, lower: 1, upper: 1)
        lu.matrix[0, 0] = 1; lu.matrix[1, 1] = 0; lu.matrix[2, 2] = 1     // exactly singular (zero row/column 1)
        #expect(throws: SolverError.singular(pivot: 1)) { try lu.factorise() }
    }

    @Test func blasThreadControl() {
        // Only ever set to one thread in tests: the count is process-wide and other tests rely on it.
        BLASThreads.set(1)
        #expect(BLASThreads.count == 1)
        #expect(!BLASThreads.configuration.isEmpty)
    }
}
