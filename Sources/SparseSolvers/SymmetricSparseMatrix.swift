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
