import Distributed
import Foundation
import Synchronization
import WorkUnits

/// One sweep's work units — a composition point and realisation each, with all the values
/// computed on that landscape — over this process's threads and, under an MPI launcher, over
/// the ranks of the job (`UnitFarm`). Rank 0 reads and writes the journal, reports progress and
/// gets the results, in unit order; the other ranks get nil and must not print or write.
struct UnitSweep<Result: Codable & Sendable> {
    /// Name of each unit, which is also its journal key (e.g. "x=0.5,r=3").
    let names: [String]
    /// Compute threads per rank.
    let threads: Int
    /// Units per composition point (realisations), for the dealing order.
    let unitsPerPoint: Int

    /// What rank 0 gets back.
    struct Outcome {
        /// Every unit's result, in unit order (journaled ones included).
        let results: [Result]
        /// What the farm gathered about the units computed in this run.
        let farm: UnitFarm.Results
    }

    /// Runs the units not already in the journal. `journal` is opened on rank 0 only.
    ///
    /// For the tests of failure reports, the unit named by the environment variable
    /// `IONSCAPE_FAIL_UNIT` fails with a computation error on whichever rank computes it.
    /// `arrived(unit, result)` runs on rank 0 as each new result comes in (not for journaled ones).
    func run(label: String, journal: () throws -> SweepJournal?, progress: ProgressReporter,
             arrived: (Int, Result) -> Void = { _, _ in },
             compute: @escaping @Sendable (Int) throws -> Result) throws -> Outcome? {
        let names = self.names
        let failingUnit = ProcessInfo.processInfo.environment["IONSCAPE_FAIL_UNIT"]
        var stored: [Int: Result] = [:], computed: [Int: Result] = [:]
        var opened: SweepJournal?
        var decodingError: Error?
        var farm = UnitFarm(unitCount: names.count, threads: threads, order: .costliestGroupFirst(groupSize: unitsPerPoint))
        farm.overRanks = UnitSweeps.overRanks
        SweepNames.current.withLock { $0 = names }
        defer { SweepNames.current.withLock { $0 = [] } }
        let gathered: UnitFarm.Results?
        do {
            gathered = try farm.run(
                prepare: {
                    opened = try journal()
                    if let opened {
                        for (unit, name) in names.enumerated() {
                            if let data = opened.payload(for: name), let result = try? UnitCoding.decode(Result.self, from: data) {
                                stored[unit] = result
                            }
                        }
                    }
                    if !stored.isEmpty { progress.note("\(label): resuming with \(stored.count) of \(names.count) units already stored") }
                    return Set(stored.keys)
                },
                compute: { unit in
                    if names[unit] == failingUnit { throw ComputationError("failure injected by IONSCAPE_FAIL_UNIT") }
                    return Array(try UnitCoding.encode(compute(unit)))
                },
                failure: { error in ("\(error)", ErrorClassification.isBadInput(error) ? 2 : 1) },
                received: { unit, payload, _ in
                    do {
                        let result = try UnitCoding.decode(Result.self, from: Data(payload))
                        computed[unit] = result
                        opened?.record(Data(payload), for: names[unit])
                        arrived(unit, result)
                    } catch {
                        decodingError = decodingError ?? error
                    }
                    progress.update(completed: stored.count + computed.count, total: names.count)
                })
        } catch let failure as UnitFailure {
            let place = Launch.current.isDistributed ? "unit \(names[failure.unit]) on rank \(failure.rank)" : "unit \(names[failure.unit])"
            if failure.exitCode == 2 { throw InputError("\(place): \(failure.message)") }
            throw ComputationError("\(place): \(failure.message)")
        }
        guard let gathered else { return nil }
        if let decodingError { throw ComputationError("\(label): a unit's result could not be decoded: \(decodingError)") }
        let results = try (0..<names.count).map { unit in
            guard let result = stored[unit] ?? computed[unit] else {
                throw ComputationError("\(label): no result for unit \(names[unit])")
            }
            return result
        }
        return Outcome(results: results, farm: gathered)
    }
}

extension UnitSweep.Outcome {
    /// How the units were spread, for the run record.
    var record: [String: Any] {
        let perRank = (0..<farm.rankCount).map { r in farm.ranks.values.filter { $0 == r }.count }
        var record: [String: Any] = ["units": results.count, "computed": farm.payloads.count, "ranks": farm.rankCount,
                                     "units_per_rank": perRank,
                                     "cpu_seconds": farm.costs.values.reduce(0) { $0 + $1.cpuSeconds }]
        if !farm.dealLatencies.isEmpty {
            record["deal_latency_seconds"] = Self.quantiles(farm.dealLatencies)
            record["rank0_seconds_per_message"] = Self.quantiles(farm.serviceSeconds)
        }
        return record
    }

    /// Median, 90th percentile and maximum (nearest rank).
    static func quantiles(_ values: [Double]) -> [String: Double] {
        let sorted = values.sorted()
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1)] }
        return ["median": at(0.5), "p90": at(0.9), "max": sorted.last ?? 0, "count": Double(sorted.count)]
    }

    /// One line per computed unit: its name, rank, wall and CPU seconds (`--unit-times`).
    func unitTimes(names: [String]) -> ResultTable {
        var table = ResultTable(columns: ["unit", "rank", "wall_s", "cpu_s"])
        for unit in farm.costs.keys.sorted() {
            let cost = farm.costs[unit]!
            table.append([.text(names[unit]), .integer(farm.ranks[unit] ?? 0), .number(cost.wallSeconds), .number(cost.cpuSeconds)])
        }
        return table
    }
}

/// A unit's result as bytes: a binary property list, which stores every Double by its bit
/// pattern, so a result that crosses ranks or the journal comes back bit for bit.
enum UnitCoding {
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = PropertyListEncoder()
        encoder.outputFormat = .binary
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try PropertyListDecoder().decode(type, from: data)
    }
}

/// Whether sweeps spread over the ranks of an MPI job: set by `Ionscape.main` for the sweep
/// commands under a launcher; other commands run on rank 0 alone and keep their sweeps local.
enum UnitSweeps {
    nonisolated(unsafe) static var overRanks = false
}

/// The names of the running sweep's units, for the message of an interrupted job.
enum SweepNames {
    static let current = Mutex<[String]>([])
}
