import Foundation
import SparseSolvers
import Transport

/// Benchmark driver: `ionscape-bench STAGE [--size N] [--runs R] [--threads K]`.
/// Prints one JSON line per stage with the median, min and max wall time of R runs and the
/// peak resident memory of the process; benchmarks/run.sh turns these into the table.
let stages: [String: BenchmarkStage] = [
    "noop": BenchmarkStage { _ in },
    "sigma-direct": ConductivityBench.stage(route: .sparseDirect),
    "sigma-kron": ConductivityBench.stage(route: .kron),
    "chol-diag": BenchmarkStage(returning: { options in
        let land = try ConductivityBench.landscape(edge: options.size)
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064, latticeConstant: 5e-10)
        let net = try ConductanceNetwork(landscape: land, temperature: 403, hopping: hopping).spanningPart()!
        var idx = [Int](repeating: -1, count: net.nodeCount); var n = 0
        for i in 0..<net.nodeCount where net.roles[i] == .interior { idx[i] = n; n += 1 }
        var tr: [(row: Int, column: Int, value: Double)] = []
        var diag = [Double](repeating: 0, count: n)
        for k in 0..<net.linkCount {
            let a = idx[Int(net.firstNode[k])], b = idx[Int(net.secondNode[k])]
            if a >= 0 { diag[a] += 1 }; if b >= 0 { diag[b] += 1 }
            if a >= 0 && b >= 0 { tr.append((a, b, -1)) }
        }
        for i in 0..<n { tr.append((i, i, diag[i] + 1e-3)) }
        let m = try SymmetricSparseMatrix(dimension: n, triplets: tr)
        for o in [CholeskyOrdering.amd, .automatic] {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let f = try CholeskyFactor(m, ordering: o)
            print(o, "n", n, "lnz", f.statistics.factorNonzeros, "fl", f.statistics.flops, "t", Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        }
        return ""
    }),
    "kron-diag": BenchmarkStage(returning: { options in
        let land = try ConductivityBench.landscape(edge: options.size)
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064, latticeConstant: 5e-10)
        let net = try ConductanceNetwork(landscape: land, temperature: 403, hopping: hopping)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let k = try KronReduction.solve(net)
        print("kron", k.totalConductance, "eliminated", k.eliminatedCount, "t", Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9)
        return ""
    }),
    "sigma-windows": BenchmarkStage(returning: { options in
        let land = try ConductivityBench.landscape(edge: options.size)
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064, latticeConstant: 5e-10)
        var t0 = DispatchTime.now().uptimeNanoseconds
        func lap() -> Double { let t = DispatchTime.now().uptimeNanoseconds; defer { t0 = t }; return Double(t - t0) * 1e-9 }
        let net = try ConductanceNetwork(landscape: land, temperature: 403, hopping: hopping)
        print("build", lap())
        let sp = net.spanningPart()!
        print("span", lap(), sp.nodeCount, sp.linkCount)
        _ = sp.bottleneckLogConductance()
        print("bottleneck", lap())
        for w in (options.extra["windows"] ?? "1e2,1e4").split(separator: ",").map { Double($0)! } {
            let d = try SparseDirectSolver.solve(sp, policy: WindowPolicy(initialWindow: w, maximumSpread: 1.0001))
            print("W", w, "G", d.totalConductance, "size", d.solvedSize, "rel", d.relativeChange, "t", lap())
        }
        return ""
    }),
]

let options = BenchmarkOptions(arguments: Array(CommandLine.arguments.dropFirst()))
guard let name = options.stage, let stage = stages[name] else {
    FileHandle.standardError.write("usage: ionscape-bench STAGE [--size N] [--runs R] [--threads K]; stages: \(stages.keys.sorted().joined(separator: ", "))\n".data(using: .utf8)!)
    exit(2)
}
do {
    try stage.measure(name: name, options: options)
} catch {
    FileHandle.standardError.write("ionscape-bench \(name): \(error)\n".data(using: .utf8)!)
    exit(1)
}
