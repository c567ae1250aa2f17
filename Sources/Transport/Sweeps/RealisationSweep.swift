import Dispatch
import Synchronization

/// Parallel runner for disorder averages over composition points × realisations (SPEC §3, §5).
///
/// Each (point, realisation) is one job; workers take jobs in increasing index order and store
/// each result at its index, so the output is bit-identical for any thread count. The caller's
/// `sample` closure must derive all its randomness from (seed, point, realisation).
public struct RealisationSweep: Sendable {
    /// Number of composition points.
    public let pointCount: Int
    /// Realisations R per point.
    public let realisations: Int
    /// Worker threads.
    public let threads: Int

    public init(pointCount: Int, realisations: Int, threads: Int) throws(TransportError) {
        guard pointCount >= 1 else {
            throw .invalidParameter(name: "composition points", value: "\(pointCount)", accepted: "≥ 1")
        }
        guard realisations >= 1 else {
            throw .invalidParameter(name: "realizations", value: "\(realisations)", accepted: "≥ 1")
        }
        guard threads >= 1 else {
            throw .invalidParameter(name: "threads", value: "\(threads)", accepted: "≥ 1")
        }
        self.pointCount = pointCount
        self.realisations = realisations
        self.threads = threads
    }

    /// Total number of jobs, pointCount · R.
    public var jobCount: Int { pointCount * realisations }

    /// Runs `sample(point, realisation)` for every job and averages per point.
    ///
    /// `progress(completed, total)` is called after each job, serialised and with `completed`
    /// increasing by one each call. If jobs throw, the error of the lowest-index failing job
    /// is rethrown (again independent of thread count) and no result is returned.
    public func run<Failure: Error>(
        progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil,
        _ sample: @Sendable (_ point: Int, _ realisation: Int) throws(Failure) -> Double
    ) throws(Failure) -> [DisorderAverage] {
        let total = jobCount
        let state = Mutex(SweepState<Failure>(results: [Double](repeating: 0, count: total)))
        DispatchQueue.concurrentPerform(iterations: min(threads, total)) { _ in
            while let job = state.withLock({ $0.takeJob(total: total) }) {
                do throws(Failure) {
                    let value = try sample(job / realisations, job % realisations)
                    state.withLock { s in
                        s.results[job] = value
                        s.completed += 1
                        progress?(s.completed, total)
                    }
                } catch {
                    state.withLock { $0.record(error, at: job) }
                }
            }
        }
        let (results, failure) = state.withLock { ($0.results, $0.failure) }
        if let failure { throw failure.error }
        return (0..<pointCount).map { p in
            DisorderAverage(nonEmpty: Array(results[(p * realisations)..<((p + 1) * realisations)]))
        }
    }
}

/// Mutable state of one sweep, guarded by a mutex.
private struct SweepState<Failure: Error> {
    var results: [Double]
    var next = 0
    var completed = 0
    var failure: (index: Int, error: Failure)?

    /// The next job, or nil when all are taken or a lower-index job has already failed.
    /// Jobs are handed out in increasing order, so every job below the final failure index runs,
    /// and the reported failure is the lowest failing index whatever the scheduling.
    mutating func takeJob(total: Int) -> Int? {
        guard next < min(total, failure?.index ?? total) else { return nil }
        defer { next += 1 }
        return next
    }

    mutating func record(_ error: Failure, at index: Int) {
        if failure == nil || index < failure!.index { failure = (index, error) }
    }
}
