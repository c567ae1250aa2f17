/// Order statistics by selection instead of a full sort (used for ε_F, SPEC §4).
enum OrderStatistics {
    /// The k-th and (k+1)-th smallest of `values` (1-based k, 1 ≤ k < count), in O(n) expected
    /// time: quickselect (Hoare partition, median-of-three pivot) brings the k smallest values
    /// to the front; the (k+1)-th smallest is then the minimum of the rest. Falls back to a
    /// full sort if the partitioning stops shrinking the range fast enough.
    static func adjacentPair(of values: [Double], rank k: Int) -> (Double, Double) {
        var work = values
        return work.withUnsafeMutableBufferPointer { a -> (Double, Double) in
            var low = 0, high = a.count - 1
            let target = k - 1
            var budget = 2 * (Int.bitWidth - a.count.leadingZeroBitCount) + 8
            while high > low {
                budget -= 1
                if budget == 0 {
                    var rest = UnsafeMutableBufferPointer(rebasing: a[low...high])
                    rest.sort()
                    break
                }
                let mid = low + (high - low) / 2
                if a[mid] < a[low] { a.swapAt(mid, low) }
                if a[high] < a[low] { a.swapAt(high, low) }
                if a[high] < a[mid] { a.swapAt(high, mid) }
                let pivot = a[mid]
                var i = low - 1, j = high + 1
                while true {
                    repeat { i += 1 } while a[i] < pivot
                    repeat { j -= 1 } while a[j] > pivot
                    if i >= j { break }
                    a.swapAt(i, j)
                }
                // Now a[low...j] ≤ pivot ≤ a[j+1...high].
                if target <= j { high = j } else { low = j + 1 }
            }
            var next = a[target + 1]
            for v in a[(target + 1)...] where v < next { next = v }
            return (a[target], next)
        }
    }
}
