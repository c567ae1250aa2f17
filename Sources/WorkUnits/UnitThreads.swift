import Dispatch
import Foundation
import Synchronization

/// Hands pieces of work units to worker threads and takes back their outcomes: a dealer behind
/// a lock in one process, or a rank's queue that MPI refills.
public protocol UnitSource: AnyObject, Sendable {
    associatedtype Payload: Sendable
    associatedtype Failure: Error
    /// The next piece for a worker thread, waiting if the source expects more; nil when there
    /// will be none.
    func take() -> UnitPiece?
    /// The outcome of a piece that `take` returned, and what it cost.
    func finish(_ piece: UnitPiece, _ outcome: Result<Payload, Failure>, cost: UnitCost)
}

/// What one piece of work cost: wall-clock seconds, and the CPU seconds of the thread that ran
/// it (which a busy machine inflates much less).
public struct UnitCost: Sendable, Equatable {
    public var wallSeconds: Double
    public var cpuSeconds: Double

    public init(wallSeconds: Double, cpuSeconds: Double) {
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
    }
}

public enum UnitThreads {
    /// Runs `compute(piece)` on `threads` threads (the calling one included) for every piece
    /// that `source` hands out; returns when every thread has found the source empty.
    public static func run<Source: UnitSource>(threads: Int, source: Source,
                                               compute: @Sendable (UnitPiece) throws(Source.Failure) -> Source.Payload) {
        DispatchQueue.concurrentPerform(iterations: max(threads, 1)) { _ in
            while let piece = source.take() {
                let wall = ContinuousClock.now, cpu = threadCPUSeconds()
                let outcome = Result { () throws(Source.Failure) in try compute(piece) }
                let cost = UnitCost(wallSeconds: (ContinuousClock.now - wall).seconds, cpuSeconds: threadCPUSeconds() - cpu)
                source.finish(piece, outcome, cost: cost)
            }
        }
    }

    /// CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID).
    public static func threadCPUSeconds() -> Double {
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
        try run(count: count, partsPerUnit: 1, threads: threads, order: order, progress: progress) { (piece) throws(Failure) in
            [try compute(piece.unit)]
        }.map { $0[0] }
    }

    /// Runs units 0..<count of `partsPerUnit` parts each, dealt in pieces (`UnitDealer`):
    /// `compute(piece)` returns one payload per part of the piece, in order. Returns every
    /// unit's payloads by part; `progress` counts whole units.
    public static func run<Payload: Sendable, Failure: Error>(
        count: Int, partsPerUnit: Int, threads: Int, order: UnitDealer.Order = .increasing,
        progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil,
        _ compute: @Sendable (UnitPiece) throws(Failure) -> [Payload]
    ) throws(Failure) -> [[Payload]] {
        let source = DealerSource<Payload, Failure>(count: count, partsPerUnit: partsPerUnit, threads: threads,
                                                    order: order, progress: progress)
        UnitThreads.run(threads: min(threads, count * partsPerUnit), source: source, compute: compute)
        return try source.results()
    }
}

/// `LocalUnits`' source: the dealer, the results by unit and part and the lowest failure,
/// under one lock. Its payload is a piece's parts.
final class DealerSource<Part: Sendable, Failure: Error>: UnitSource, @unchecked Sendable {
    private struct State {
        var dealer: UnitDealer
        var results: [[Part?]]
        var partsDone: [Int]
        var completed = 0
        var failure: (piece: UnitPiece, error: Failure)?
    }

    // @unchecked: `Failure` need not be Sendable, but it only crosses threads under this lock.
    private let state: Mutex<State>
    private let progress: (@Sendable (Int, Int) -> Void)?

    init(count: Int, partsPerUnit: Int, threads: Int, order: UnitDealer.Order, progress: (@Sendable (Int, Int) -> Void)?) {
        state = Mutex(State(dealer: UnitDealer(units: Array(0..<count), partsPerUnit: partsPerUnit, consumers: threads, order: order),
                            results: [[Part?]](repeating: [Part?](repeating: nil, count: partsPerUnit), count: count),
                            partsDone: [Int](repeating: 0, count: count)))
        self.progress = progress
    }

    func take() -> UnitPiece? { state.withLock { $0.dealer.next() } }

    func finish(_ piece: UnitPiece, _ outcome: Result<[Part], Failure>, cost: UnitCost) {
        state.withLock { s in
            switch outcome {
            case let .success(payloads):
                precondition(payloads.count == piece.parts.count, "one payload per part of \(piece)")
                for (k, p) in zip(piece.parts, payloads) { s.results[piece.unit][k] = p }
                s.dealer.finished(piece, seconds: cost.cpuSeconds)
                s.partsDone[piece.unit] += piece.parts.count
                if s.partsDone[piece.unit] == s.results[piece.unit].count {
                    s.completed += 1
                    progress?(s.completed, s.results.count)
                }
            case let .failure(error):
                if s.dealer.failed(piece) { s.failure = (piece, error) }
            }
        }
    }

    func results() throws(Failure) -> [[Part]] {
        let (results, failure) = state.withLock { s in (s.results, s.failure) }
        if let failure { throw failure.error }
        return results.map { unit in unit.map { $0! } }
    }
}
