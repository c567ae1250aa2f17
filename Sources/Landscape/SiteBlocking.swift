/// Blocking of ion sites (docs/model.md §3): exactly `blockedCount` of `siteCount` sites, every subset
/// of that size equally likely.
enum SiteBlocking {
    /// Selection sampling (Knuth, TAOCP vol. 2, §3.4.2, Algorithm S): site t is blocked with
    /// probability (blocks still to place)/(sites still to visit), drawn as an unbiased
    /// integer, which gives an exact count and a uniform subset with one draw per site and
    /// no memory beyond the result.
    static func accessibleSites(siteCount: Int, blockedCount: Int, stream: inout RandomStream) -> [Bool] {
        var accessible = [Bool](repeating: true, count: siteCount)
        var remaining = blockedCount
        accessible.withUnsafeMutableBufferPointer { sites in
            for t in 0..<siteCount where remaining > 0 {
                if stream.index(below: siteCount - t) < remaining {
                    sites[t] = false
                    remaining -= 1
                }
            }
        }
        return accessible
    }
}
