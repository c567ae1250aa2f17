import Foundation
import Landscape
import SparseSolvers

/// σ_dc(x, T) with disorder averages: realisations run in parallel, each result is stored by its
/// index, so the output is bit-identical for any thread count (SPEC §3).
public enum ConductivitySweep {
    /// σ_dc at one temperature for realisations 0..<R of a composition point.
    /// - Parameters:
    ///   - landscape: builds realisation r (it must derive its own random stream from r).
    ///   - threads: worker threads (≥ 1). BLAS runs single-threaded during the sweep whatever this
    ///     count, so that BLAS reduction order, and hence every bit, is independent of it.
    ///   - progress: called with (finished, total) after each realisation, from any thread.
    /// - Throws: the error of the lowest-indexed failing realisation.
    public static func disorderAverage(realisations: Int, temperature: Double, hopping: HoppingParameters,
                                       route: KirchhoffRoute = .sparseDirect, policy: WindowPolicy = WindowPolicy(),
                                       threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                       progress: (@Sendable (Int, Int) -> Void)? = nil,
                                       landscape: @Sendable (Int) throws -> SiteEnergyLandscape) throws -> DisorderAverage {
        guard realisations >= 1 else {
            throw ConductivityError.invalidParameter(name: "realisations", value: "\(realisations)", accepted: "≥ 1")
        }
        guard threads >= 1 else {
            throw ConductivityError.invalidParameter(name: "threads", value: "\(threads)", accepted: "≥ 1")
        }
        let sigmas = try parallelMap(count: realisations, threads: threads, progress: progress) { r in
            try Conductivity.sigma(landscape: landscape(r), temperature: temperature, hopping: hopping,
                                   route: route, policy: policy).sigma
        }
        return DisorderAverage(sigmas: sigmas)
    }

    /// Runs `body(0..<count)` on `threads` workers, results by index; BLAS single-threaded meanwhile
    /// (the previous BLAS thread count is restored afterwards).
    static func parallelMap(count: Int, threads: Int, progress: (@Sendable (Int, Int) -> Void)?,
                            _ body: @Sendable (Int) throws -> Double) throws -> [Double] {
        let store = IndexedResults(count: count)
        let workers = min(threads, count)
        let blas = BLASThreads.count
        BLASThreads.set(1)
        defer { BLASThreads.set(blas) }
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let r = store.claim() {
                let outcome = Result { try body(r) }
                let done = store.finish(r, outcome)
                progress?(done, count)
            }
        }
        return try store.values()
    }
}

/// Results stored by index under a lock; hands out indices in increasing order.
private final class IndexedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<Double, any Error>?]
    private var next = 0
    private var finished = 0

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < results.count else { return nil }
        next += 1
        return next - 1
    }

    func finish(_ index: Int, _ result: Result<Double, any Error>) -> Int {
        lock.lock(); defer { lock.unlock() }
        results[index] = result
        finished += 1
        return finished
    }

    func values() throws -> [Double] {
        try results.map { try $0!.get() }
    }
}
