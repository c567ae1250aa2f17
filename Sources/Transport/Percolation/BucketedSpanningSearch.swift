import Landscape

/// One link with its value, as stored for the spanning search (16 bytes, no padding; site
/// indices fit 32 bits because `CubicLattice` caps N_L at 1024).
struct ValuedLink {
    var value: Double
    var site: UInt32
    var neighbour: UInt32

    init(value: Double, site: Int, neighbour: Int) {
        self.value = value
        self.site = UInt32(truncatingIfNeeded: site)
        self.neighbour = UInt32(truncatingIfNeeded: neighbour)
    }

    /// Increasing value; ties broken by (site, neighbour) so that the result is deterministic.
    static func precedes(_ a: ValuedLink, _ b: ValuedLink) -> Bool {
        if a.value != b.value { return a.value < b.value }
        if a.site != b.site { return a.site < b.site }
        return a.neighbour < b.neighbour
    }
}

/// Exact first spanning link without a full sort of the links (docs/model.md §5).
///
/// The links are distributed into buckets by a non-decreasing function of their value (see
/// `LinkValueBuckets`), so every link of bucket b has a value ≤ every link of bucket b + 1.
/// Buckets are visited in order, each sorted exactly just before its links are joined by
/// union–find, and the search stops at the first link that joins plane x = 0 to plane
/// x = N_L − 1: the same link a full sort would find. Only the buckets up to the critical one
/// are ever sorted, and links are scattered into buckets in chunks of increasing value (the
/// lowest quarter, then up to half, then the rest), so links far above the threshold are
/// never moved (in a Gaussian test landscape at 90% filling, Δ_c is at the 12th percentile
/// of the link values, so one round suffices).
enum BucketedSpanningSearch {
    /// Cumulative fractions of the links scattered before each search round.
    static let chunkFractions = [0.25, 0.5, 1.0]

    /// `links` are the lattice's links with their values (NaN not allowed), in any order.
    static func firstSpanningLink(lattice: CubicLattice, links: [ValuedLink]) -> SpanningLink? {
        firstSpanningLink(nodeCount: lattice.siteCount, links: links) { markElectrodePlanes(of: lattice, in: &$0) }
    }

    /// The same search on any graph of `nodeCount` nodes whose two electrodes (boundary bits 1
    /// and 2) `markElectrodes` sets; `site` and `neighbour` of each link are node indices.
    static func firstSpanningLink(nodeCount: Int, links: [ValuedLink],
                                  markElectrodes: (inout DisjointSets) -> Void) -> SpanningLink? {
        guard !links.isEmpty else { return nil }
        let buckets = LinkValueBuckets(links: links)
        var sets = DisjointSets(count: nodeCount)
        markElectrodes(&sets)
        var firstBucket = 0
        for fraction in chunkFractions {
            let endBucket = buckets.bucketsHolding(atLeast: Int((fraction * Double(links.count)).rounded(.up)))
            guard endBucket > firstBucket else { continue }
            let range = firstBucket..<endBucket
            var entries = scatter(links, buckets: buckets, range: range)
            if let link = search(&entries, bucketStarts: buckets.starts[range], into: &sets) { return link }
            firstBucket = endBucket
        }
        return nil
    }

    /// Marks plane x = 0 with boundary bit 1 and plane x = N_L − 1 with bit 2.
    static func markElectrodePlanes(of lattice: CubicLattice, in sets: inout DisjointSets) {
        let last = (lattice.edge - 1) * lattice.planeSize
        for s in 0..<lattice.planeSize {
            sets.mark(s, boundary: 1)
            sets.mark(last + s, boundary: 2)
        }
    }

    /// The links of the buckets in `range`, grouped by bucket in increasing bucket order.
    static func scatter(_ links: [ValuedLink], buckets: LinkValueBuckets, range: Range<Int>) -> [ValuedLink] {
        let base = buckets.starts[range.lowerBound]
        var next = buckets.starts[range].map { $0 - base }
        let count = buckets.starts[range.upperBound] - base
        return [ValuedLink](unsafeUninitializedCapacity: count) { buffer, initialized in
            for link in links {
                let b = buckets.bucket(of: link.value) - range.lowerBound
                guard b >= 0 && b < next.count else { continue }
                (buffer.baseAddress! + next[b]).initialize(to: link)
                next[b] += 1
            }
            initialized = count
        }
    }

    /// Joins the links bucket by bucket (each sorted first) until the first spanning link.
    /// `bucketStarts` are the global starts of the scattered buckets; `entries` starts at the first.
    static func search(_ entries: inout [ValuedLink], bucketStarts: ArraySlice<Int>,
                       into sets: inout DisjointSets) -> SpanningLink? {
        let base = bucketStarts.first!
        return entries.withUnsafeMutableBufferPointer { buffer -> SpanningLink? in
            var ends = bucketStarts.dropFirst().lazy.map { $0 - base }.makeIterator()
            var start = 0
            while start < buffer.count {
                var end = start
                while end == start { end = ends.next() ?? buffer.count }
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
}

/// Buckets of link values by the non-decreasing map
/// `bucket(v) = 1 + ⌊(v − v_min)·B/(v_max − v_min)⌋` (clamped to B) for finite v, 0 for −∞ and
/// B + 1 for +∞. Floating-point subtraction and multiplication by a positive constant are
/// monotone, so a larger value never lands in a lower bucket.
struct LinkValueBuckets {
    /// Average number of finite links per bucket: small enough that sorting a bucket is cheap.
    static let linksPerBucket = 8
    static let maximumBuckets = 1 << 20

    let low: Double
    let scale: Double
    let finiteBuckets: Int
    /// `starts[b]` is the number of links in buckets below b; `starts.last` is the link count.
    let starts: [Int]

    init(links: [ValuedLink]) {
        var low = Double.infinity, high = -Double.infinity
        for link in links where link.value.isFinite {
            low = min(low, link.value)
            high = max(high, link.value)
        }
        let span = high - low
        let finite = max(1, min(Self.maximumBuckets, links.count / Self.linksPerBucket))
        // A subnormal span makes finite/span overflow: then every finite link shares one bucket.
        let spread = span > 0 && span.isFinite ? Double(finite) / span : 0
        let scale = spread.isFinite ? spread : 0
        var counts = [Int](repeating: 0, count: finite + 3)
        for link in links { counts[Self.bucket(of: link.value, low: low, scale: scale, finiteBuckets: finite) + 1] += 1 }
        self.low = low
        self.scale = scale
        finiteBuckets = finite
        for b in 1..<counts.count { counts[b] += counts[b - 1] }
        starts = counts
    }

    /// Number of buckets in use: finite buckets plus the −∞ and +∞ buckets.
    var count: Int { finiteBuckets + 2 }

    @inline(__always) func bucket(of v: Double) -> Int {
        Self.bucket(of: v, low: low, scale: scale, finiteBuckets: finiteBuckets)
    }

    @inline(__always)
    static func bucket(of v: Double, low: Double, scale: Double, finiteBuckets: Int) -> Int {
        if v.isFinite { return 1 + min(finiteBuckets - 1, Int((v - low) * scale)) }
        precondition(!v.isNaN, "link values must not be NaN")
        return v < 0 ? 0 : finiteBuckets + 1
    }

    /// The smallest e such that buckets 0..<e hold at least `links` links (at most `count`).
    func bucketsHolding(atLeast links: Int) -> Int {
        var lowerBound = 0, upperBound = count
        while lowerBound < upperBound {
            let mid = (lowerBound + upperBound) / 2
            if starts[mid] >= links { upperBound = mid } else { lowerBound = mid + 1 }
        }
        return lowerBound
    }
}
