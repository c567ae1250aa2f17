/// Which work unit runs next, and which failure a sweep reports: the scheduling policy shared by
/// worker threads in one process and by ranks over MPI. Pure state; the caller serialises access.
///
/// Units are indices into a sweep; which unit runs where never changes a result, because every
/// unit draws its randomness from its own index. The dealer only decides the order:
///
/// - `.increasing`: lowest index first.
/// - `.costliestGroupFirst(groupSize:)`: units are grouped by `index / groupSize` (a composition
///   point's realisations); the dealer first hands out one unit of each group in turn, then always
///   a unit of the group whose finished units took longest on average (lowest index within it).
///   Dealing the expensive units first lets the cheap ones fill the gaps at the end of a sweep
///   (longest-processing-time-first list scheduling, with costs learnt while the sweep runs).
///
/// Failures: after unit u fails, no unit above u is dealt, and every unit below u still is, so
/// the reported failure — the lowest failing index — is the same whatever the number of threads
/// or ranks, and whatever the order.
public struct UnitDealer: Sendable {
    public enum Order: Sendable, Equatable {
        case increasing
        case costliestGroupFirst(groupSize: Int)
    }

    /// Undealt units of each group, in increasing order (one group for `.increasing`).
    private var undealt: [[Int]]
    private var cursor: [Int]
    /// Finished units' seconds per group, for the cost estimates.
    private var secondsSum: [Double]
    private var secondsCount: [Int]
    /// Groups that have had a unit dealt, for the round of probes.
    private var probed: [Bool]
    public let order: Order
    /// Units dealt so far.
    public private(set) var dealtCount = 0
    /// The lowest failing unit recorded so far.
    public private(set) var lowestFailure: Int?

    /// A dealer of `units` (any order, no duplicates).
    public init(units: [Int], order: Order = .increasing) {
        self.order = order
        let sorted = units.sorted()
        switch order {
        case .increasing:
            undealt = [sorted]
        case let .costliestGroupFirst(groupSize):
            precondition(groupSize >= 1, "group size must be positive")
            var groups: [Int: [Int]] = [:]
            for u in sorted { groups[u / groupSize, default: []].append(u) }
            let count = (groups.keys.max() ?? -1) + 1
            undealt = (0..<count).map { groups[$0] ?? [] }
        }
        cursor = [Int](repeating: 0, count: undealt.count)
        secondsSum = [Double](repeating: 0, count: undealt.count)
        secondsCount = [Int](repeating: 0, count: undealt.count)
        probed = [Bool](repeating: false, count: undealt.count)
    }

    /// Units not yet dealt (including any above a failure, which will never be).
    public var remainingCount: Int { zip(undealt, cursor).reduce(0) { $0 + $1.0.count - $1.1 } }

    /// The next unit to run, or nil when there is none to deal (all dealt, or only units above
    /// a failure remain). Once nil, it stays nil.
    public mutating func next() -> Int? {
        let limit = lowestFailure ?? Int.max
        func available(_ g: Int) -> Bool { cursor[g] < undealt[g].count && undealt[g][cursor[g]] < limit }
        let group: Int?
        switch order {
        case .increasing:
            group = available(0) ? 0 : nil
        case .costliestGroupFirst:
            if let g = undealt.indices.first(where: { !probed[$0] && available($0) }) {
                group = g
            } else {
                // Costliest measured group first; groups with nothing finished yet count as the
                // costliest seen, so that they are not starved.
                let known = undealt.indices.filter { secondsCount[$0] > 0 }.map { secondsSum[$0] / Double(secondsCount[$0]) }
                let unknownCost = known.max() ?? 0
                group = undealt.indices.filter(available).max { a, b in
                    let ca = secondsCount[a] > 0 ? secondsSum[a] / Double(secondsCount[a]) : unknownCost
                    let cb = secondsCount[b] > 0 ? secondsSum[b] / Double(secondsCount[b]) : unknownCost
                    return ca != cb ? ca < cb : a > b   // ties: the lower group wins
                }
            }
        }
        guard let group else { return nil }
        probed[group] = true
        let unit = undealt[group][cursor[group]]
        cursor[group] += 1
        dealtCount += 1
        return unit
    }

    /// A finished unit and its cost in seconds (used by `.costliestGroupFirst`).
    public mutating func finished(_ unit: Int, seconds: Double) {
        guard case let .costliestGroupFirst(groupSize) = order, seconds.isFinite, seconds >= 0 else { return }
        secondsSum[unit / groupSize] += seconds
        secondsCount[unit / groupSize] += 1
    }

    /// A failed unit; returns true when it is now the lowest failure.
    @discardableResult
    public mutating func failed(_ unit: Int) -> Bool {
        guard lowestFailure.map({ unit < $0 }) ?? true else { return false }
        lowestFailure = unit
        return true
    }
}
