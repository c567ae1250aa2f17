/// Some of a work unit's parts: parts `parts` (e.g. temperatures) of unit `unit`.
public struct UnitPiece: Sendable, Hashable, CustomStringConvertible {
    public let unit: Int
    public let parts: Range<Int>

    public init(unit: Int, parts: Range<Int>) {
        self.unit = unit
        self.parts = parts
    }

    public var description: String { "unit \(unit) parts \(parts.lowerBound)..<\(parts.upperBound)" }

    /// Sweep order: by unit, then by first part.
    public func precedes(_ other: UnitPiece) -> Bool {
        unit != other.unit ? unit < other.unit : parts.lowerBound < other.parts.lowerBound
    }
}

/// What runs next, and which failure a sweep reports: the scheduling policy shared by worker
/// threads in one process and by ranks over MPI. Pure state; the caller serialises access.
///
/// Units are indices into a sweep, each of `partsPerUnit` parts (a landscape's temperatures);
/// which thread or rank computes a part never changes a result, because every unit draws its
/// randomness from its own index. The dealer decides the order and the size of the pieces:
///
/// - `.increasing`: lowest unit first.
/// - `.costliestGroupFirst(groupSize:)`: units are grouped by `index / groupSize` (a composition
///   point's realisations); the dealer first hands out one unit of each group in turn, then always
///   one of the group whose finished parts took longest on average (lowest unit within it).
///   Dealing the expensive units first lets the cheap ones fill the gaps at the end of a sweep
///   (longest-processing-time-first list scheduling, with costs learnt while the sweep runs).
///
/// Pieces (guided self-scheduling): each piece has ⌈parts left to deal / (2 · consumers)⌉ parts
/// (`consumers`: the threads that compute, over all ranks), at most the rest of its unit and at
/// least one; a single consumer gets whole units. A unit is thus dealt whole while much work is
/// left, and the end of a sweep is shared out in small pieces instead of waiting for whole units.
/// Parts are dealt in order within a unit.
///
/// Failures: once a piece of unit u fails, no piece of a unit above u or of u's later parts is
/// dealt, and every unit below u is still dealt whole, so the reported failure — the lowest
/// failing (unit, first part) — is the same whatever the number of threads or ranks, and
/// whatever the order.
public struct UnitDealer: Sendable {
    public enum Order: Sendable, Equatable {
        case increasing
        case costliestGroupFirst(groupSize: Int)
    }

    public let order: Order
    public let partsPerUnit: Int
    public let consumers: Int
    /// Undealt units of each group, in increasing order (one group for `.increasing`).
    private var undealt: [[Int]]
    private var cursor: [Int]
    /// The next undealt part of each group's current unit.
    private var partCursor: [Int]
    /// Finished parts' seconds and count per group, for the cost estimates.
    private var secondsSum: [Double]
    private var partsCount: [Int]
    /// Groups that have had a unit dealt, for the round of probes.
    private var probed: [Bool]
    /// Parts not yet dealt (including any above a failure, which never will be).
    public private(set) var remainingParts: Int
    /// Pieces dealt so far.
    public private(set) var dealtCount = 0
    /// The lowest failing piece recorded so far.
    public private(set) var lowestFailure: UnitPiece?

    /// A dealer of `units` (any order, no duplicates) of `partsPerUnit` parts each, for
    /// `consumers` computing threads.
    public init(units: [Int], partsPerUnit: Int = 1, consumers: Int = 1, order: Order = .increasing) {
        precondition(partsPerUnit >= 1 && consumers >= 1, "parts per unit and consumers must be positive")
        self.order = order
        self.partsPerUnit = partsPerUnit
        self.consumers = consumers
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
        partCursor = cursor
        secondsSum = [Double](repeating: 0, count: undealt.count)
        partsCount = cursor
        probed = [Bool](repeating: false, count: undealt.count)
        remainingParts = units.count * partsPerUnit
    }

    /// The next piece to run, or nil when there is none to deal (all dealt, or only pieces above
    /// a failure remain). Once nil, it stays nil.
    public mutating func next() -> UnitPiece? {
        let limit = lowestFailure?.unit ?? Int.max
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
                let known = undealt.indices.filter { partsCount[$0] > 0 }.map(cost)
                let unknownCost = known.max() ?? 0
                group = undealt.indices.filter(available).max { a, b in
                    let ca = partsCount[a] > 0 ? cost(a) : unknownCost
                    let cb = partsCount[b] > 0 ? cost(b) : unknownCost
                    return ca != cb ? ca < cb : a > b   // ties: the lower group wins
                }
            }
        }
        guard let group else { return nil }
        probed[group] = true
        let unit = undealt[group][cursor[group]]
        let first = partCursor[group]
        // One consumer gains nothing from pieces: it gets the rest of the unit.
        let guided = consumers == 1 ? partsPerUnit : (remainingParts + 2 * consumers - 1) / (2 * consumers)
        let size = min(partsPerUnit - first, max(1, guided))
        partCursor[group] += size
        if partCursor[group] == partsPerUnit {
            cursor[group] += 1
            partCursor[group] = 0
        }
        remainingParts -= size
        dealtCount += 1
        return UnitPiece(unit: unit, parts: first..<(first + size))
    }

    /// A finished piece and its cost in seconds (used by `.costliestGroupFirst`).
    public mutating func finished(_ piece: UnitPiece, seconds: Double) {
        guard case let .costliestGroupFirst(groupSize) = order, seconds.isFinite, seconds >= 0 else { return }
        secondsSum[piece.unit / groupSize] += seconds
        partsCount[piece.unit / groupSize] += piece.parts.count
    }

    /// A failed piece; returns true when it is now the lowest failure.
    @discardableResult
    public mutating func failed(_ piece: UnitPiece) -> Bool {
        guard lowestFailure.map({ piece.precedes($0) }) ?? true else { return false }
        lowestFailure = piece
        return true
    }

    /// Mean seconds per finished part of group `g`.
    private func cost(_ g: Int) -> Double { secondsSum[g] / Double(partsCount[g]) }
}
