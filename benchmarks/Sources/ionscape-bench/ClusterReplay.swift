import Foundation
import WorkUnits

/// Stage `cluster-replay`: a simulated cluster. Replays recorded CPU costs of a σ sweep through
/// the scheduler's own dealer (`UnitDealer`: the order and the pieces the MPI farm deals) on P
/// ranks of one compute thread each, with a measured request-to-deal latency and rank 0's time
/// per message, and prints the predicted parallel efficiency for each P.
///
/// Options: `--costs FILE` (CSV `x,r,part,cpu_s` of stage `solve-costs` at the production size:
/// per composition point, the landscape build (part −1) and each temperature's solve);
/// `--spread FILE` (optional, the same at a smaller size with several realisations per point:
/// realisation r of a point costs its production cost times the ratio of recorded realisation
/// r mod R_recorded to the point's mean there); `--realizations R` (realisations per point of
/// the replayed sweep, default 30); `--latency S`, `--service S`, `--ranks 16,64,256,1024`.
///
/// Model: rank 0 computes one piece at a time and deals to itself without delay; every other
/// rank asks for a piece when its thread is idle, the request reaching rank 0 after half the
/// latency; rank 0 answers one message at a time, each taking the service time, and the deal
/// reaches the rank after the other half. A piece costs its parts' recorded solves plus one
/// landscape build. No network contention, identical nodes. Efficiency = the sweep's work
/// (every solve, one build per unit) / (P · makespan).
func clusterReplayStage() -> BenchmarkStage {
    BenchmarkStage(returning: { options in
        guard let path = options.extra["costs"] else { throw ReplayError("--costs FILE is required") }
        let production = try RecordedCosts(csv: String(contentsOfFile: path, encoding: .utf8))
        let spread = try options.extra["spread"].map { try RecordedCosts(csv: String(contentsOfFile: $0, encoding: .utf8)) }
        let realisations = Int(options.extra["realizations"] ?? "") ?? 30
        let latency = Double(options.extra["latency"] ?? "") ?? 1e-3
        let service = Double(options.extra["service"] ?? "") ?? 1e-5
        let ranks = (options.extra["ranks"] ?? "16,64,256,1024").split(separator: ",").compactMap { Int($0) }
        let sweep = try production.sweep(realisations: realisations, spread: spread)
        var notes: [String] = []
        for p in ranks {
            var line: [String: Any] = ["stage": "cluster-replay", "ranks": p, "units": sweep.units.count,
                                       "parts_per_unit": sweep.partsPerUnit, "realizations": realisations,
                                       "latency_s": latency, "service_s": service, "work_s": sweep.work,
                                       "largest_unit_s": sweep.units.map(sweep.unitCost).max() ?? 0]
            for (name, whole, order) in [("pieces", false, UnitDealer.Order.costliestGroupFirst(groupSize: realisations)),
                                         ("whole_units", true, .costliestGroupFirst(groupSize: realisations)),
                                         ("whole_units_in_order", true, .increasing)] {
                let run = ClusterReplay(sweep: sweep, order: order, wholeUnits: whole, latency: latency, service: service)
                    .run(ranks: p)
                line["efficiency_\(name)"] = sweep.work / (Double(p) * run.makespan)
                line["makespan_\(name)_s"] = run.makespan
                line["pieces_\(name)"] = run.pieces
            }
            print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
            notes.append(String(format: "%d: %.3f", p, line["efficiency_pieces"] as! Double))
        }
        return "efficiency " + notes.joined(separator: ", ")
    })
}

struct ReplayError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Recorded CPU seconds by composition point and realisation: the landscape build and each part.
struct RecordedCosts {
    /// Points in increasing x; each realisation's (build, parts).
    let points: [(x: Double, realisations: [(build: Double, parts: [Double])])]

    init(csv: String) throws {
        var table: [Double: [Int: (build: Double, parts: [Int: Double])]] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            guard f.count == 4, let x = Double(f[0]), let r = Int(f[1]), let part = Int(f[2]), let cpu = Double(f[3]) else {
                throw ReplayError("unreadable cost line: \(line)")
            }
            var entry = table[x, default: [:]][r, default: (0, [:])]
            if part < 0 { entry.build = cpu } else { entry.parts[part] = cpu }
            table[x, default: [:]][r] = entry
        }
        guard !table.isEmpty else { throw ReplayError("no costs in the file") }
        points = table.keys.sorted().map { x in
            (x, table[x]!.keys.sorted().map { r in
                let e = table[x]![r]!
                return (e.build, e.parts.keys.sorted().map { e.parts[$0]! })
            })
        }
    }

    /// The replayed sweep: every point of this recording with `realisations` realisations,
    /// realisation r costing realisation r mod R of this recording, or, with `spread`, the
    /// first one scaled by the ratio of `spread`'s realisation r mod R to its mean at the point.
    func sweep(realisations: Int, spread: RecordedCosts?) throws -> ReplaySweep {
        let partsPerUnit = points[0].realisations[0].parts.count
        var builds: [Double] = [], parts: [[Double]] = []
        for (i, point) in points.enumerated() {
            var factors = [Double](repeating: 1, count: 1)
            if let spread {
                guard i < spread.points.count, spread.points[i].x == point.x else {
                    throw ReplayError("x = \(point.x) is not in the --spread file")
                }
                let totals = spread.points[i].realisations.map { $0.build + $0.parts.reduce(0, +) }
                let mean = totals.reduce(0, +) / Double(totals.count)
                factors = totals.map { $0 / mean }
            }
            for r in 0..<realisations {
                let recorded = point.realisations[spread == nil ? r % point.realisations.count : 0]
                let factor = factors[r % factors.count]
                guard recorded.parts.count == partsPerUnit else { throw ReplayError("x = \(point.x): \(recorded.parts.count) parts, not \(partsPerUnit)") }
                builds.append(recorded.build * factor)
                parts.append(recorded.parts.map { $0 * factor })
            }
        }
        return ReplaySweep(builds: builds, parts: parts, partsPerUnit: partsPerUnit)
    }
}

/// Costs of every unit of a replayed sweep, point-major.
struct ReplaySweep {
    let builds: [Double]
    let parts: [[Double]]
    let partsPerUnit: Int

    var units: Range<Int> { parts.indices }

    /// The sweep's work: every solve, and one landscape build per unit.
    var work: Double { builds.reduce(0, +) + parts.reduce(0) { $0 + $1.reduce(0, +) } }

    func unitCost(_ unit: Int) -> Double { builds[unit] + parts[unit].reduce(0, +) }

    /// A piece builds its landscape and solves its parts.
    func cost(_ piece: UnitPiece) -> Double { builds[piece.unit] + parts[piece.unit][piece.parts].reduce(0, +) }
}

/// The discrete-event simulation of the farm (see `clusterReplayStage`).
struct ClusterReplay {
    let sweep: ReplaySweep
    let order: UnitDealer.Order
    /// Deal whole units only (the dealer told the units have one part each).
    let wholeUnits: Bool
    let latency: Double
    let service: Double

    private enum Event {
        case finished(rank: Int, piece: UnitPiece)
        case requestArrives(rank: Int, finished: UnitPiece?)
        case dealArrives(rank: Int, piece: UnitPiece?)
    }

    func run(ranks: Int) -> (makespan: Double, pieces: Int) {
        var dealer = UnitDealer(units: Array(sweep.units), partsPerUnit: wholeUnits ? 1 : sweep.partsPerUnit,
                                consumers: ranks, order: order)
        func next() -> UnitPiece? {
            guard let p = dealer.next() else { return nil }
            return wholeUnits ? UnitPiece(unit: p.unit, parts: 0..<sweep.partsPerUnit) : p
        }
        func finished(_ piece: UnitPiece) {
            dealer.finished(wholeUnits ? UnitPiece(unit: piece.unit, parts: 0..<1) : piece, seconds: sweep.cost(piece))
        }
        var queue = EventQueue<Event>()
        var rootFreeAt = 0.0, end = 0.0
        if let p = next() { queue.push(sweep.cost(p), .finished(rank: 0, piece: p)) }
        for r in 1..<max(ranks, 1) { queue.push(latency / 2, .requestArrives(rank: r, finished: nil)) }
        while let (time, event) = queue.pop() {
            switch event {
            case let .finished(0, piece):
                finished(piece)
                end = max(end, time)
                if let p = next() { queue.push(time + sweep.cost(p), .finished(rank: 0, piece: p)) }
            case let .finished(rank, piece):
                queue.push(time + latency / 2, .requestArrives(rank: rank, finished: piece))
            case let .requestArrives(rank, piece):
                let start = max(time, rootFreeAt)
                rootFreeAt = start + service
                if let piece {
                    finished(piece)
                    end = max(end, rootFreeAt)
                }
                queue.push(rootFreeAt + latency / 2, .dealArrives(rank: rank, piece: next()))
            case let .dealArrives(rank, piece):
                if let piece { queue.push(time + sweep.cost(piece), .finished(rank: rank, piece: piece)) }
            }
        }
        return (end, dealer.dealtCount)
    }
}

/// A min-heap of timed events; ties pop in insertion order, so a replay is deterministic.
struct EventQueue<Event> {
    private var heap: [(time: Double, order: Int, event: Event)] = []
    private var pushed = 0

    mutating func push(_ time: Double, _ event: Event) {
        heap.append((time, pushed, event))
        pushed += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (Double, Event)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < heap.count && precedes(left, first) { first = left }
            if right < heap.count && precedes(right, first) { first = right }
            guard first != parent else { break }
            heap.swapAt(parent, first)
            parent = first
        }
        return (top.time, top.event)
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        heap[a].time != heap[b].time ? heap[a].time < heap[b].time : heap[a].order < heap[b].order
    }
}
