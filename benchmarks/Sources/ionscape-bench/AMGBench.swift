import Foundation
import MPIFarm
import MPISolvers
import MPITransport
import SparseSolvers
import Transport

/// Stage `amg-system`: route 1's reduced windowed system G_LL φ = g_+ of the σ stage's landscape
/// (ConductivityBench's options; default here li33, x = 0.4, 300 K and --fixed-window 1e6) solved
/// on one core by CG + BoomerAMG (`HypreCG`, route 3's settings) to a relative residual of 1e-10
/// (set-up + CG timed; the note gives iterations and levels), or with `--solver cholmod` by
/// CHOLMOD (METIS ordering, analysis + factorisation + solve timed). `--write FILE` writes
/// the system for the pyamg peer (benchmarks/peer/amg.py): little-endian int64 n and m, then n
/// diagonal entries, m first nodes, m second nodes (int64), m conductances and n right-hand-side
/// entries (float64).
func amgSystemStage() -> BenchmarkStage {
    var cached: (key: String, system: WindowedLaplacian)?
    return BenchmarkStage(returning: { options in
        BLASThreads.set(1)
        var extra = options
        if extra.extra["x"] == nil { extra.extra["x"] = "0.4" }
        if extra.extra["temperature"] == nil { extra.extra["temperature"] = "300" }
        if extra.extra["fixed-window"] == nil { extra.extra["fixed-window"] = "1e6" }
        let setup = try ConductivityBench.Setup(extra)
        let key = setup.key + " \(extra.extra["fixed-window"]!)"
        if cached?.key != key {
            let capture = CapturingBackend()
            var policy = setup.policy
            policy.backend = capture
            _ = try Conductivity.sigma(landscape: setup.landscape(), temperature: setup.temperature,
                                       hopping: setup.hopping, policy: policy)
            guard let system = capture.system else { throw BenchmarkError.invalidOption("no windowed system was solved") }
            cached = (key, system)
            if let path = options.extra["write"] { try write(system, to: path) }
        }
        let system = cached!.system
        if options.extra["solver"] == "cholmod" {
            let x = try CholeskyFactor(system.matrix(), ordering: .metis).solve(system.rhs)
            let bNorm = system.rhs.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return "unknowns=\(system.dimension)" + String(format: " residual=%.1e", system.relativeResidual(of: x, rhsNorm: bNorm))
        }
        let group = try ConductivityBench.Setup.mpiGroup()
        let (rowStart, columns, values) = system.rows(0..<system.dimension)
        let solver = try HypreCG(communicator: group.communicator, dimension: system.dimension, rowStart: rowStart,
                                 columns: columns, values: values)
        solver.schedule = .everyIterate
        let bNorm = system.rhs.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let (_, report) = try solver.solve(rhs: system.rhs, until: { x in
            system.relativeResidual(of: x, rhsNorm: bNorm) <= 1e-10 ? .accept : .reject(excess: .infinity)
        })
        return "unknowns=\(system.dimension) iterations=\(report.iterations) levels=\(report.levels)"
            + String(format: " grid_complexity=%.2f setup_s=%.3f cg_s=%.3f residual=%.1e",
                     report.gridComplexity, report.setupSeconds, report.solveSeconds, report.relativeResidual)
    })
}

/// Keeps the system it is given and returns a constant φ (whose bracket is valid but wide).
private final class CapturingBackend: FactorisationBackend, @unchecked Sendable {
    var system: WindowedLaplacian?
    var name: String { "capture" }
    var ranksPerSolve: Int { 1 }
    func potentials(_ system: WindowedLaplacian, ordering: CholeskyOrdering) throws(SolverError) -> [Double] {
        self.system = system
        return [Double](repeating: 0.5, count: system.dimension)
    }
}

extension WindowedLaplacian {
    /// ‖g_+ − G_LL x‖₂ / `rhsNorm`, in double.
    func relativeResidual(of x: [Double], rhsNorm: Double) -> Double {
        var r = rhs
        for i in r.indices { r[i] -= diagonal[i] * x[i] }
        for k in conductances.indices {
            let (u, v, g) = (Int(firstNode[k]), Int(secondNode[k]), conductances[k])
            r[u] += g * x[v]; r[v] += g * x[u]
        }
        return r.reduce(0) { $0 + $1 * $1 }.squareRoot() / rhsNorm
    }
}

private func write(_ system: WindowedLaplacian, to path: String) throws {
    var data = Data()
    func append<T>(_ values: [T]) { values.withUnsafeBytes { data.append(contentsOf: $0) } }
    append([Int64(system.dimension), Int64(system.conductances.count)])
    append(system.diagonal)
    append(system.firstNode.map(Int64.init))
    append(system.secondNode.map(Int64.init))
    append(system.conductances)
    append(system.rhs)
    try data.write(to: URL(fileURLWithPath: path), options: .atomic)
}
