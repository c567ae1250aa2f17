import Distributed
import Foundation
import Glass
import Landscape
import SparseSolvers
import Transport

/// `ionscape-mpi-check CHECK`: runs under `mpirun -np P` (or alone) and prints, on rank 0, the
/// numbers that `Tests/CLITests/MPICheckTests.swift` compares. It asserts nothing itself.
///
/// - `agreement N_L:S …`: σ by route 1 at a fixed window W on CHOLMOD (rank 0 alone) and on
///   MUMPS (all ranks), for li33 landscapes at x = 0.5, 403 K, seeds 1…S. One line per case:
///   `agreement N_L W seed log10_sigma_cholmod log10_sigma_mumps ranks`.
/// - `slabs N_L …`: the landscape (na40, x = 0.2, seed 7, realisation 1) drawn slab by slab, and
///   ε_F, Δ_c and log g_b (403 K) by the distributed stages, against the serial ones.
let arguments = CommandLine.arguments.dropFirst()
guard let check = arguments.first else {
    FileHandle.standardError.write("usage: ionscape-mpi-check agreement N_L:seeds …\n".data(using: .utf8)!)
    exit(2)
}

/// The eq. (7) network of a li33 landscape (x = 0.5, realisation 0) at 403 K.
func network(edge: Int, seed: UInt64) throws -> ConductanceNetwork {
    let preset = Preset.li33
    let composition = try preset.composition(x: 0.5)
    let builder = try LandscapeBuilder(lattice: CubicLattice(edge: edge), composition: composition,
                                       fractions: HierarchicalNFUModel().fractions(for: composition),
                                       parameters: LandscapeParameters(preset: preset))
    let hopping = try HoppingParameters(attemptFrequency: preset.attemptFrequency, barrier: preset.u0)
    return try ConductanceNetwork(landscape: builder.build(seed: seed, realisation: 0), temperature: 403, hopping: hopping)
}

/// log10 σ by route 1 at the fixed window W (and W/100, as `--window W`).
func log10Sigma(_ network: ConductanceNetwork, window: Double, backend: FactorisationBackend) throws -> Double {
    var policy = WindowPolicy()
    try policy.fix(window: window)
    policy.backend = backend
    return log10(try Conductivity.sigma(of: network, policy: policy).sigma)
}

do {
    // One BLAS thread, as route 1 runs everywhere else: CHOLMOD's rounding depends on the count.
    BLASThreads.set(1)
    let group = try MPIRankGroup(MPIRuntime.world())
    switch check {
    case "agreement":
        // Arguments: N_L:seeds pairs, e.g. 20:2 (seeds 1 and 2).
        let cases = arguments.dropFirst().compactMap { text -> (Int, Int)? in
            let parts = text.split(separator: ":").compactMap { Int($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
        let mumps = FactorisationBackend.mumps(try MUMPSBackend(group: group))
        for (edge, seeds) in cases {
            for seed in 1...UInt64(max(1, seeds)) {
                let window = 1e4
                let links = try network(edge: edge, seed: seed)
                let viaMUMPS = try log10Sigma(links, window: window, backend: mumps)
                if group.isRoot {
                    let viaCHOLMOD = try log10Sigma(links, window: window, backend: .cholmod)
                    print("agreement \(edge) \(window) \(seed) \(String(format: "%.17g %.17g", viaCHOLMOD, viaMUMPS)) \(group.size)")
                }
            }
        }
    case "slabs":
        // Each rank draws its own slab and runs the distributed stages; rank 0 also computes the
        // serial values on the whole landscape. One line per case:
        // `slabs N_L seed ranks landscape_identical serial(ε_F Δ_c log g_b) distributed(…)` (hex bits).
        let edges = arguments.dropFirst().compactMap { Int($0) }
        let preset = Preset.na40
        let composition = try preset.composition(x: 0.2)
        let hopping = try HoppingParameters(attemptFrequency: preset.attemptFrequency, barrier: preset.u0)
        for edge in edges {
            let builder = try LandscapeBuilder(lattice: CubicLattice(edge: edge), composition: composition,
                                               fractions: HierarchicalNFUModel().fractions(for: composition),
                                               parameters: LandscapeParameters(preset: preset))
            let partition = try SlabPartition(edge: edge, ranks: group.size)
            let part = OwnedSlab(builder: builder, seed: 7, realisation: 1, partition: partition, rank: group.rank)
            let fermi = try SlabStages.fermiLevel(part, group: group)
            let delta = try SlabStages.criticalBarrier(part, hopBarrier: preset.u0, group: group) ?? .nan
            let gb = try SlabStages.bottleneckLogConductance(part, temperature: 403, hopping: hopping, group: group) ?? .nan
            let plane = edge * edge
            let mine = Array(part.slab.energies[0..<(part.own.count * plane)]).map(\.bitPattern)
            let gathered = try group.allGather(mine).flatMap { $0 }
            if group.isRoot {
                let whole = builder.build(seed: 7, realisation: 1)
                let network = try ConductanceNetwork(landscape: whole, temperature: 403, hopping: hopping)
                let serial = [try Occupation.fermiLevel(of: whole),
                              try CriticalBarrier.of(whole, hopBarrier: preset.u0).value,
                              network.spanningPart()?.bottleneckLogConductance() ?? .nan]
                let identical = gathered == whole.energies.map(\.bitPattern)
                let hex = { (v: [Double]) in v.map { String($0.bitPattern, radix: 16) }.joined(separator: " ") }
                print("slabs \(edge) 7 \(group.size) \(identical) \(hex(serial)) \(hex([fermi, delta, gb]))")
            }
        }
    default:
        FileHandle.standardError.write("unknown check \(check)\n".data(using: .utf8)!)
        exit(2)
    }
    MPIRuntime.finalize()
} catch {
    FileHandle.standardError.write("ionscape-mpi-check: \(error)\n".data(using: .utf8)!)
    MPIRuntime.abort(code: 1)
}
