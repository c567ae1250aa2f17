import Foundation
import Glass
import Landscape
import SparseSolvers
import Transport
import WorkUnits

/// Stage `solve-costs`: the CPU seconds of every piece of work in a li33 σ sweep, for the
/// simulated cluster (`cluster-replay`): for each x = 0, 0.04, …, 1 and realisation r (seed as
/// `ionscape`'s default, `--realizations`, default 1), the landscape build (`part` −1) and the
/// route-1 solve at each T = 303, 323, …, 563 K (`part` 0…13), with the policy and BLAS setting
/// of `ionscape conductivity`'s sweeps, on `--threads` threads. Writes `x,r,part,cpu_s` to
/// `--csv FILE`; CPU time of the computing thread, which a busy machine inflates much less
/// than wall time.
func solveCostsStage() -> BenchmarkStage {
    BenchmarkStage(returning: { options in
        guard let path = options.extra["csv"] else { throw ReplayError("--csv FILE is required") }
        let realisations = Int(options.extra["realizations"] ?? "") ?? 1
        let preset = Preset.li33
        let xs = (0...25).map { Double($0) * 0.04 }
        let temperatures = (0..<14).map { 303.0 + 20 * Double($0) }
        let builders = try xs.map { try landscapeBuilder(preset: preset, edge: options.size, x: $0) }
        let hopping = try HoppingParameters(attemptFrequency: preset.attemptFrequency, barrier: preset.u0)
        let policy = WindowPolicy().forRealisationSweeps
        BLASThreads.set(1)
        let seed: UInt64 = 20211110   // ionscape's default --seed
        let rows = try LocalUnits.run(count: xs.count * realisations, threads: options.threads) { unit in
            let (point, r) = (unit / realisations, unit % realisations)
            var clock = UnitThreads.threadCPUSeconds()
            func lap() -> Double {
                let now = UnitThreads.threadCPUSeconds()
                defer { clock = now }
                return now - clock
            }
            let landscape = builders[point].build(seed: seed, realisation: UInt64(r))
            var lines = [String(format: "%.2f,%d,-1,%.6f", xs[point], r, lap())]
            for (k, t) in temperatures.enumerated() {
                _ = try Conductivity.sigma(landscape: landscape, temperature: t, hopping: hopping, policy: policy)
                lines.append(String(format: "%.2f,%d,%d,%.6f", xs[point], r, k, lap()))
            }
            return lines
        }
        try (["x,r,part,cpu_s"] + rows.joined()).joined(separator: "\n").appending("\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return "wrote \(rows.count) units to \(path)"
    })
}
