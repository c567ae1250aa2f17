import Foundation
import WorkUnits

/// Stage `cluster-replay`: a simulated cluster. Replays recorded per-unit costs through the
/// scheduler's own dealer (`UnitDealer`, the order the MPI farm uses) on P ranks of one compute
/// thread each, with a measured request-to-deal latency and rank 0's time per message, and
/// prints the predicted parallel efficiency Σ cost / (P · makespan) for each P.
///
/// Options: `--unit-times FILE` (the CSV of `ionscape conductivity --unit-times`, units named
/// `x=…,r=…`: the spread between realisations of each point), `--point-times FILE` (optional,
/// the same at the production size with at least one realisation per point: each point's
/// recorded realisations are rescaled to the mean of its production units), `--realizations R`
/// (realisations per point of the replayed sweep; recorded realisations are reused in turn,
/// r → r mod R_recorded), `--latency S`, `--service S`, `--ranks 16,64,256,1024`.
///
/// Model: rank 0 computes one unit at a time and deals to itself without delay; every other
/// rank asks for a unit when its thread is idle, the request reaching rank 0 after half the
/// latency; rank 0 answers requests one at a time, each taking the service time, and the deal
/// reaches the rank after the other half. Units cost exactly their recorded CPU time: no
/// network contention and identical nodes.
func clusterReplayStage() -> BenchmarkStage {
    BenchmarkStage(returning: { options in
        guard let path = options.extra["unit-times"] else { throw ReplayError("--unit-times FILE is required") }
        var recorded = try RecordedUnits(csv: String(contentsOfFile: path, encoding: .utf8))
        if let production = options.extra["point-times"] {
            recorded = try recorded.rescaled(to: RecordedUnits(csv: String(contentsOfFile: production, encoding: .utf8)))
        }
        let realisations = Int(options.extra["realizations"] ?? "") ?? 30
        let latency = Double(options.extra["latency"] ?? "") ?? 1e-3
        let service = Double(options.extra["service"] ?? "") ?? 1e-5
        let ranks = (options.extra["ranks"] ?? "16,64,256,1024").split(separator: ",").compactMap { Int($0) }
        let costs = recorded.costs(realisations: realisations)
        var notes: [String] = []
        for p in ranks {
            var line: [String: Any] = ["stage": "cluster-replay", "ranks": p, "units": costs.count,
                                       "points": recorded.points.count, "realizations": realisations,
                                       "latency_s": latency, "service_s": service,
                                       "work_s": costs.reduce(0, +), "largest_unit_s": costs.max() ?? 0]
            for (name, order) in [("costliest_first", UnitDealer.Order.costliestGroupFirst(groupSize: realisations)),
                                  ("increasing", .increasing)] {
                let makespan = ClusterReplay(costs: costs, order: order, latency: latency, service: service).makespan(ranks: p)
                line["efficiency_\(name)"] = costs.reduce(0, +) / (Double(p) * makespan)
                line["makespan_\(name)_s"] = makespan
            }
            // No schedule beats max(work / P, largest unit).
            line["efficiency_bound"] = costs.reduce(0, +) / (Double(p) * max(costs.reduce(0, +) / Double(p), costs.max() ?? 0))
            print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
            notes.append(String(format: "%d: %.3f", p, line["efficiency_costliest_first"] as! Double))
        }
        return "efficiency " + notes.joined(separator: ", ")
    })
}

struct ReplayError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Recorded unit costs by composition point, realisations in recorded order.
struct RecordedUnits {
    /// Points in increasing x, each with its recorded CPU seconds by realisation.
    let points: [(x: Double, seconds: [Double])]

    init(csv: String) throws {
        var byPoint: [Double: [(r: Int, seconds: Double)]] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            // "x=0.04,r=3",rank,wall_s,cpu_s
            let fields = line.split(separator: "\"")
            guard fields.count == 2 else { throw ReplayError("unreadable unit-times line: \(line)") }
            let name = fields[0].split(separator: ",").flatMap { $0.split(separator: "=") }
            let numbers = fields[1].split(separator: ",")
            guard name.count == 4, let x = Double(name[1]), let r = Int(name[3]),
                  let cpu = numbers.last.flatMap({ Double($0) }) else { throw ReplayError("unreadable unit-times line: \(line)") }
            byPoint[x, default: []].append((r, cpu))
        }
        guard !byPoint.isEmpty else { throw ReplayError("no units in the unit-times file") }
        points = byPoint.keys.sorted().map { x in (x, byPoint[x]!.sorted { $0.r < $1.r }.map(\.seconds)) }
    }

    private init(points: [(x: Double, seconds: [Double])]) { self.points = points }

    /// Each point's realisations scaled so that their mean is that of the same point in
    /// `production`; every point must be there.
    func rescaled(to production: RecordedUnits) throws -> RecordedUnits {
        let means = Dictionary(uniqueKeysWithValues: production.points.map { ($0.x, $0.seconds.reduce(0, +) / Double($0.seconds.count)) })
        return RecordedUnits(points: try points.map { point in
            guard let mean = means[point.x] else { throw ReplayError("x = \(point.x) is not in the --point-times file") }
            let own = point.seconds.reduce(0, +) / Double(point.seconds.count)
            return (point.x, point.seconds.map { $0 * mean / own })
        })
    }

    /// Costs of a sweep of the same points with `realisations` each, point-major; realisation r
    /// reuses recorded realisation r mod (recorded count).
    func costs(realisations: Int) -> [Double] {
        points.flatMap { point in (0..<realisations).map { point.seconds[$0 % point.seconds.count] } }
    }
}

/// The discrete-event simulation of the farm (see `clusterReplayStage`).
struct ClusterReplay {
    let costs: [Double]
    let order: UnitDealer.Order
    let latency: Double
    let service: Double

    private enum Event {
        case finished(rank: Int, unit: Int)
        case requestArrives(rank: Int, finished: Int?)
        case dealArrives(rank: Int, unit: Int?)
    }

    func makespan(ranks: Int) -> Double {
        var dealer = UnitDealer(units: Array(costs.indices), order: order)
        var queue = EventQueue<Event>()
        var rootFreeAt = 0.0, end = 0.0
        if let u = dealer.next() { queue.push(costs[u], .finished(rank: 0, unit: u)) }
        for r in 1..<max(ranks, 1) { queue.push(latency / 2, .requestArrives(rank: r, finished: nil)) }
        while let (time, event) = queue.pop() {
            switch event {
            case let .finished(0, unit):
                dealer.finished(unit, seconds: costs[unit])
                end = max(end, time)
                if let u = dealer.next() { queue.push(time + costs[u], .finished(rank: 0, unit: u)) }
            case let .finished(rank, unit):
                queue.push(time + latency / 2, .requestArrives(rank: rank, finished: unit))
            case let .requestArrives(rank, finished):
                let start = max(time, rootFreeAt)
                rootFreeAt = start + service
                if let finished {
                    dealer.finished(finished, seconds: costs[finished])
                    end = max(end, rootFreeAt)
                }
                queue.push(rootFreeAt + latency / 2, .dealArrives(rank: rank, unit: dealer.next()))
            case let .dealArrives(rank, unit):
                if let unit { queue.push(time + costs[unit], .finished(rank: rank, unit: unit)) }
            }
        }
        return end
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
