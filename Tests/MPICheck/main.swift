import Distributed
import Foundation
import Glass
import Landscape
import Transport

/// `ionscape-mpi-check CHECK`: runs under `mpirun -np P` (or alone) and prints, on rank 0, the
/// numbers that `Tests/CLITests/MPICheckTests.swift` compares. It asserts nothing itself.
///
/// - `agreement N_L:S …`: σ by route 1 at a fixed window W on CHOLMOD (rank 0 alone) and on
///   MUMPS (all ranks), for li33 landscapes at x = 0.5, 403 K, seeds 1…S. One line per case:
///   `agreement N_L W seed log10_sigma_cholmod log10_sigma_mumps ranks`.
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
    policy.concurrentWindows = false
    try policy.fix(window: window)
    policy.backend = backend
    return log10(try Conductivity.sigma(of: network, policy: policy).sigma)
}

do {
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
    default:
        FileHandle.standardError.write("unknown check \(check)\n".data(using: .utf8)!)
        exit(2)
    }
    MPIRuntime.finalize()
} catch {
    FileHandle.standardError.write("ionscape-mpi-check: \(error)\n".data(using: .utf8)!)
    MPIRuntime.abort(code: 1)
}
