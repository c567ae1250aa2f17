import MPIFarm
import MPISolvers
import MPITransport
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
/// - `refinement N_L:W …`: MUMPS's refined φ on a random lattice of spread W against CHOLMOD's.
/// - `route3 N_L …`: σ by route 1 on CHOLMOD (rank 0) and by route 3 (CG + BoomerAMG on all
///   ranks), both widening W to the default tolerance, for li33, na35 and na40 at x = 0:1:0.25
///   and 250, 403 and 563 K (seed 1). One line per case: `route3 preset x T N_L lo1 hi1 lo3 hi3
///   iterations ranks` (log10 of the brackets; iterations summed over route 3's windows).
/// - `certificate N_L W`: route 3 on one li33 network (x = 0.5, 250 K) at the fixed window W,
///   every CG iterate offered to the bracket. One line per iterate: `certificate k relres accepted`
///   (relres ‖g_+ − G_LL φ‖/‖g_+‖ in double-double), then `certificate-result lo3 hi3 lo1 hi1 ranks`
///   with route 1 on CHOLMOD at the default widening for reference.
/// - `host-failure`: an ordering that fails on the host alone; every rank must exit 1.
/// - `near-shorts`: route 1 on MUMPS through a window whose factorisation fails on every rank.
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
func log10Sigma(_ network: ConductanceNetwork, window: Double, backend: any FactorisationBackend) throws -> Double {
    var policy = WindowPolicy()
    try policy.fix(window: window)
    policy.backend = backend
    return log10(try Conductivity.sigma(of: network, policy: policy).sigma)
}

/// G_LL of an N_L³ resistor lattice between two electrode planes (open in x, periodic in y and z)
/// with conductances e^U, U uniform on [0, log spread] (seeded): a windowed system of spread W.
func gridLaplacian(edge: Int, spread: Double) -> WindowedLaplacian {
    var random = RandomStream(seed: 11, point: UInt64(edge), realisation: UInt64(spread.bitPattern))
    func g() -> Double { exp(random.uniform() * log(spread)) }
    let n = edge * edge * edge
    func id(_ x: Int, _ y: Int, _ z: Int) -> Int32 { Int32((x * edge + (y + edge) % edge) * edge + (z + edge) % edge) }
    var diagonal = [Double](repeating: 0, count: n), rhs = diagonal
    var first: [Int32] = [], second: [Int32] = [], values: [Double] = []
    for x in 0..<edge { for y in 0..<edge { for z in 0..<edge {
        let i = Int(id(x, y, z))
        if x == 0 { let c = g(); rhs[i] += c; diagonal[i] += c }
        if x == edge - 1 { diagonal[i] += g() }
        for j in [x + 1 < edge ? id(x + 1, y, z) : -1, id(x, y + 1, z), id(x, y, z + 1)] where j >= 0 && Int(j) != i {
            let c = g()
            first.append(Int32(i)); second.append(j); values.append(c)
            diagonal[i] += c; diagonal[Int(j)] += c
        }
    } } }
    return WindowedLaplacian(dimension: n, diagonal: diagonal, firstNode: first, secondNode: second, conductances: values, rhs: rhs)
}

/// φ of `system` on CHOLMOD, refined in double-double until a correction is below 1e-34 of max|φ|
/// or after 30 corrections.
func refinedOnCHOLMOD(_ system: WindowedLaplacian) throws -> [Double] {
    let factor = try CholeskyFactor(system.matrix(), ordering: .amd)
    var x = try factor.solve(system.rhs).map(DoubleDouble.init)
    for _ in 0..<30 {
        let correction = try factor.solve(system.residual(of: x))
        let largest = x.reduce(0) { max($0, abs($1.hi)) }
        for i in x.indices { x[i].add(DoubleDouble(correction[i])) }
        if correction.allSatisfy({ abs($0) <= 1e-34 * largest }) { break }
    }
    return x.map(\.hi)
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
        let mumps = try MUMPSBackend(group: group, threadLevel: MPIRuntime.threadLevel)
        for (edge, seeds) in cases {
            for seed in 1...UInt64(max(1, seeds)) {
                let window = 1e4
                let links = try network(edge: edge, seed: seed)
                let viaMUMPS = try log10Sigma(links, window: window, backend: mumps)
                if group.isRoot {
                    let viaCHOLMOD = try log10Sigma(links, window: window, backend: CHOLMODBackend())
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
    case "refinement":
        // Arguments: N_L:W pairs. One line per case on rank 0:
        // `refinement N_L W corrections last_correction stagnated worst_ratio ranks`, worst_ratio the
        // largest |φ_i − φ_ref,i| / max(ulp(φ_ref,i), last_correction·max|φ|) against a reference
        // refined on CHOLMOD's factor (another factorisation) to 1e-34 or 30 corrections.
        let backend = try MUMPSBackend(group: group, threadLevel: MPIRuntime.threadLevel)
        for text in arguments.dropFirst() {
            let parts = text.split(separator: ":").compactMap { Double($0) }
            guard parts.count == 2 else { continue }
            let system = gridLaplacian(edge: Int(parts[0]), spread: parts[1])
            let phi = try backend.potentials(system, ordering: .metis)
            guard group.isRoot, let report = backend.log.refinements.last else { continue }
            let reference = try refinedOnCHOLMOD(system)
            let largest = reference.reduce(0) { max($0, abs($1)) }
            var worst = 0.0
            for (a, b) in zip(phi, reference) {
                worst = max(worst, abs(a - b) / max(b.ulp, report.lastCorrection * largest))
            }
            print("refinement \(Int(parts[0])) \(parts[1]) \(report.corrections) \(report.lastCorrection) \(report.stagnated) "
                  + "\(worst) \(group.size)")
        }
    case "near-shorts":
        // Route 1 on MUMPS where the whole network's factorisation fails (MUMPS reports it on every
        // rank) and narrower windows take over: the near-short network of DirectSolverTests, whose
        // G_tot is 2.5e-100 exactly. One line on rank 0: `near-shorts window log10_G events ranks`.
        var links: [(Int, Int)] = [], values: [Double] = []
        for i in 1...5 {
            links += [(0, i), (i, 6)]; values += [log(1e-100), log(1e-100)]
            for j in (i + 1)..<6 { links.append((i, j)); values.append(log(1e100)) }
        }
        let net = try ConductanceNetwork(roles: [.source] + [ElectrodeRole](repeating: .interior, count: 5) + [.drain],
                                         links: links, logConductances: values)
        var policy = try WindowPolicy(initialWindow: 1e250, maximumSpread: 1e300)
        policy.backend = try MUMPSBackend(group: group, threadLevel: MPIRuntime.threadLevel)
        let solution = try SparseDirectSolver.solve(net, policy: policy)
        if group.isRoot {
            print("near-shorts \(solution.window) \(String(format: "%.17g", solution.logTotalConductance / log(10.0))) "
                  + "\(solution.events.count) \(group.size)")
        }
    case "route3":
        let amg = try HypreAMGBackend(group: group, threadLevel: MPIRuntime.threadLevel)
        for edge in arguments.dropFirst().compactMap({ Int($0) }) {
            for preset in Preset.all {
                for x in [0, 0.25, 0.5, 0.75, 1] {
                    let composition = try preset.composition(x: x)
                    let builder = try LandscapeBuilder(lattice: CubicLattice(edge: edge), composition: composition,
                                                       fractions: HierarchicalNFUModel().fractions(for: composition),
                                                       parameters: LandscapeParameters(preset: preset))
                    let landscape = builder.build(seed: 1, realisation: 0)
                    let hopping = try HoppingParameters(attemptFrequency: preset.attemptFrequency, barrier: preset.u0)
                    for temperature in [250.0, 403, 563] {
                        let links = try ConductanceNetwork(landscape: landscape, temperature: temperature, hopping: hopping)
                        var policy = WindowPolicy()
                        policy.backend = amg
                        let before = amg.log.all.count
                        let route3 = try Conductivity.sigma(of: links, policy: policy)
                        let iterations = amg.log.all.dropFirst(before).map(\.iterations).reduce(0, +)
                        if group.isRoot {
                            let route1 = try Conductivity.sigma(of: links)
                            let b = [route1.bracket.logLower, route1.bracket.logUpper, route3.bracket.logLower,
                                     route3.bracket.logUpper].map { String(format: "%.17g", $0 / log(10.0)) }
                            print("route3 \(preset.name) \(x) \(temperature) \(edge) \(b.joined(separator: " ")) \(iterations) \(group.size)")
                        }
                    }
                }
            }
        }
    case "certificate":
        // Every iterate is offered; a wrapper records each one's residual and the bracket's verdict.
        let values = arguments.dropFirst().compactMap { Double($0) }
        let (edge, window) = (Int(values[0]), values[1])
        var amg = try HypreAMGBackend(group: group, threadLevel: MPIRuntime.threadLevel)
        amg.schedule = .everyIterate
        let tracing = TracingBackend(inner: amg)
        let composition = try Preset.li33.composition(x: 0.5)
        let builder = try LandscapeBuilder(lattice: CubicLattice(edge: edge), composition: composition,
                                           fractions: HierarchicalNFUModel().fractions(for: composition),
                                           parameters: LandscapeParameters(preset: .li33))
        let hopping = try HoppingParameters(attemptFrequency: Preset.li33.attemptFrequency, barrier: Preset.li33.u0)
        let links = try ConductanceNetwork(landscape: builder.build(seed: 1, realisation: 0), temperature: 250, hopping: hopping)
        var policy = WindowPolicy()
        try policy.fix(window: window)
        policy.backend = tracing
        let route3 = try Conductivity.sigma(of: links, policy: policy)
        if group.isRoot {
            for (k, trial) in tracing.trials.enumerated() {
                print("certificate \(k + 1) \(String(format: "%.3e", trial.relres)) \(trial.accepted)")
            }
            let route1 = try Conductivity.sigma(of: links)
            let b = [route3.bracket.logLower, route3.bracket.logUpper, route1.bracket.logLower, route1.bracket.logUpper]
                .map { String(format: "%.17g", $0 / log(10.0)) }
            print("certificate-result \(b.joined(separator: " ")) \(group.size)")
        }
    case "host-failure":
        // The host's ordering fails before the collective analysis: every rank must leave with an
        // error (exit 1) instead of waiting in MUMPS; rank 0 prints the host's message once.
        let system = gridLaplacian(edge: 4, spread: 10)
        let n = system.dimension, p = group.size, r = group.rank
        let entries = system.entries(inRows: (n * r / p)..<(n * (r + 1) / p))
        do {
            _ = try MUMPSCholesky(dimension: n, rows: entries.rows, columns: entries.columns, values: entries.values,
                                  ordering: .metis { () throws(SolverError) in throw .invalidInput("injected host failure") },
                                  communicator: group.communicator)
            print("host-failure: no failure")
        } catch {
            if group.isRoot { FileHandle.standardError.write("ionscape-mpi-check: \(error)\n".data(using: .utf8)!) }
            MPIRuntime.finalize()
            exit(1)
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

/// Route 3 with every trial φ's residual (double-double) and the bracket's verdict recorded.
final class TracingBackend: FactorisationBackend, @unchecked Sendable {
    let inner: HypreAMGBackend
    var trials: [(relres: Double, accepted: Bool)] = []
    init(inner: HypreAMGBackend) { self.inner = inner }
    var name: String { inner.name }
    var ranksPerSolve: Int { inner.ranksPerSolve }
    func potentials(_ system: WindowedLaplacian, ordering: CholeskyOrdering) throws(SolverError) -> [Double] {
        try inner.potentials(system, ordering: ordering)
    }
    func potentials(_ system: WindowedLaplacian, ordering: CholeskyOrdering,
                    until judge: (_ trial: [Double]) throws(SolverError) -> TrialVerdict) throws(SolverError) -> [Double] {
        let bNorm = system.rhs.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return try inner.potentials(system, ordering: ordering, until: { (trial) throws(SolverError) -> TrialVerdict in
            let r = system.residual(of: trial.map(DoubleDouble.init))
            let verdict = try judge(trial)
            trials.append((r.reduce(0) { $0 + $1 * $1 }.squareRoot() / bNorm, verdict.isAccepted))
            return verdict
        })
    }
}
