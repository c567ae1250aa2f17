import Dispatch
import Synchronization

/// Runs the jobs of a sweep — points × realisations — on worker threads, for results of any type
/// (`kmc`, `diffusion`).
///
/// Workers take jobs in increasing index order and store each result at its index, and every
/// job draws only from its own streams (keyed by seed, point and realisation), so the results
/// are bit-identical for any thread count. If jobs throw, the error of the lowest failing index
/// is rethrown, again whatever the scheduling.
struct ParallelJobs: Sendable {
    let points: Int
    let realisations: Int
    let threads: Int

    init(points: Int, realisations: Int, threads: Int) throws {
        guard points >= 1 else { throw InputError(name: "points", value: "\(points)", accepted: "≥ 1") }
        guard realisations >= 1 else { throw InputError(name: "--realizations", value: "\(realisations)", accepted: "≥ 1") }
        guard threads >= 1 else { throw InputError(name: "--threads", value: "\(threads)", accepted: "≥ 1") }
        self.points = points
        self.realisations = realisations
        self.threads = threads
    }

    /// `job(point, realisation)` for every job; results indexed [point][realisation].
    /// `progress(completed, total)` is called after each job, serialised.
    func run<Result: Sendable>(
        progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil,
        _ job: @Sendable (_ point: Int, _ realisation: Int) throws -> Result
    ) throws -> [[Result]] {
        let total = points * realisations
        let state = Mutex(SweepState<Result>(results: [Result?](repeating: nil, count: total)))
        DispatchQueue.concurrentPerform(iterations: min(threads, total)) { _ in
            while let index = state.withLock({ $0.take(total: total) }) {
                do {
                    let value = try job(index / realisations, index % realisations)
                    state.withLock { s in
                        s.results[index] = value
                        s.completed += 1
                        progress?(s.completed, total)
                    }
                } catch {
                    state.withLock { $0.record(error, at: index) }
                }
            }
        }
        let (results, failure) = state.withLock { ($0.results, $0.failure) }
        if let failure { throw failure.error }
        return (0..<points).map { p in (0..<realisations).map { results[p * realisations + $0]! } }
    }
}

private struct SweepState<Result> {
    var results: [Result?]
    var next = 0
    var completed = 0
    var failure: (index: Int, error: any Error)?

    mutating func take(total: Int) -> Int? {
        guard next < min(total, failure?.index ?? total) else { return nil }
        defer { next += 1 }
        return next
    }

    mutating func record(_ error: any Error, at index: Int) {
        if failure == nil || index < failure!.index { failure = (index, error) }
    }
}
