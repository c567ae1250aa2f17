import Foundation
import Synchronization
import WorkUnits

/// Runs a sweep's work units over the ranks of an MPI job and the threads of each rank, and
/// gathers their results on rank 0; in a plain run, over the threads of this process only.
///
/// Every rank calls `run` with the same arguments at the same point of the same command. Rank 0
/// deals units on request (`UnitDealer`) while its own threads compute as well; every other
/// rank keeps one unit queued per thread beyond those running (it asks for the difference
/// whenever it falls short, so a thread that finishes starts its next unit without waiting for
/// rank 0) and sends each result back as soon as it is finished. A result is an opaque byte string (the front end encodes each unit's values so
/// that they survive bit for bit) and rank 0 keys it by its unit, so results do not depend on
/// how many ranks or threads computed them.
///
/// All MPI calls are made by the thread that calls `run`; the compute threads never touch MPI.
public struct UnitFarm: Sendable {
    /// Units 0..<unitCount, each of `partsPerUnit` parts, dealt in pieces (`UnitDealer`).
    public let unitCount: Int
    public let partsPerUnit: Int
    /// Compute threads on each rank.
    public let threads: Int
    public let order: UnitDealer.Order
    /// How long a rank waiting for a message sleeps between looks (a thread's finished unit
    /// wakes it at once).
    public var pollInterval: Duration = .milliseconds(2)
    /// Whether to spread the units over the ranks when a launcher started several (`Launch`);
    /// when false, or in a plain run, every rank runs all units on its own threads.
    public var overRanks = true

    public init(unitCount: Int, partsPerUnit: Int = 1, threads: Int, order: UnitDealer.Order = .increasing) {
        precondition(unitCount >= 0 && partsPerUnit >= 1 && threads >= 1, "unit count ≥ 0, parts and threads ≥ 1")
        self.unitCount = unitCount
        self.partsPerUnit = partsPerUnit
        self.threads = threads
        self.order = order
    }

    /// What rank 0 gathered.
    public struct Results: Sendable {
        /// Payload of every piece computed in this run (not of the units `prepare` reported done).
        public var payloads: [UnitPiece: [UInt8]] = [:]
        /// What each of them cost, and the rank that computed it.
        public var costs: [UnitPiece: UnitCost] = [:]
        public var ranks: [UnitPiece: Int] = [:]
        /// Ranks in the job (1 in a plain run).
        public var rankCount = 1
        /// Seconds from another rank's request for units to its receipt of them, per request:
        /// the latency the scheduler adds (messages, both ranks' polling, rank 0's queue).
        public var dealLatencies: [Double] = []
        /// Seconds rank 0 spent on each message from another rank (results, journal, deal).
        public var serviceSeconds: [Double] = []
    }

    /// Runs the units.
    ///
    /// - `prepare` runs on rank 0 only, before any unit (e.g. opening a journal); it returns the
    ///   units already done, which are skipped. If it throws, every rank ends: rank 0 rethrows
    ///   the error, the others throw `FarmStopped` with its exit code.
    /// - `compute(piece)` runs on the compute threads of whichever rank the piece is dealt to.
    /// - `failure(error)` turns an error of `compute` or `prepare` into a message and an exit code.
    /// - `received(piece, payload, cost)` runs on rank 0 for each result as it arrives, on the
    ///   calling thread (journal, progress).
    ///
    /// Returns the results on rank 0 and nil on the others. When units fail, rank 0 throws the
    /// `UnitFailure` of the lowest failing unit (the same for any ranks × threads) and the other
    /// ranks throw `FarmStopped` with its exit code; only rank 0 should print it.
    public func run(prepare: () throws -> Set<Int>,
                    compute: @escaping @Sendable (UnitPiece) throws -> [UInt8],
                    failure: (any Error) -> (message: String, exitCode: Int32),
                    received: (UnitPiece, [UInt8], UnitCost) -> Void) throws -> Results? {
        guard overRanks && Launch.current.isDistributed else {
            return try runRoot(communicator: nil, pending: pending(done: prepare()), compute: compute,
                               failure: failure, received: received)
        }
        let communicator = try Self.communicator()
        guard communicator.size > 1 else {
            return try runRoot(communicator: nil, pending: pending(done: prepare()), compute: compute,
                               failure: failure, received: received)
        }
        if communicator.rank == 0 {
            let done: Set<Int>
            do {
                done = try prepare()
            } catch {
                try start(communicator, verdict: failure(error).exitCode)
                throw error
            }
            try start(communicator, verdict: 0)
            return try runRoot(communicator: communicator, pending: pending(done: done), compute: compute,
                               failure: failure, received: received)
        }
        let verdict = try awaitStart(communicator)
        guard verdict == 0 else { throw FarmStopped(exitCode: verdict) }
        try runWorker(communicator, compute: compute, failure: failure)
        return nil
    }

    /// Pieces in flight on rank 0's books (piece, rank it was dealt to), in sweep order: what a
    /// message about an interrupted job should name. Empty outside `run` and on other ranks.
    public static func piecesInFlight() -> [(piece: UnitPiece, rank: Int)] {
        ledger.withLock { $0.sorted { $0.key.precedes($1.key) }.map { ($0.key, $0.value) } }
    }

    // MARK: Rank 0

    private func runRoot(communicator: Communicator?, pending: [Int],
                         compute: @escaping @Sendable (UnitPiece) throws -> [UInt8],
                         failure: (any Error) -> (message: String, exitCode: Int32),
                         received: (UnitPiece, [UInt8], UnitCost) -> Void) throws -> Results {
        let consumers = threads * (communicator?.size ?? 1)
        let source = RootSource(dealer: UnitDealer(units: pending, partsPerUnit: partsPerUnit, consumers: consumers, order: order))
        var results = Results(rankCount: communicator?.size ?? 1)
        var lowest: UnitFailure?
        let workers = Set(1..<(communicator?.size ?? 1))
        var finishedWorkers = Set<Int>()
        var sends: [PendingSend] = []
        Self.ledger.withLock { $0.removeAll() }
        defer { Self.ledger.withLock { $0.removeAll() } }

        func accept(_ piece: UnitPiece, rank: Int, payload: [UInt8], cost: UnitCost) {
            results.payloads[piece] = payload
            results.costs[piece] = cost
            results.ranks[piece] = rank
            source.withLock { $0.finished(piece, seconds: cost.cpuSeconds) }
            Self.ledger.withLock { _ = $0.removeValue(forKey: piece) }
            received(piece, payload, cost)
        }
        func reject(_ failed: UnitFailure) {
            Self.ledger.withLock { _ = $0.removeValue(forKey: failed.piece) }
            if source.withLock({ $0.failed(failed.piece) }) { lowest = failed }
        }

        let threads = min(self.threads, max(pending.count * partsPerUnit, 1))
        Thread.detachNewThread { [source] in
            UnitThreads.run(threads: threads, source: source, compute: compute)
            source.markPoolDone()
        }
        while true {
            let (events, poolDone) = source.drain()
            for event in events {
                switch event.outcome {
                case let .success(payload):
                    accept(event.piece, rank: 0, payload: payload, cost: event.cost)
                case let .failure(error):
                    let (message, code) = failure(error)
                    reject(UnitFailure(piece: event.piece, rank: 0, message: message, exitCode: code, underlying: error))
                }
            }
            if let communicator {
                while let message = try communicator.receiveIfArrived(tag: Tag.report) {
                    let serviceStart = ContinuousClock.now
                    defer { results.serviceSeconds.append((ContinuousClock.now - serviceStart).seconds) }
                    let report = try Report(message.bytes)
                    results.dealLatencies += report.latencies
                    for r in report.results { accept(r.piece, rank: message.source, payload: r.payload, cost: r.cost) }
                    for f in report.failures {
                        reject(UnitFailure(piece: f.piece, rank: message.source, message: f.message, exitCode: f.exitCode, underlying: nil))
                    }
                    if report.wanted > 0 {
                        let pieces = source.withLock { dealer in
                            var pieces: [UnitPiece] = []
                            while pieces.count < report.wanted, let p = dealer.next() { pieces.append(p) }
                            return pieces
                        }
                        Self.ledger.withLock { l in pieces.forEach { l[$0] = message.source } }
                        var w = WireWriter()
                        w.int(pieces.count)
                        pieces.forEach { w.piece($0) }
                        sends.append(try communicator.send(w.bytes, to: message.source, tag: Tag.deal))
                    }
                    if report.done { finishedWorkers.insert(message.source) }
                }
                sends = try sends.filter { try !$0.isComplete() }
            }
            guard events.isEmpty else { continue }
            if poolDone && finishedWorkers == workers { break }
            source.waitForEvents(timeout: communicator == nil ? nil : pollInterval, poolDoneSeen: poolDone)
        }
        if let communicator {
            var w = WireWriter()
            w.int(Int(lowest?.exitCode ?? 0))
            for rank in workers { sends.append(try communicator.send(w.bytes, to: rank, tag: Tag.stop)) }
            for send in sends { try send.wait() }
        }
        if let lowest { throw lowest }
        return results
    }

    private func pending(done: Set<Int>) -> [Int] { (0..<unitCount).filter { !done.contains($0) } }

    private func start(_ communicator: Communicator, verdict: Int32) throws(MPIError) {
        var w = WireWriter()
        w.int(Int(verdict))
        let sends = try (1..<communicator.size).map { rank throws(MPIError) in try communicator.send(w.bytes, to: rank, tag: Tag.start) }
        for send in sends { try send.wait() }
    }

    // MARK: Other ranks

    /// Rank 0's verdict on starting this farm (0: go), or, when rank 0 ended the job instead,
    /// its exit code as a non-zero verdict.
    private func awaitStart(_ communicator: Communicator) throws(MPIError) -> Int32 {
        while true {
            if let message = try communicator.receiveIfArrived(from: 0) {
                var r = WireReader(message.bytes, name: "start")
                let code = Int32(clamping: try r.int())
                switch message.tag {
                case Tag.start: return code
                case Tag.end:
                    Self.endCode.withLock { $0 = code }
                    return code == 0 ? 1 : code   // ended between farms: this rank cannot go on
                default:
                    throw MPIError.call(function: "UnitFarm", code: -1, message: "unexpected message tag \(message.tag) from rank 0")
                }
            }
            Thread.sleep(forTimeInterval: pollInterval.seconds)
        }
    }

    private func runWorker(_ communicator: Communicator, compute: @escaping @Sendable (UnitPiece) throws -> [UInt8],
                           failure: (any Error) -> (message: String, exitCode: Int32)) throws {
        let queue = WorkerQueue()
        let threads = self.threads
        Thread.detachNewThread { [queue] in
            UnitThreads.run(threads: threads, source: queue, compute: compute)
            queue.markPoolDone()
        }
        var requested = false, doneSent = false
        var stopCode: Int32?
        var requestedAt = ContinuousClock.now
        var latencies: [Double] = []
        var sends: [PendingSend] = []
        while true {
            let (events, short, noMore, poolDone) = queue.drain(threads: threads)
            var report = Report()
            for event in events {
                switch event.outcome {
                case let .success(payload): report.results.append((event.piece, event.cost, payload))
                case let .failure(error):
                    let (message, code) = failure(error)
                    report.failures.append((event.piece, code, message))
                }
            }
            if !requested && !noMore && short > 0 { report.wanted = short }
            if poolDone && noMore && !doneSent {
                report.done = true
                report.latencies = latencies
            }
            if !report.results.isEmpty || !report.failures.isEmpty || report.wanted > 0 || report.done {
                sends.append(try communicator.send(report.bytes, to: 0, tag: Tag.report))
                if report.wanted > 0 { requestedAt = ContinuousClock.now }
                requested = requested || report.wanted > 0
                doneSent = doneSent || report.done
            }
            while let message = try communicator.receiveIfArrived(from: 0, tag: Tag.deal) {
                var r = WireReader(message.bytes, name: "deal")
                let count = try r.int()
                queue.add(try (0..<max(count, 0)).map { _ throws(MPIError) in try r.piece() })
                latencies.append((ContinuousClock.now - requestedAt).seconds)
                requested = false
            }
            // Rank 0 stops the farm only once this rank is done, so nothing is dealt after it.
            if doneSent, let message = try communicator.receiveIfArrived(from: 0, tag: Tag.stop) {
                var r = WireReader(message.bytes, name: "stop")
                stopCode = Int32(clamping: try r.int())
            }
            sends = try sends.filter { try !$0.isComplete() }
            if let stopCode, doneSent {
                for send in sends { try send.wait() }
                if stopCode != 0 { throw FarmStopped(exitCode: stopCode) }
                return
            }
            queue.waitForEvents(timeout: pollInterval, poolDoneSeen: poolDone)
        }
    }

    // MARK: End of the job

    /// Ends the job on this rank and returns the code to exit with. Every rank calls it once,
    /// on every way out, after its last farm. Rank 0 sends its `exitCode` to the other ranks;
    /// they wait for it (or have it already) and return it, so that every rank of the job exits
    /// with rank 0's code. Then MPI is finalised. Without MPI (a plain run, or no farm ran),
    /// returns `exitCode` at once.
    public static func endJob(exitCode: Int32) -> Int32 {
        guard MPIRuntime.isInitialized, let communicator = duplicate.withLock({ $0 }), communicator.size > 1 else {
            MPIRuntime.finalize()
            return exitCode
        }
        var code = exitCode
        do {
            if communicator.rank == 0 {
                var w = WireWriter()
                w.int(Int(exitCode))
                let sends = try (1..<communicator.size).map { rank throws(MPIError) in try communicator.send(w.bytes, to: rank, tag: Tag.end) }
                for send in sends { try send.wait() }
            } else if let received = endCode.withLock({ $0 }) {
                code = received
            } else {
                while true {
                    if let message = try communicator.receiveIfArrived(from: 0, tag: Tag.end) {
                        var r = WireReader(message.bytes, name: "end")
                        code = Int32(clamping: try r.int())
                        break
                    }
                    Thread.sleep(forTimeInterval: 0.001)
                }
            }
        } catch {
            FileHandle.standardError.write(Data("ionscape: rank \(communicator.rank): \(error)\n".utf8))
            MPIRuntime.abort(code: exitCode == 0 ? 1 : exitCode)
        }
        MPIRuntime.finalize()
        return code
    }

    // MARK: Shared

    enum Tag {
        static let start: Int32 = 1, report: Int32 = 2, deal: Int32 = 3, stop: Int32 = 4, end: Int32 = 5
    }

    /// The exit code rank 0 sent with `Tag.end`, once received.
    private static let endCode = Mutex<Int32?>(nil)

    private static let ledger = Mutex<[UnitPiece: Int]>([:])
    private static let duplicate = Mutex<Communicator?>(nil)

    /// The farm's own communicator (a duplicate of the world's, made at the first farm), so
    /// that its messages never meet those of other MPI users in the process.
    static func communicator() throws(MPIError) -> Communicator {
        if let c = duplicate.withLock({ $0 }) { return c }
        let c = try MPIRuntime.world().duplicate()
        duplicate.withLock { $0 = c }
        return c
    }

    static func record(inFlight piece: UnitPiece, rank: Int) { ledger.withLock { $0[piece] = rank } }
}

/// The lowest failing piece of a farm, as rank 0 reports it.
public struct UnitFailure: Error, CustomStringConvertible {
    public let piece: UnitPiece
    public var unit: Int { piece.unit }
    /// The rank that computed it.
    public let rank: Int
    /// `failure(error)`'s message, made on that rank.
    public let message: String
    public let exitCode: Int32
    /// The error itself when it was thrown on rank 0; nil when it came from another rank.
    public let underlying: (any Error)?

    public var description: String { message }
}

/// Rank 0 ended the farm with a failure it reports itself; this rank should exit with `exitCode`
/// without printing anything.
public struct FarmStopped: Error {
    public let exitCode: Int32
}
