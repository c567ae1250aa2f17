import Synchronization

/// Route 1's own reports (the window W of each result, its certified bracket, the solved size and
/// what happened on the way), gathered over the solves of a sweep for the run record.
/// Thread-safe; the totals do not depend on the order of the solves.
public final class DirectSolveSummary: Sendable {
    public struct Totals: Sendable, Equatable {
        /// Route-1 solves seen.
        public var solves = 0
        /// How many solves returned each window W (0: route 2 supplied G_tot after a fall-back).
        public var windows: [Double: Int] = [:]
        /// Solves certified by their first window, with no wider one solved.
        public var firstWindowSufficed = 0
        /// Largest relative bracket width (G_hi − G_lo)/G_lo over the spanning solves.
        public var largestRelativeWidth = 0.0
        /// Solves whose bracket is wider than the tolerance (a fixed window, or widening stopped).
        public var aboveTolerance = 0
        /// Solves whose returned window held the whole network (nothing contracted or dropped).
        public var wholeNetwork = 0
        /// Largest number of unknowns factorised.
        public var largestSolvedSize = 0
        /// Events recorded (`DirectSolveEvent`).
        public var events = 0
    }

    /// The tolerance the bracket widths are compared with.
    public let tolerance: Double
    private let totals = Mutex(Totals())

    public init(tolerance: Double) { self.tolerance = tolerance }

    public func add(_ solution: DirectSolution) {
        totals.withLock { t in
            t.solves += 1
            t.windows[solution.window, default: 0] += 1
            if solution.tried.count == 1 && solution.window > 0 { t.firstWindowSufficed += 1 }
            if solution.bracket.logUpper > -.infinity {
                let width = solution.bracket.relativeWidth
                t.largestRelativeWidth = max(t.largestRelativeWidth, width)
                if width > tolerance { t.aboveTolerance += 1 }
            }
            t.largestSolvedSize = max(t.largestSolvedSize, solution.solvedSize)
            if solution.coversWholeNetwork && solution.window > 0 { t.wholeNetwork += 1 }
            t.events += solution.events.count
        }
    }

    public var current: Totals { totals.withLock { $0 } }
}
