import Synchronization

/// Route 1's own reports (SPEC §6: the window W, the relative change of G_tot when W last grew
/// 100×, the solved size and what happened on the way), gathered over the solves of a sweep for
/// the run record. Thread-safe; the totals do not depend on the order of the solves.
public final class DirectSolveSummary: Sendable {
    public struct Totals: Sendable, Equatable {
        /// Route-1 solves seen.
        public var solves = 0
        /// How many solves returned each window W (0: route 2 supplied G_tot after a fall-back).
        public var windows: [Double: Int] = [:]
        /// Largest `DirectSolution.relativeChange`.
        public var largestRelativeChange = 0.0
        /// Solves whose relative change exceeds the tolerance (a fixed window, or widening stopped
        /// by the spread limit or a failed factorisation).
        public var aboveTolerance = 0
        /// Largest number of unknowns factorised.
        public var largestSolvedSize = 0
        /// Events recorded (`DirectSolveEvent`: not positive definite, inconsistent solution,
        /// spread limit, fall-back to route 2).
        public var events = 0
    }

    /// The tolerance the relative changes are compared with.
    public let tolerance: Double
    private let totals = Mutex(Totals())

    public init(tolerance: Double) { self.tolerance = tolerance }

    public func add(_ solution: DirectSolution) {
        totals.withLock { t in
            t.solves += 1
            t.windows[solution.window, default: 0] += 1
            t.largestRelativeChange = max(t.largestRelativeChange, solution.relativeChange)
            if solution.relativeChange > tolerance { t.aboveTolerance += 1 }
            t.largestSolvedSize = max(t.largestSolvedSize, solution.solvedSize)
            t.events += solution.events.count
        }
    }

    public var current: Totals { totals.withLock { $0 } }
}
