import Testing
@testable import SparseSolvers

@Suite struct SymbolicAndBLASTests {
    /// A 2-D 6×6 grid: the permutation is a permutation, every supernode's pattern starts with its
    /// own columns and is ascending, and supernodes tile the columns.
    @Test func supernodalStructureIsConsistent() throws {
        let side = 6, n = side * side
        var columns = [[Int]](repeating: [], count: n)
        for x in 0..<side {
            for y in 0..<side {
                let i = x * side + y
                if x + 1 < side { columns[i].append(i + side); columns[i + side].append(i) }
                if y + 1 < side { columns[i].append(i + 1); columns[i + 1].append(i) }
            }
        }
        var pointers = [0], rows: [Int] = []
        for c in columns { rows += c; pointers.append(rows.count) }
        let s = try SupernodalStructure(dimension: n, columnPointers: pointers, rowIndices: rows)
        #expect(s.permutation.sorted() == Array(0..<n))
        #expect(s.firstColumn.first == 0 && s.firstColumn.last == n)
        for k in 0..<s.supernodeCount {
            let pattern = Array(s.rows[s.rowPointers[k]..<s.rowPointers[k + 1]])
            let own = Array(s.firstColumn[k]..<s.firstColumn[k + 1])
            #expect(Array(pattern.prefix(own.count)) == own)
            #expect(pattern == pattern.sorted())
        }
    }

    /// Parallel links repeat rows in a column (the harmonic extension of route 1's bracket meets
    /// them after contraction). This pattern, four links 2–3 and single links 0–2, 1–2, made
    /// CHOLMOD free memory twice (found by BracketPropertyTests under AddressSanitizer); it must
    /// analyse exactly as the pattern without repeats.
    @Test func repeatedRowsAnalyseLikeTheirUnion() throws {
        for amdOnly in [true, false] {
            let repeated = try SupernodalStructure(dimension: 4, columnPointers: [0, 1, 2, 8, 12],
                                                   rowIndices: [2, 2, 1, 3, 3, 0, 3, 3, 2, 2, 2, 2], amdOnly: amdOnly)
            let single = try SupernodalStructure(dimension: 4, columnPointers: [0, 1, 2, 5, 6],
                                                 rowIndices: [2, 2, 0, 1, 3, 2], amdOnly: amdOnly)
            #expect(repeated.permutation == single.permutation)
            #expect(repeated.firstColumn == single.firstColumn)
            #expect(repeated.rows == single.rows && repeated.rowPointers == single.rowPointers)
        }
    }

    /// dsyrk on a block of a larger matrix against the triple loop; the upper triangle is untouched.
    @Test func lowerGramMatchesLoops() throws {
        let n = 5, k = 3, ld = 7, offset = 2 * ld + 1
        let a = (0..<(n * k)).map { Double($0 % 7) + 0.5 }
        var c = (0..<(ld * 8)).map { Double($0) }
        let original = c
        try DenseBLAS.addLowerGram(a, rows: n, columns: k, into: &c, offset: offset, leadingDimension: ld)
        for j in 0..<n {
            for i in 0..<n {
                var expected = original[offset + j * ld + i]
                if i >= j { for p in 0..<k { expected += a[p * n + i] * a[p * n + j] } }
                // Small integers and halves: every product and sum is exact in binary64.
                #expect(c[offset + j * ld + i] == expected)
            }
        }
    }
}
