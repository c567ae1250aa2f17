import Foundation
import Glass
import Landscape
import Transport

/// Stage `sigma-sweep`: one preset's σ sweep at the paper's sizes (docs/model.md §7): li33 at
/// x = 0, 0.2, …, 1 (6 points) × `--realizations` (default 30) × N_L = `--size` (35) ×
/// T = 303, 403, 503 K, route 1, on `--threads` threads (BLAS single-threaded inside the sweep).
/// The note carries a checksum of every per-realisation σ, so runs on different thread counts
/// can be compared bit for bit.
func sigmaSweepStage() -> BenchmarkStage {
    BenchmarkStage(returning: { options in
        let realisations = Int(options.extra["realizations"] ?? "") ?? 30
        let preset = Preset.li33
        let builders = try (0...5).map { try landscapeBuilder(preset: preset, edge: options.size, x: Double($0) * 0.2) }
        let hopping = try HoppingParameters(attemptFrequency: preset.attemptFrequency, barrier: preset.u0)
        let sweep = try RealisationSweep(pointCount: builders.count, realisations: realisations, threads: options.threads)
        var checksum: UInt64 = 0
        var logMeans: [Double] = []
        for t in [303.0, 403.0, 503.0] {
            let averages = try sweep.conductivities(temperature: t, hopping: hopping) { point, r in
                builders[point].build(seed: 1, realisation: UInt64(r))
            }
            for a in averages {
                checksum = checksum &* 1_000_003 ^ bitChecksum(a.logSigmas)
                logMeans.append(a.log10Sigma?.mean ?? .nan)
            }
        }
        return String(format: "log10 σ(x=0.4, 403 K) = %.4f, checksum %016llx", logMeans[6 + 2], checksum)
    })
}

/// Order-dependent checksum of the bit patterns of `values` (for bit-identity across thread counts).
func bitChecksum(_ values: [Double]) -> UInt64 {
    values.reduce(UInt64(0)) { $0 &* 1_000_003 ^ $1.bitPattern }
}
