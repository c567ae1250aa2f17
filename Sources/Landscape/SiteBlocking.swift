/// Blocking of ion sites (docs/model.md §3): exactly `blockedCount` of all sites, every subset of that
/// size equally likely, drawn plane by plane so that any range of planes can be drawn alone.
///
/// The blocked count of each plane x comes first, in plane order from one stream: plane x gets
/// a hypergeometric share of the blocks still to place among the sites of planes x … N_L − 1.
/// Given its count, each plane's blocked sites are drawn from that plane's own stream. The
/// counts are multivariate hypergeometric and each plane's subset is uniform, so the blocked set
/// is a uniform subset of the whole lattice.
enum SiteBlocking {
    /// Blocked sites per plane, for `planeCount` planes of `planeSize` sites.
    static func planeCounts(planeCount: Int, planeSize: Int, blockedCount: Int, stream: inout RandomStream) -> [Int] {
        var remaining = blockedCount
        return (0..<planeCount).map { x in
            let count = stream.hypergeometric(population: (planeCount - x) * planeSize, successes: remaining,
                                              draws: planeSize)
            remaining -= count
            return count
        }
    }

    /// Selection sampling (Knuth, TAOCP vol. 2, §3.4.2, Algorithm S) of `blockedCount` of
    /// `sites.count` sites: site t is blocked with probability (blocks still to place)/(sites
    /// still to visit), drawn as an unbiased integer, which gives an exact count and a uniform
    /// subset with one draw per site. Writes false into `sites` for the blocked ones (true else).
    static func markAccessible(_ sites: UnsafeMutableBufferPointer<Bool>, blockedCount: Int, stream: inout RandomStream) {
        var remaining = blockedCount
        for t in 0..<sites.count {
            if remaining > 0 && stream.index(below: sites.count - t) < remaining {
                sites[t] = false
                remaining -= 1
            } else {
                sites[t] = true
            }
        }
    }
}
