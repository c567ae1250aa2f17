/// Order statistics without a full sort.
enum Selection {
    /// The k-th smallest (0-based) and the (k+1)-th smallest of `values`, which must be free
    /// of NaN and have more than k + 1 entries. Reorders `values`.
    ///
    /// Quickselect with Hoare partitioning and a median-of-three pivot (Wirth's FIND,
    /// Algorithms + Data Structures = Programs, §2.3.4): expected O(n). After 2·log2(n)
    /// rounds without finishing, the remaining range is sorted, bounding the worst case.
    static func adjacentOrderStatistics(_ values: inout [Double], k: Int) -> (Double, Double) {
        values.withUnsafeMutableBufferPointer { a in
            var lo = 0, hi = a.count - 1
            var rounds = 2 * (Int.bitWidth - a.count.leadingZeroBitCount)
            search: while lo < hi {
                if rounds == 0 {
                    a[lo...hi].sort()
                    break
                }
                rounds -= 1
                let mid = lo + (hi - lo) / 2
                if a[mid] < a[lo] { a.swapAt(mid, lo) }
                if a[hi] < a[lo] { a.swapAt(hi, lo) }
                if a[hi] < a[mid] { a.swapAt(hi, mid) }
                let pivot = a[mid]
                var i = lo, j = hi
                while i <= j {
                    while a[i] < pivot { i += 1 }
                    while pivot < a[j] { j -= 1 }
                    if i <= j {
                        a.swapAt(i, j)
                        i += 1
                        j -= 1
                    }
                }
                // Now a[lo...j] ≤ pivot ≤ a[i...hi], and a[j+1..<i] == pivot.
                if k <= j {
                    hi = j
                } else if k >= i {
                    lo = i
                } else {
                    break search
                }
            }
            // Everything after k is ≥ a[k]; the next order statistic is their minimum.
            var next = a[k + 1]
            for m in (k + 2)..<a.count where a[m] < next { next = a[m] }
            return (a[k], next)
        }
    }
}
