import Foundation
import Synchronization
import Glass
import SparseSolvers
import Testing
@testable import Landscape
@testable import Transport

/// A `RankGroup` of threads in one process, for testing the distributed stages without MPI:
/// every collective is an exchange of byte strings at a rendezvous.
final class Rendezvous: @unchecked Sendable {
    let size: Int
    private let condition = NSCondition()
    private var slots: [[UInt8]?]
    private var arrived = 0, generation = 0
    private var result: [[UInt8]] = []

    init(size: Int) { self.size = size; slots = Array(repeating: nil, count: size) }

    func exchange(rank: Int, _ bytes: [UInt8]) -> [[UInt8]] {
        condition.lock(); defer { condition.unlock() }
        let current = generation
        slots[rank] = bytes
        arrived += 1
        if arrived == size {
            result = slots.map { $0! }
            slots = Array(repeating: nil, count: size)
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            while generation == current { condition.wait() }
        }
        return result
    }
}

struct ThreadRankGroup: RankGroup {
    let rank: Int
    let rendezvous: Rendezvous
    var size: Int { rendezvous.size }

    func allGather(_ bytes: [UInt8]) -> [[UInt8]] { rendezvous.exchange(rank: rank, bytes) }

    func allReduce(_ values: [Double], _ reduction: RankReduction) throws -> [Double] {
        let all = try allGather(values)
        return (0..<values.count).map { k in
            let column = all.map { $0[k] }
            switch reduction {
            case .sum: return column.reduce(0, +)
            case .minimum: return column.min()!
            case .maximum: return column.max()!
            }
        }
    }

    func allReduce(_ values: [Int], _ reduction: RankReduction) throws -> [Int] {
        try allReduce(values.map(Double.init), reduction).map { Int($0) }
    }

    func broadcast(_ values: inout [Double], root: Int) throws {
        values = try allGather(values)[root]
    }

    /// Runs `body` on `size` threads, one per rank, and returns their results by rank.
    static func run<T: Sendable>(size: Int, _ body: @escaping @Sendable (ThreadRankGroup) throws -> T) throws -> [T] {
        let rendezvous = Rendezvous(size: size)
        let results = Mutex<[Int: Result<T, Error>]>([:])
        let threads = (0..<size).map { rank in
            Thread {
                let outcome = Result { try body(ThreadRankGroup(rank: rank, rendezvous: rendezvous)) }
                results.withLock { $0[rank] = outcome }
            }
        }
        threads.forEach { $0.stackSize = 8 << 20; $0.start() }
        while results.withLock({ $0.count }) < size { usleep(1000) }
        return try (0..<size).map { rank in try results.withLock { $0[rank]! }.get() }
    }
}

@Suite struct SlabStagesTests {
    static func builder(_ preset: Preset, edge: Int, x: Double) throws -> LandscapeBuilder {
        let composition = try preset.composition(x: x)
        return try LandscapeBuilder(lattice: CubicLattice(edge: edge), composition: composition,
                                    fractions: HierarchicalNFUModel().fractions(for: composition),
                                    parameters: LandscapeParameters(preset: preset))
    }

    /// ε_F, μ(T), Δ_c and log g_b computed by 1–5 ranks (threads here; MPI ranks in
    /// `MPICheckTests`), each from its own slab, are bit-identical to the serial values on the
    /// whole landscape (li33 and na40, N_L = 10 and 13, 303 and 563 K, two seeds). The serial
    /// references are the existing code paths: `Occupation.fermiLevel`, `chemicalPotential(of:)`,
    /// `CriticalBarrier.of` and the eq. (7) network's `bottleneckLogConductance`.
    @Test(arguments: [(Preset.li33, 10, 0.5), (Preset.na40, 13, 0.2)])
    func slabStagesMatchSerial(preset: Preset, edge: Int, x: Double) throws {
        let builder = try Self.builder(preset, edge: edge, x: x)
        let hopping = try HoppingParameters(attemptFrequency: preset.attemptFrequency, barrier: preset.u0)
        for seed: UInt64 in [1, 2] {
            let landscape = builder.build(seed: seed, realisation: 0)
            let fermi = try Occupation.fermiLevel(of: landscape)
            let delta = try CriticalBarrier.of(landscape, hopBarrier: preset.u0).value
            for temperature in [303.0, 563.0] {
                let mu = try Occupation.chemicalPotential(of: landscape, temperature: temperature)
                let gb = try ConductanceNetwork(landscape: landscape, temperature: temperature, hopping: hopping)
                    .spanningPart()?.bottleneckLogConductance()
                for ranks in 1...5 {
                    let partition = try SlabPartition(edge: edge, ranks: ranks)
                    let results = try ThreadRankGroup.run(size: ranks) { group in
                        let part = OwnedSlab(builder: builder, seed: seed, realisation: 0, partition: partition, rank: group.rank)
                        let f = try SlabStages.fermiLevel(part, group: group)
                        let m = try SlabStages.chemicalPotential(part, temperature: temperature, fermiLevel: f, group: group)
                        let d = try SlabStages.criticalBarrier(part, hopBarrier: preset.u0, group: group)
                        let g = try SlabStages.bottleneckLogConductance(part, temperature: temperature, hopping: hopping,
                                                                         group: group)
                        return [f, m, d ?? .nan, g ?? .nan].map(\.bitPattern)
                    }
                    let expected = [fermi, mu, delta, gb ?? .nan].map(\.bitPattern)
                    for (rank, values) in results.enumerated() {
                        #expect(values == expected, "\(preset.name) seed \(seed) T = \(temperature) K, rank \(rank) of \(ranks)")
                    }
                }
            }
        }
    }

    /// More ranks than planes is refused, naming the ranks and the accepted range.
    @Test func tooManyRanksAreRejected() {
        #expect(throws: TransportError.self) { try SlabPartition(edge: 4, ranks: 5) }
    }
}
