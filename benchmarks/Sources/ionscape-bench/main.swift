import MPIFarm
import Foundation

/// Benchmark driver: `ionscape-bench STAGE [--size N] [--runs R] [--threads K]`.
/// Prints one JSON line per stage with the median, min and max wall time of R runs and the
/// peak resident memory of the process; benchmarks/run.sh turns these into the table.
let stages: [String: BenchmarkStage] = [
    "noop": BenchmarkStage { _ in },
    "landscape": BenchmarkStage(returning: { opts in try landscapeStage(opts) }),
    "critical-barrier": criticalBarrierStage(),
    "landscape-critical-barrier": landscapeCriticalBarrierStage(),
    "ea-sweep": criticalBarrierSweepStage(),
    "sigma-sweep": sigmaSweepStage(),
    "cait": BenchmarkStage(returning: caitRun),
    "cait-fit": BenchmarkStage(returning: caitFit),
    "cait-fit-readme": BenchmarkStage(returning: caitFitReadme),
    "sigma-direct": ConductivityBench.stage(route: .sparseDirect),
    "sigma-kron": ConductivityBench.stage(route: .kron),
    "sigma-window-scan": ConductivityBench.windowScan(),
    "kmc-uniform": KMCBench.stage(disordered: false),
    "kmc-disordered": KMCBench.stage(disordered: true),
    "cluster-replay": clusterReplayStage(),
    "solve-costs": solveCostsStage(),
    "ac-spectrum": acSpectrumStage(),
    "amg-system": amgSystemStage(),
]

let options = BenchmarkOptions(arguments: Array(CommandLine.arguments.dropFirst()))
guard let name = options.stage, let stage = stages[name] else {
    FileHandle.standardError.write("usage: ionscape-bench STAGE [--size N] [--runs R] [--threads K]; stages: \(stages.keys.sorted().joined(separator: ", "))\n".data(using: .utf8)!)
    exit(2)
}
do {
    try stage.measure(name: name, options: options)
    MPIRuntime.finalize()
} catch {
    FileHandle.standardError.write("ionscape-bench \(name): \(error)\n".data(using: .utf8)!)
    exit(1)
}
