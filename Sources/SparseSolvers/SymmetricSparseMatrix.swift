/// A real symmetric sparse matrix, stored as its lower triangle in compressed sparse
/// column (CSC) form with sorted row indices and no duplicates.
public struct SymmetricSparseMatrix: Sendable, Equatable {
    public let dimension: Int
    /// Column pointers, `dimension + 1` entries.
    public let columnPointers: [Int]
    /// Row index of each stored entry (row ≥ column).
    public let rowIndices: [Int]
    /// Value of each stored entry.
    public var values: [Double]

    /// Wraps an existing lower-triangular CSC; the structure is validated.
    public init(dimension: Int, columnPointers: [Int], rowIndices: [Int], values: [Double]) throws(SolverError) {
        guard dimension >= 0, columnPointers.count == dimension + 1, columnPointers.first == 0,
              columnPointers.last == rowIndices.count, rowIndices.count == values.count else {
            throw .invalidInput("CSC arrays are inconsistent with dimension \(dimension)")
        }
        for j in 0..<dimension {
            guard columnPointers[j] <= columnPointers[j + 1], columnPointers[j + 1] <= rowIndices.count else {
                throw .invalidInput("column pointers must be non-decreasing (column \(j))")
            }
            let range = columnPointers[j]..<columnPointers[j + 1]
            var previous = -1
            for p in range {
                let i = rowIndices[p]
                guard i >= j, i < dimension, i > previous else {
                    throw .invalidInput("column \(j) must hold sorted, distinct lower-triangle rows (found row \(i))")
                }
                previous = i
            }
        }
        self.dimension = dimension
        self.columnPointers = columnPointers
        self.rowIndices = rowIndices
        self.values = values
    }

    /// Builds from (row, column, value) triplets. Entries of either triangle are accepted
    /// and mirrored into the lower one; duplicates are summed (the usual assembly rule).
    public init(dimension: Int, triplets: [(row: Int, column: Int, value: Double)]) throws(SolverError) {
        var counts = [Int](repeating: 0, count: dimension + 1)
        for t in triplets {
            guard t.row >= 0, t.row < dimension, t.column >= 0, t.column < dimension else {
                throw .invalidInput("triplet (\(t.row), \(t.column)) outside a \(dimension)×\(dimension) matrix")
            }
            guard t.value.isFinite else { throw .invalidInput("non-finite value at (\(t.row), \(t.column))") }
            counts[min(t.row, t.column) + 1] += 1
        }
        for j in 0..<dimension { counts[j + 1] += counts[j] }
        var next = counts
        var rows = [Int](repeating: 0, count: triplets.count)
        var vals = [Double](repeating: 0, count: triplets.count)
        for t in triplets {
            let j = min(t.row, t.column)
            rows[next[j]] = max(t.row, t.column)
            vals[next[j]] = t.value
            next[j] += 1
        }
        // Sort each column by row and sum duplicates.
        var pointers = [0]
        pointers.reserveCapacity(dimension + 1)
        var outRows: [Int] = [], outVals: [Double] = []
        outRows.reserveCapacity(triplets.count); outVals.reserveCapacity(triplets.count)
        for j in 0..<dimension {
            let column = (counts[j]..<counts[j + 1]).sorted { rows[$0] < rows[$1] }
            for p in column {
                if outRows.count > pointers[j], outRows[outRows.count - 1] == rows[p] {
                    outVals[outVals.count - 1] += vals[p]
                } else {
                    outRows.append(rows[p]); outVals.append(vals[p])
                }
            }
            pointers.append(outRows.count)
        }
        self.dimension = dimension
        self.columnPointers = pointers
        self.rowIndices = outRows
        self.values = outVals
    }

    /// Builds from the diagonal (`dimension = diagonal.count`) and off-diagonal entries
    /// (`offDiagonalRows[k]`, `offDiagonalColumns[k]`, `offDiagonalValues[k]`) with row ≠ column,
    /// given in either triangle and mirrored into the lower one; duplicates are summed.
    /// Two counting sorts (by row, then stably by column) give sorted columns in O(n + nnz),
    /// without comparisons.
    public init(diagonal: [Double], offDiagonalRows: [Int32], offDiagonalColumns: [Int32],
                offDiagonalValues: [Double]) throws(SolverError) {
        let n = diagonal.count, m = offDiagonalValues.count
        guard offDiagonalRows.count == m, offDiagonalColumns.count == m else {
            throw .invalidInput("off-diagonal arrays differ in length (\(offDiagonalRows.count), \(offDiagonalColumns.count), \(m))")
        }
        for (i, v) in diagonal.enumerated() where !v.isFinite { throw .invalidInput("non-finite value at (\(i), \(i))") }
        // Pass 1: bucket the entries by their lower-triangle row.
        var rowStart = [Int](repeating: 0, count: n + 1)
        for k in 0..<m {
            let a = Int(offDiagonalRows[k]), b = Int(offDiagonalColumns[k])
            guard a >= 0, a < n, b >= 0, b < n, a != b else {
                throw .invalidInput("off-diagonal entry (\(a), \(b)) outside a \(n)×\(n) matrix or on its diagonal")
            }
            guard offDiagonalValues[k].isFinite else { throw .invalidInput("non-finite value at (\(a), \(b))") }
            rowStart[max(a, b) + 1] += 1
        }
        for i in 0..<n { rowStart[i + 1] += rowStart[i] }
        var next = rowStart
        var byRowColumn = [Int32](repeating: 0, count: m)
        var byRowValue = [Double](repeating: 0, count: m)
        for k in 0..<m {
            let a = offDiagonalRows[k], b = offDiagonalColumns[k]
            let r = Int(max(a, b))
            byRowColumn[next[r]] = min(a, b); byRowValue[next[r]] = offDiagonalValues[k]
            next[r] += 1
        }
        // Pass 2: visit rows in increasing order and append to columns, after each diagonal.
        var pointers = [Int](repeating: 0, count: n + 1)
        for j in 0..<n { pointers[j + 1] = 1 }
        for c in byRowColumn { pointers[Int(c) + 1] += 1 }
        for j in 0..<n { pointers[j + 1] += pointers[j] }
        var rows = [Int](repeating: 0, count: n + m), vals = [Double](repeating: 0, count: n + m)
        var fill = pointers
        for j in 0..<n { rows[fill[j]] = j; vals[fill[j]] = diagonal[j]; fill[j] += 1 }
        for r in 0..<n {
            for p in rowStart[r]..<rowStart[r + 1] {
                let c = Int(byRowColumn[p])
                rows[fill[c]] = r; vals[fill[c]] = byRowValue[p]; fill[c] += 1
            }
        }
        // Sum duplicates in place (equal rows are adjacent within a column).
        var out = 0
        var compacted = [Int](repeating: 0, count: n + 1)
        for j in 0..<n {
            let columnStart = out
            for p in pointers[j]..<pointers[j + 1] {
                if out > columnStart && rows[out - 1] == rows[p] {
                    vals[out - 1] += vals[p]
                } else {
                    rows[out] = rows[p]; vals[out] = vals[p]; out += 1
                }
            }
            compacted[j + 1] = out
        }
        rows.removeLast(n + m - out); vals.removeLast(n + m - out)
        dimension = n
        columnPointers = compacted
        rowIndices = rows
        values = vals
    }

    /// y = A·x using both triangles.
    public func multiply(_ x: [Double]) -> [Double] {
        precondition(x.count == dimension, "vector length must match the matrix dimension")
        var y = [Double](repeating: 0, count: dimension)
        for j in 0..<dimension {
            for p in columnPointers[j]..<columnPointers[j + 1] {
                let i = rowIndices[p], a = values[p]
                y[i] += a * x[j]
                if i != j { y[j] += a * x[i] }
            }
        }
        return y
    }

    /// Dense column-major copy (both triangles), for references in tests.
    public func dense() -> [Double] {
        var a = [Double](repeating: 0, count: dimension * dimension)
        for j in 0..<dimension {
            for p in columnPointers[j]..<columnPointers[j + 1] {
                let i = rowIndices[p]
                a[j * dimension + i] = values[p]
                a[i * dimension + j] = values[p]
            }
        }
        return a
    }
}
