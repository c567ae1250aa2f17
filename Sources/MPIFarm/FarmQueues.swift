import Foundation
import WorkUnits

/// A piece's outcome on its way from a compute thread to the thread that talks MPI.
struct FinishedPiece: @unchecked Sendable {   // `any Error` crosses threads only under a lock
    let piece: UnitPiece
    let outcome: Result<[UInt8], any Error>
    let cost: UnitCost
}

/// The lock and condition shared by a rank's compute threads and its MPI thread.
class FarmQueue: @unchecked Sendable {   // all state is guarded by `condition`
    let condition = NSCondition()
    var finished: [FinishedPiece] = []
    var poolDone = false

    func finish(_ piece: UnitPiece, _ outcome: Result<[UInt8], any Error>, cost: UnitCost) {
        condition.lock()
        finished.append(FinishedPiece(piece: piece, outcome: outcome, cost: cost))
        unitEnded()
        condition.broadcast()
        condition.unlock()
    }

    func unitEnded() {}

    func markPoolDone() {
        condition.lock()
        poolDone = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until a unit finishes, or the pool ends if `poolDoneSeen` is false, or `timeout`
    /// passes.
    func waitForEvents(timeout: Duration?, poolDoneSeen: Bool) {
        condition.lock()
        if finished.isEmpty && poolDone == poolDoneSeen {
            if let timeout {
                _ = condition.wait(until: Date(timeIntervalSinceNow: timeout.seconds))
            } else {
                condition.wait()
            }
        }
        condition.unlock()
    }
}

/// Rank 0's source: the dealer, which its own threads and the other ranks' requests share.
final class RootSource: FarmQueue, UnitSource, @unchecked Sendable {
    private var dealer: UnitDealer

    init(dealer: UnitDealer) { self.dealer = dealer }

    func take() -> UnitPiece? {
        condition.lock()
        defer { condition.unlock() }
        guard let piece = dealer.next() else { return nil }
        UnitFarm.record(inFlight: piece, rank: 0)
        return piece
    }

    func withLock<T>(_ body: (inout UnitDealer) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body(&dealer)
    }

    func drain() -> (events: [FinishedPiece], poolDone: Bool) {
        condition.lock()
        defer { condition.unlock() }
        let events = finished
        finished = []
        return (events, poolDone)
    }
}

/// Another rank's source: the pieces rank 0 dealt it, waiting for a free thread.
final class WorkerQueue: FarmQueue, UnitSource, @unchecked Sendable {
    private var queue: [UnitPiece] = []
    private var running = 0
    private var noMore = false

    func take() -> UnitPiece? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !noMore { condition.wait() }
        guard !queue.isEmpty else { return nil }
        running += 1
        return queue.removeFirst()
    }

    override func unitEnded() { running -= 1 }

    /// Pieces from rank 0; none means there will be no more.
    func add(_ pieces: [UnitPiece]) {
        condition.lock()
        if pieces.isEmpty { noMore = true } else { queue.append(contentsOf: pieces) }
        condition.broadcast()
        condition.unlock()
    }

    /// The finished pieces, and how many pieces short of `2·threads` (one running and one
    /// queued per thread) this rank holds.
    func drain(threads: Int) -> (events: [FinishedPiece], short: Int, noMore: Bool, poolDone: Bool) {
        condition.lock()
        defer { condition.unlock() }
        let events = finished
        finished = []
        return (events, 2 * threads - queue.count - running, noMore, poolDone)
    }
}
