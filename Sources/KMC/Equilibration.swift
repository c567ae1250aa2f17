import Landscape

/// The equilibration criterion of docs/kmc.md ("Equilibration").
///
/// The run is cut into windows of w = max(N, `minimumWindowHops`) hops, and each window gives
/// its time-averaged site energy per ion ē_k. After window k (k ≥ `minimumWindows`), take the
/// windows of the second half of the history, [⌊k/2⌋, k), split them into an early quarter
/// A = [⌊k/2⌋, ⌊3k/4⌋) and a late quarter B = [⌊3k/4⌋, k), and compare their means: the system
/// counts as equilibrated at the first k where
///
///   |mean(A) − mean(B)| ≤ 2 √(se(A)² + se(B)²),
///
/// se being the standard error of a quarter's mean from the scatter of its windows. A drift of
/// the energy between the quarters that is large against that scatter means the run is still
/// relaxing. Production starts at that k. The windows are correlated, which makes se smaller
/// than the true error, so the test errs on the side of equilibrating longer. When k reaches
/// `maximumWindows` first, production starts anyway and the result says it was not equilibrated.
public struct EquilibrationCriterion: Sendable, Equatable {
    public var minimumWindows: Int
    public var maximumWindows: Int
    /// Smallest window, in hops (a window is at least one hop per ion).
    public var minimumWindowHops: Int

    /// - Throws: `KMCError.invalidParameter` unless 4 ≤ minimum ≤ maximum and the window is ≥ 1 hop.
    public init(minimumWindows: Int = 16, maximumWindows: Int = 400, minimumWindowHops: Int = 1000) throws(KMCError) {
        guard minimumWindows >= 4 else {
            throw .invalidParameter(name: "minimum equilibration windows", value: "\(minimumWindows)", accepted: "≥ 4")
        }
        guard maximumWindows >= minimumWindows else {
            throw .invalidParameter(name: "maximum equilibration windows", value: "\(maximumWindows)",
                                    accepted: "≥ the minimum (\(minimumWindows))")
        }
        guard minimumWindowHops >= 1 else {
            throw .invalidParameter(name: "equilibration window", value: "\(minimumWindowHops) hops", accepted: "≥ 1 hop")
        }
        self.minimumWindows = minimumWindows
        self.maximumWindows = maximumWindows
        self.minimumWindowHops = minimumWindowHops
    }

    /// Hops per window for N ions.
    public func windowHops(ionCount: Int) -> Int { max(ionCount, minimumWindowHops) }

    /// Whether the windows so far (time-averaged energy per ion, in order) pass the test above.
    public func isStationary(_ windows: [Double]) -> Bool {
        let k = windows.count
        guard k >= minimumWindows else { return false }
        let early = Array(windows[(k / 2)..<(3 * k / 4)]), late = Array(windows[(3 * k / 4)..<k])
        guard early.count >= 2, late.count >= 2 else { return false }
        let (a, b) = (Estimate(samples: early), Estimate(samples: late))
        // Both quarters hold ≥ 2 windows, so both standard errors exist.
        let (sa, sb) = (a.standardError ?? .infinity, b.standardError ?? .infinity)
        return abs(a.mean - b.mean) <= 2 * (sa * sa + sb * sb).squareRoot()
    }
}
