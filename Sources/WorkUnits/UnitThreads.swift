import Dispatch
import Foundation
import Synchronization

/// Hands work units to worker threads and takes back their outcomes: a dealer behind a lock
/// in one process, or a rank's queue that MPI refills.
public protocol UnitSource: AnyObject, Sendable {
    associatedtype Payload: Sendable
    associatedtype Failure: Error
    /// The next unit for a worker thread, waiting if the source expects more; nil when there
    /// will be none.
    func take() -> Int?
    /// The outcome of a unit that `take` returned, and what it cost.
    func finish(_ unit: Int, _ outcome: Result<Payload, Failure>, cost: UnitCost)
}

/// What one unit cost: wall-clock seconds, and the CPU seconds of the thread that ran it (which
/// a busy machine does not inflate).
public struct UnitCost: Sendable, Equatable {
    public var wallSeconds: Double
    public var cpuSeconds: Double

    public init(wallSeconds: Double, cpuSeconds: Double) {
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
    }
}

public enum UnitThreads {
    /// Runs `compute(unit)` on `threads` threads (the calling one included) for every unit that
    /// `source` hands out; returns when every thread has found the source empty.
    public static func run<Source: UnitSource>(threads: Int, source: Source,
                                               compute: @Sendable (Int) throws(Source.Failure) -> Source.Payload) {
        DispatchQueue.concurrentPerform(iterations: max(threads, 1)) { _ in
            while let unit = source.take() {
                let wall = ContinuousClock.now, cpu = threadCPUSeconds()
                let outcome = Result { () throws(Source.Failure) in try compute(unit) }
                let cost = UnitCost(wallSeconds: (ContinuousClock.now - wall).seconds, cpuSeconds: threadCPUSeconds() - cpu)
                source.finish(unit, outcome, cost: cost)
            }
        }
    }

    /// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID).
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}

/// The single-process scheduler: a `UnitDealer` behind a lock, feeding `threads` threads.
public enum LocalUnits {
    /// Runs `compute` for units 0..<count on `threads` threads and returns the payloads by index.
    ///
    /// `progress(completed, total)` is called after each unit, serialised, with `completed`
    /// increasing by one. If units throw, the error of the lowest failing unit is rethrown
    /// (the same for any thread count, see `UnitDealer`) and nothing is returned.
    public static func run<Payload: Sendable, Failure: Error>(
        count: Int, threads: Int, order: UnitDealer.Order = .increasing,
        progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil,
        _ compute: @Sendable (Int) throws(Failure) -> Payload
    ) throws(Failure) -> [Payload] {
        let source = DealerSource<Payload, Failure>(count: count, order: order, progress: progress)
        UnitThreads.run(threads: min(threads, count), source: source, compute: compute)
        return try source.results()
    }
}

/// `LocalUnits`' source: the dealer, the results by index and the lowest failure, under one lock.
final class DealerSource<Payload: Sendable, Failure: Error>: UnitSource, @unchecked Sendable {
    private struct State {
        var dealer: UnitDealer
        var results: [Payload?]
        var completed = 0
        var failure: (unit: Int, error: Failure)?
    }

    // @unchecked: `Failure` need not be Sendable, but it only crosses threads under this lock.
    private let state: Mutex<State>
    private let progress: (@Sendable (Int, Int) -> Void)?

    init(count: Int, order: UnitDealer.Order, progress: (@Sendable (Int, Int) -> Void)?) {
        state = Mutex(State(dealer: UnitDealer(units: Array(0..<count), order: order),
                            results: [Payload?](repeating: nil, count: count)))
        self.progress = progress
    }

    func take() -> Int? { state.withLock { $0.dealer.next() } }

    func finish(_ unit: Int, _ outcome: Result<Payload, Failure>, cost: UnitCost) {
        state.withLock { s in
            switch outcome {
            case let .success(payload):
                s.results[unit] = payload
                s.dealer.finished(unit, seconds: cost.cpuSeconds)
                s.completed += 1
                progress?(s.completed, s.results.count)
            case let .failure(error):
                if s.dealer.failed(unit) { s.failure = (unit, error) }
            }
        }
    }

    func results() throws(Failure) -> [Payload] {
        let (results, failure) = state.withLock { s in (s.results, s.failure) }
        if let failure { throw failure.error }
        return results.map { $0! }
    }
}
