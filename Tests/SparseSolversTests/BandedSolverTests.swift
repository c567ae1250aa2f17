import Testing
@testable import SparseSolvers

@Suite struct BandedSolverTests {
    /// A random non-symmetric band matrix: dgbtrf/dgbtrs and dgbsv against dense dgesv.
    @Test func bandedLUAgreesWithDenseLU() throws {
        let n = 40, kl = 3, ku = 2
        var rng = SplitMix64(state: 17)
        var band = BandedMatrix(dimension: n, lower: kl, upper: ku)
        for j in 0..<n {
            for i in max(0, j - ku)...min(n - 1, j + kl) { band[i, j] = rng.uniform() - 0.5 + (i == j ? 2 : 0) }
        }
        let b = (0..<(2 * n)).map { _ in rng.uniform() }
        let reference = try DenseLU.solve(matrix: band.dense(), dimension: n, rhs: b, columns: 2)
        let x = try BandedLU(band).solve(b, columns: 2)
        // Both are LU with partial pivoting on a κ ~ 10 matrix: agreement to ~κ·ε.
        #expect(relativeMaxError(x, reference) <= 1e-12)
        var m = band, rhs = b
        try BandedLU.solve(&m, &rhs)
        #expect(relativeMaxError(rhs, reference) <= 1e-12)
    }

    /// A symmetric positive-definite band and tridiagonal system against dense dgesv.
    @Test func bandedSPDAgreesWithDenseLU() throws {
        let n = 30, kd = 2
        var rng = SplitMix64(state: 23)
        var lowerBand = [Double](repeating: 0, count: (kd + 1) * n)
        var dense = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            for i in j...min(n - 1, j + kd) {
                let v = i == j ? 3 + rng.uniform() : rng.uniform() - 0.5
                lowerBand[j * (kd + 1) + i - j] = v
                dense[j * n + i] = v; dense[i * n + j] = v
            }
        }
        let b = (0..<n).map { _ in rng.uniform() }
        let reference = try DenseLU.solve(matrix: dense, dimension: n, rhs: b)
        let x = try SymmetricBandedSPD.solve(lowerBand: lowerBand, dimension: n, bandwidth: kd, rhs: b)
        // Diagonally dominant, κ ~ 3: agreement to a few ulp × κ.
        #expect(relativeMaxError(x, reference) <= 1e-13)

        let d = (0..<n).map { _ in 2.5 + rng.uniform() }, e = (0..<(n - 1)).map { _ in rng.uniform() - 0.5 }
        var tri = [Double](repeating: 0, count: n * n)
        for i in 0..<n { tri[i * n + i] = d[i] }
        for i in 0..<(n - 1) { tri[i * n + i + 1] = e[i]; tri[(i + 1) * n + i] = e[i] }
        let y = try SymmetricBandedSPD.solveTridiagonal(diagonal: d, offDiagonal: e, rhs: b)
        #expect(relativeMaxError(y, try DenseLU.solve(matrix: tri, dimension: n, rhs: b)) <= 1e-13)
    }

    @Test func singularAndIndefiniteBandsAreTyped() throws {
        var band = BandedMatrix(dimension: 3, lower: 1, upper: 1)
        band[0, 0] = 1; band[1, 1] = 0; band[2, 2] = 1     // exactly singular (zero row/column 1)
        #expect(throws: SolverError.singular(pivot: 1)) { _ = try BandedLU(band) }
        #expect(throws: SolverError.notPositiveDefinite(minor: 1, column: 1)) {
            _ = try SymmetricBandedSPD.solveTridiagonal(diagonal: [1, -1, 1], offDiagonal: [0, 0], rhs: [1, 1, 1])
        }
    }

    @Test func blasThreadControl() {
        // Only ever set to one thread in tests: the count is process-wide and other tests rely on it.
        BLASThreads.set(1)
        #expect(BLASThreads.count == 1)
        #expect(!BLASThreads.configuration.isEmpty)
    }
}
