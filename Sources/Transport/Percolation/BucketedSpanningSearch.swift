import Landscape

/// One link with its value, as stored for the spanning search (16 bytes, no padding).
@usableFromInline struct ValuedLink {
    @usableFromInline var value: Double
    @usableFromInline var site: UInt32
    @usableFromInline var neighbour: UInt32

    @inlinable init(value: Double, site: UInt32, neighbour: UInt32) {
        self.value = value
        self.site = site
        self.neighbour = neighbour
    }

    /// Increasing value; ties broken by (site, neighbour) so that the result is deterministic.
    @inlinable static func precedes(_ a: ValuedLink, _ b: ValuedLink) -> Bool {
        if a.value != b.value { return a.value < b.value }
        if a.site != b.site { return a.site < b.site }
        return a.neighbour < b.neighbour
    }
}

/// Exact first spanning link without a full sort of the links (SPEC §5).
///
/// The links are distributed into buckets by a non-decreasing function of their value,
/// `bucket(v) = ⌊(v − v_min)·B/(v_max − v_min)⌋`; floating-point subtraction and
/// multiplication by a positive constant are monotone, so every link of bucket b has a value
/// ≤ every link of bucket b + 1. Buckets are then visited in order, each sorted exactly just
/// before its links are joined by union–find, and the search stops at the first link that
/// joins plane x = 0 to plane x = N_L − 1. Only the buckets up to the critical one are ever
/// sorted, and the answer is the same link a full sort would find.
@usableFromInline enum BucketedSpanningSearch {
    /// Average number of links per bucket: small enough that sorting a bucket is cheap,
    /// large enough that the bucket offsets stay in cache during the scatter.
    static let linksPerBucket = 16
    static let maximumBuckets = 1 << 16

    /// `values` holds the link values in the order of `IonLinks.forEachLink`; NaN is not allowed.
    @usableFromInline
    static func firstSpanningLink(lattice: CubicLattice, isAccessible: [Bool], values: [Double]) -> SpanningLink? {
        guard !values.isEmpty else { return nil }
        let links = bucketed(lattice: lattice, isAccessible: isAccessible, values: values)
        var sets = DisjointSets(count: lattice.siteCount)
        markElectrodePlanes(of: lattice, in: &sets)
        var entries = links.entries
        return entries.withUnsafeMutableBufferPointer { buffer -> SpanningLink? in
            var start = 0
            for end in links.bucketEnds where end > start {
                var bucket = UnsafeMutableBufferPointer(rebasing: buffer[start..<end])
                if bucket.count > 1 { bucket.sort(by: ValuedLink.precedes) }
                for link in bucket where sets.union(Int(link.site), Int(link.neighbour)) == 3 {
                    return SpanningLink(value: link.value, site: Int(link.site), neighbour: Int(link.neighbour))
                }
                start = end
            }
            return nil
        }
    }

    /// Marks plane x = 0 with boundary bit 1 and plane x = N_L − 1 with bit 2.
    static func markElectrodePlanes(of lattice: CubicLattice, in sets: inout DisjointSets) {
        let last = (lattice.edge - 1) * lattice.planeSize
        for s in 0..<lattice.planeSize {
            sets.mark(s, boundary: 1)
            sets.mark(last + s, boundary: 2)
        }
    }

    /// The links scattered into value buckets; `bucketEnds[b]` is the end of bucket b in `entries`.
    static func bucketed(lattice: CubicLattice, isAccessible: [Bool],
                         values: [Double]) -> (entries: [ValuedLink], bucketEnds: [Int]) {
        var low = Double.infinity, high = -Double.infinity
        for v in values where v.isFinite {
            low = min(low, v)
            high = max(high, v)
        }
        let finiteBuckets = max(1, min(maximumBuckets, values.count / linksPerBucket))
        let span = high - low
        let scale = span > 0 && span.isFinite ? Double(finiteBuckets) / span : 0
        // Bucket 0 holds −∞, buckets 1…B the finite values, bucket B + 1 holds +∞.
        @inline(__always) func bucket(_ v: Double) -> Int {
            if v.isFinite { return 1 + min(finiteBuckets - 1, Int((v - low) * scale)) }
            precondition(!v.isNaN, "link values must not be NaN")
            return v < 0 ? 0 : finiteBuckets + 1
        }
        var next = [Int](repeating: 0, count: finiteBuckets + 2)
        for v in values { next[bucket(v)] += 1 }
        var total = 0
        for b in next.indices {
            let count = next[b]
            next[b] = total
            total += count
        }
        let entries = [ValuedLink](unsafeUninitializedCapacity: values.count) { buffer, initialized in
            var k = 0
            IonLinks(lattice: lattice).forEachLink(isAccessible: isAccessible) { i, j in
                let v = values[k]
                let b = bucket(v)
                (buffer.baseAddress! + next[b]).initialize(to: ValuedLink(value: v, site: UInt32(i), neighbour: UInt32(j)))
                next[b] += 1
                k += 1
            }
            precondition(k == values.count, "link values must follow IonLinks order")
            initialized = k
        }
        return (entries, next)
    }
}
