import Foundation

extension RandomStream {
    /// The number of successes in `draws` draws without replacement from `population` items of
    /// which `successes` are successes (hypergeometric distribution), by inversion with one
    /// uniform: P(k) ∝ w(k) with w(mode) = 1 and the exact ratio
    /// w(k+1)/w(k) = (K − k)(n − k) / ((k + 1)(N − K − n + k + 1)), summed outwards from the mode
    /// until a term falls below 1e-30 of the mode's (the mass beyond is far below the 2^-53
    /// resolution of the uniform). Cost O(standard deviation); no log-gamma, so no cancellation
    /// for large populations.
    public mutating func hypergeometric(population: Int, successes: Int, draws: Int) -> Int {
        precondition(population >= 0 && successes >= 0 && successes <= population && draws >= 0 && draws <= population,
                     "hypergeometric parameters out of range")
        let low = max(0, draws - (population - successes)), high = min(draws, successes)
        if low == high { return low }
        let (n, k, draws) = (Double(population), Double(successes), Double(draws))
        func ratio(_ j: Double) -> Double { (k - j) * (draws - j) / ((j + 1) * (n - k - draws + j + 1)) }
        let mode = min(high, max(low, Int(((draws + 1) * (k + 1) / (n + 2)).rounded(.down))))
        let cutoff = 1e-30
        var below: [Double] = [], above: [Double] = []   // w(mode − 1), w(mode − 2), … and w(mode + 1), …
        var w = 1.0, j = mode
        while j > low {
            w /= ratio(Double(j - 1))
            if w < cutoff { break }
            below.append(w); j -= 1
        }
        w = 1; j = mode
        while j < high {
            w *= ratio(Double(j))
            if w < cutoff { break }
            above.append(w); j += 1
        }
        // Total and inversion both run from the lowest k upwards, in one fixed order.
        var total = 0.0
        for v in below.reversed() { total += v }
        total += 1
        for v in above { total += v }
        let target = uniform() * total
        var cumulative = 0.0
        for (offset, v) in below.reversed().enumerated() {
            cumulative += v
            if target < cumulative { return mode - below.count + offset }
        }
        cumulative += 1
        if target < cumulative { return mode }
        for (offset, v) in above.enumerated() {
            cumulative += v
            if target < cumulative { return mode + 1 + offset }
        }
        return mode + above.count
    }
}
