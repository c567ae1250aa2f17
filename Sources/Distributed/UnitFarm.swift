import Foundation
import Synchronization
import WorkUnits

/// Runs a sweep's work units over the ranks of an MPI job and the threads of each rank, and
/// gathers their results on rank 0; in a plain run, over the threads of this process only.
///
/// Every rank calls `run` with the same arguments at the same point of the same command. Rank 0
/// deals units on request (`UnitDealer`) while its own threads compute as well; every other
/// rank asks for as many units as it has idle threads and sends each result back as soon as it
/// is finished. A result is an opaque byte string (the front end encodes each unit's values so
/// that they survive bit for bit) and rank 0 keys it by its unit, so results do not depend on
/// how many ranks or threads computed them.
///
/// All MPI calls are made by the thread that calls `run`; the compute threads never touch MPI.
public struct UnitFarm: Sendable {
    /// Units 0..<unitCount.
    public let unitCount: Int
    /// Compute threads on each rank.
    public let threads: Int
    public let order: UnitDealer.Order
    /// How long a rank waiting for a message sleeps between looks (a thread's finished unit
    /// wakes it at once).
    public var pollInterval: Duration = .microseconds(500)
    /// Whether to spread the units over the ranks when a launcher started several (`Launch`);
    /// when false, or in a plain run, every rank runs all units on its own threads.
    public var overRanks = true

    public init(unitCount: Int, threads: Int, order: UnitDealer.Order = .increasing) {
        precondition(unitCount >= 0 && threads >= 1, "unit count ≥ 0 and threads ≥ 1")
        self.unitCount = unitCount
        self.threads = threads
        self.order = order
    }

    /// What rank 0 gathered.
    public struct Results: Sendable {
        /// Payload of every unit computed in this run (not those `prepare` reported done).
        public var payloads: [Int: [UInt8]] = [:]
        /// What each of them cost, and the rank that computed it.
        public var costs: [Int: UnitCost] = [:]
        public var ranks: [Int: Int] = [:]
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
    /// - `compute(unit)` runs on the compute threads of whichever rank the unit is dealt to.
    /// - `failure(error)` turns an error of `compute` or `prepare` into a message and an exit code.
    /// - `received(unit, payload, cost)` runs on rank 0 for each result as it arrives, on the
    ///   calling thread (journal, progress).
    ///
    /// Returns the results on rank 0 and nil on the others. When units fail, rank 0 throws the
    /// `UnitFailure` of the lowest failing unit (the same for any ranks × threads) and the other
    /// ranks throw `FarmStopped` with its exit code; only rank 0 should print it.
    public func run(prepare: () throws -> Set<Int>,
                    compute: @escaping @Sendable (Int) throws -> [UInt8],
                    failure: (any Error) -> (message: String, exitCode: Int32),
                    received: (Int, [UInt8], UnitCost) -> Void) throws -> Results? {
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

    /// Units in flight on rank 0's books (unit, rank it was dealt to), lowest unit first: what a
    /// message about an interrupted job should name. Empty outside `run` and on other ranks.
    public static func unitsInFlight() -> [(unit: Int, rank: Int)] {
        ledger.withLock { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }

    // MARK: Rank 0

    private func runRoot(communicator: Communicator?, pending: [Int],
                         compute: @escaping @Sendable (Int) throws -> [UInt8],
                         failure: (any Error) -> (message: String, exitCode: Int32),
                         received: (Int, [UInt8], UnitCost) -> Void) throws -> Results {
        let source = RootSource(dealer: UnitDealer(units: pending, order: order))
        var results = Results(rankCount: communicator?.size ?? 1)
        var lowest: UnitFailure?
        let workers = Set(1..<(communicator?.size ?? 1))
        var finishedWorkers = Set<Int>()
        var sends: [PendingSend] = []
        Self.ledger.withLock { $0.removeAll() }
        defer { Self.ledger.withLock { $0.removeAll() } }

        func accept(_ unit: Int, rank: Int, payload: [UInt8], cost: UnitCost) {
            results.payloads[unit] = payload
            results.costs[unit] = cost
            results.ranks[unit] = rank
            source.withLock { $0.finished(unit, seconds: cost.cpuSeconds) }
            Self.ledger.withLock { _ = $0.removeValue(forKey: unit) }
            received(unit, payload, cost)
        }
        func reject(_ failed: UnitFailure) {
            Self.ledger.withLock { _ = $0.removeValue(forKey: failed.unit) }
            if source.withLock({ $0.failed(failed.unit) }) { lowest = failed }
        }

        let threads = min(self.threads, max(pending.count, 1))
        Thread.detachNewThread { [source] in
            UnitThreads.run(threads: threads, source: source, compute: compute)
            source.markPoolDone()
        }
        while true {
            let (events, poolDone) = source.drain()
            for event in events {
                switch event.outcome {
                case let .success(payload):
                    accept(event.unit, rank: 0, payload: payload, cost: event.cost)
                case let .failure(error):
                    let (message, code) = failure(error)
                    reject(UnitFailure(unit: event.unit, rank: 0, message: message, exitCode: code, underlying: error))
                }
            }
            if let communicator {
                while let message = try communicator.receiveIfArrived(tag: Tag.report) {
                    let serviceStart = ContinuousClock.now
                    defer { results.serviceSeconds.append((ContinuousClock.now - serviceStart).seconds) }
                    let report = try Report(message.bytes)
                    results.dealLatencies += report.latencies
                    for r in report.results { accept(r.unit, rank: message.source, payload: r.payload, cost: r.cost) }
                    for f in report.failures {
                        reject(UnitFailure(unit: f.unit, rank: message.source, message: f.message, exitCode: f.exitCode, underlying: nil))
                    }
                    if report.wanted > 0 {
                        let units = source.withLock { dealer in
                            var units: [Int] = []
                            while units.count < report.wanted, let u = dealer.next() { units.append(u) }
                            return units
                        }
                        Self.ledger.withLock { l in units.forEach { l[$0] = message.source } }
                        var w = WireWriter()
                        w.int(units.count)
                        units.forEach { w.int($0) }
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

    private func runWorker(_ communicator: Communicator, compute: @escaping @Sendable (Int) throws -> [UInt8],
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
            let (events, idle, noMore, poolDone) = queue.drain(threads: threads)
            var report = Report()
            for event in events {
                switch event.outcome {
                case let .success(payload): report.results.append((event.unit, event.cost, payload))
                case let .failure(error):
                    let (message, code) = failure(error)
                    report.failures.append((event.unit, code, message))
                }
            }
            if !requested && !noMore && idle > 0 { report.wanted = idle }
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
                queue.add(try (0..<max(count, 0)).map { _ throws(MPIError) in try r.int() })
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

    private static let ledger = Mutex<[Int: Int]>([:])
    private static let duplicate = Mutex<Communicator?>(nil)

    /// The farm's own communicator (a duplicate of the world's, made at the first farm), so
    /// that its messages never meet those of other MPI users in the process.
    static func communicator() throws(MPIError) -> Communicator {
        if let c = duplicate.withLock({ $0 }) { return c }
        let c = try MPIRuntime.world().duplicate()
        duplicate.withLock { $0 = c }
        return c
    }

    static func record(inFlight unit: Int, rank: Int) { ledger.withLock { $0[unit] = rank } }
}

/// The lowest failing unit of a farm, as rank 0 reports it.
public struct UnitFailure: Error, CustomStringConvertible {
    public let unit: Int
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

/// A unit's outcome on its way from a compute thread to the thread that talks MPI.
struct FinishedUnit: @unchecked Sendable {   // `any Error` crosses threads only under a lock
    let unit: Int
    let outcome: Result<[UInt8], any Error>
    let cost: UnitCost
}

/// The lock and condition shared by a rank's compute threads and its MPI thread.
class FarmQueue: @unchecked Sendable {   // all state is guarded by `condition`
    let condition = NSCondition()
    var finished: [FinishedUnit] = []
    var poolDone = false

    func finish(_ unit: Int, _ outcome: Result<[UInt8], any Error>, cost: UnitCost) {
        condition.lock()
        finished.append(FinishedUnit(unit: unit, outcome: outcome, cost: cost))
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

    func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard let unit = dealer.next() else { return nil }
        UnitFarm.record(inFlight: unit, rank: 0)
        return unit
    }

    func withLock<T>(_ body: (inout UnitDealer) -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body(&dealer)
    }

    func drain() -> (events: [FinishedUnit], poolDone: Bool) {
        condition.lock()
        defer { condition.unlock() }
        let events = finished
        finished = []
        return (events, poolDone)
    }
}

/// Another rank's source: the units rank 0 dealt it, waiting for a free thread.
final class WorkerQueue: FarmQueue, UnitSource, @unchecked Sendable {
    private var queue: [Int] = []
    private var running = 0
    private var noMore = false

    func take() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !noMore { condition.wait() }
        guard !queue.isEmpty else { return nil }
        running += 1
        return queue.removeFirst()
    }

    override func unitEnded() { running -= 1 }

    /// Units from rank 0; none means there will be no more.
    func add(_ units: [Int]) {
        condition.lock()
        if units.isEmpty { noMore = true } else { queue.append(contentsOf: units) }
        condition.broadcast()
        condition.unlock()
    }

    func drain(threads: Int) -> (events: [FinishedUnit], idle: Int, noMore: Bool, poolDone: Bool) {
        condition.lock()
        defer { condition.unlock() }
        let events = finished
        finished = []
        return (events, threads - queue.count - running, noMore, poolDone)
    }
}

/// A report from another rank to rank 0: finished units, failed units, how many more units it
/// wants, and whether it is done (no more units, all threads idle; then also the latencies of
/// its requests).
struct Report {
    var wanted = 0
    var done = false
    var latencies: [Double] = []
    var results: [(unit: Int, cost: UnitCost, payload: [UInt8])] = []
    var failures: [(unit: Int, exitCode: Int32, message: String)] = []

    init() {}

    init(_ bytes: [UInt8]) throws(MPIError) {
        var r = WireReader(bytes, name: "report")
        wanted = try r.int()
        done = try r.int() != 0
        for _ in 0..<max(try r.int(), 0) {
            let unit = try r.int()
            let cost = UnitCost(wallSeconds: try r.double(), cpuSeconds: try r.double())
            results.append((unit, cost, try r.bytes()))
        }
        for _ in 0..<max(try r.int(), 0) {
            failures.append((try r.int(), Int32(clamping: try r.int()), try r.string()))
        }
        for _ in 0..<max(try r.int(), 0) { latencies.append(try r.double()) }
    }

    var bytes: [UInt8] {
        var w = WireWriter()
        w.int(wanted)
        w.int(done ? 1 : 0)
        w.int(results.count)
        for r in results {
            w.int(r.unit)
            w.double(r.cost.wallSeconds)
            w.double(r.cost.cpuSeconds)
            w.bytes(r.payload)
        }
        w.int(failures.count)
        for f in failures {
            w.int(f.unit)
            w.int(Int(f.exitCode))
            w.string(f.message)
        }
        w.int(latencies.count)
        latencies.forEach { w.double($0) }
        return w.bytes
    }
}
