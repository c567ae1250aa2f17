import WorkUnits

/// Parallel runner for disorder averages over composition points × realisations (docs/model.md §3, §5).
///
/// Each (point, realisation) is one job, scheduled by `LocalUnits` (jobs in increasing index
/// order, each result stored at its index), so the output is bit-identical for any thread count. The caller's
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
        let results = try LocalUnits.run(count: jobCount, threads: threads, progress: progress) { (job) throws(Failure) in
            try sample(job / realisations, job % realisations)
        }
        return (0..<pointCount).map { p in
            DisorderAverage(nonEmpty: Array(results[(p * realisations)..<((p + 1) * realisations)]))
        }
    }
}
