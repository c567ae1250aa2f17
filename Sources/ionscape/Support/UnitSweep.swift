import MPIFarm
import Foundation
import Synchronization
import WorkUnits

/// One sweep's work units — a composition point and realisation each, with all the values
/// computed on that landscape, one part per temperature — over this process's threads and,
/// under an MPI launcher, over the ranks of the job (`UnitFarm`). Units are dealt whole, and
/// toward the end of the sweep in pieces of fewer parts (`UnitDealer`), each piece building its
/// landscape again. Rank 0 reads and writes the journal (whole units only), reports progress and
/// gets the results, in unit order; the other ranks get nil and must not print or write.
struct UnitSweep<Part: Codable & Sendable> {
    /// Name of each unit, which is also its journal key (e.g. "x=0.5,r=3").
    let names: [String]
    /// Parts of every unit (temperatures; 1 for a unit that is not divided).
    let partsPerUnit: Int
    /// Compute threads per rank.
    let threads: Int
    /// Units per composition point (realisations), for the dealing order.
    let unitsPerPoint: Int
    /// Spread the units over the ranks of the MPI job (`UnitFarm.overRanks`); false keeps them in
    /// this process.
    let overRanks: Bool
    /// Deal in unit order instead of by measured cost, so that ranks that each run every unit
    /// (`--solver mumps`) run them in the same order.
    var sameOrderOnEveryRank = false

    /// What rank 0 gets back.
    struct Outcome {
        /// Every unit's parts, in unit order (journaled units included).
        let results: [[Part]]
        /// What the farm gathered about the pieces computed in this run.
        let farm: UnitFarm.Results
    }

    /// Runs the units not already in the journal: `compute(unit, parts)` returns the given parts
    /// of one unit, in order. `journal` is opened on rank 0 only; `arrived(unit, parts)` runs on
    /// rank 0 as each unit is completed (not for journaled ones).
    ///
    /// For the tests of failure reports, the units named by the environment variable
    /// `IONSCAPE_FAIL_UNIT` (names separated by ";") fail with a computation error on whichever
    /// rank computes them.
    func run(label: String, journal: () throws -> SweepJournal?, progress: ProgressReporter,
             arrived: (Int, [Part]) -> Void = { _, _ in },
             compute: @escaping @Sendable (_ unit: Int, _ parts: Range<Int>) throws -> [Part]) throws -> Outcome? {
        let (names, partsPerUnit) = (self.names, self.partsPerUnit)
        let failingUnits = Set((ProcessInfo.processInfo.environment["IONSCAPE_FAIL_UNIT"] ?? "").split(separator: ";").map(String.init))
        var stored: [Int: [Part]] = [:], computed: [Int: [Part]] = [:], pending: [Int: [Part?]] = [:]
        var opened: SweepJournal?
        var decodingError: Error?
        var farm = UnitFarm(unitCount: names.count, partsPerUnit: partsPerUnit, threads: threads,
                            order: sameOrderOnEveryRank ? .increasing : .costliestGroupFirst(groupSize: unitsPerPoint))
        farm.overRanks = overRanks
        SweepNames.current.withLock { $0 = (names, partsPerUnit) }
        defer { SweepNames.current.withLock { $0 = ([], 1) } }
        let gathered: UnitFarm.Results?
        do {
            gathered = try farm.run(
                prepare: {
                    opened = try journal()
                    if let opened {
                        for (unit, name) in names.enumerated() {
                            if let data = opened.payload(for: name), let parts = try? UnitCoding.decode([Part].self, from: data),
                               parts.count == partsPerUnit {
                                stored[unit] = parts
                            }
                        }
                    }
                    if !stored.isEmpty { progress.note("\(label): resuming with \(stored.count) of \(names.count) units already stored") }
                    return Set(stored.keys)
                },
                compute: { piece in
                    if failingUnits.contains(names[piece.unit]) { throw ComputationError("failure injected by IONSCAPE_FAIL_UNIT") }
                    let parts = try compute(piece.unit, piece.parts)
                    precondition(parts.count == piece.parts.count, "one result per part of \(piece)")
                    return Array(try UnitCoding.encode(parts))
                },
                failure: { error in ("\(error)", ErrorClassification.isBadInput(error) ? 2 : 1) },
                received: { piece, payload, _ in
                    do {
                        let parts = try UnitCoding.decode([Part].self, from: Data(payload))
                        var unit = pending[piece.unit] ?? [Part?](repeating: nil, count: partsPerUnit)
                        for (k, part) in zip(piece.parts, parts) { unit[k] = part }
                        let complete = unit.compactMap { $0 }
                        guard complete.count == partsPerUnit else {
                            pending[piece.unit] = unit
                            return
                        }
                        pending[piece.unit] = nil
                        computed[piece.unit] = complete
                        opened?.record(try UnitCoding.encode(complete), for: names[piece.unit])
                        arrived(piece.unit, complete)
                        progress.update(completed: stored.count + computed.count, total: names.count)
                    } catch {
                        decodingError = decodingError ?? error
                    }
                })
        } catch let failure as UnitFailure {
            let place = Launch.current.isDistributed ? "unit \(names[failure.unit]) on rank \(failure.rank)" : "unit \(names[failure.unit])"
            if failure.exitCode == 2 { throw InputError("\(place): \(failure.message)") }
            throw ComputationError("\(place): \(failure.message)")
        }
        guard let gathered else { return nil }
        if let decodingError { throw ComputationError("\(label): a unit's result could not be decoded: \(decodingError)") }
        let results = try (0..<names.count).map { unit in
            guard let parts = stored[unit] ?? computed[unit] else {
                throw ComputationError("\(label): no result for unit \(names[unit])")
            }
            return parts
        }
        return Outcome(results: results, farm: gathered)
    }
}

extension UnitSweep.Outcome {
    /// How the work was spread, for the run record.
    var record: [String: Any] {
        let perRank = (0..<farm.rankCount).map { r in farm.ranks.values.filter { $0 == r }.count }
        var record: [String: Any] = ["units": results.count, "pieces_computed": farm.payloads.count, "ranks": farm.rankCount,
                                     "pieces_per_rank": perRank,
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

    /// One line per piece computed in this run: its unit, parts, rank, wall and CPU seconds
    /// (`--unit-times`).
    func unitTimes(names: [String]) -> ResultTable {
        var table = ResultTable(columns: ["unit", "first_part", "parts", "rank", "wall_s", "cpu_s"])
        for piece in farm.costs.keys.sorted(by: { $0.precedes($1) }) {
            let cost = farm.costs[piece]!
            table.append([.text(names[piece.unit]), .integer(piece.parts.lowerBound), .integer(piece.parts.count),
                          .integer(farm.ranks[piece] ?? 0), .number(cost.wallSeconds), .number(cost.cpuSeconds)])
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

/// The names of the running sweep's units and their number of parts, for the message of an
/// interrupted job.
enum SweepNames {
    static let current = Mutex<(names: [String], parts: Int)>(([], 1))
}
