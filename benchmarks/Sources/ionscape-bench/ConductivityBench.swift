import MPIFarm
import MPITransport
import Foundation
import Glass
import Landscape
import SparseSolvers
import Transport

/// σ_dc benchmark stages (docs/model.md §6) on the landscape of the peer's `sigma` stage: li33 at
/// x = 0.5 (hierarchical NFU model), seed 1, realisation 0, edge `--size`, at T = 403 K with the
/// preset's ν = 4e14 Hz, u0 = 0.1·V0 and a = 5 Å. One run = μ(T), the network and one solve; the
/// landscape is built once, before the first timed run.
/// Options: --preset P, --x X, --temperature T; route 1's policy: --initial-window W,
/// --growth G, --tolerance t, --max-spread S, --ordering amd|automatic|natural (default METIS),
/// --fixed-window W (solve W only, as `ionscape conductivity --window W`); --concurrent-bracket 0
/// (the bracket's forest on the solving thread); --blas-threads B (OpenBLAS threads, default
/// --threads); --solver mumps (route 1 on MUMPS over the ranks of `mpirun -np P`, or one rank
/// without a launcher) with --out-of-core DIR; --solver amg (route 3, CG + BoomerAMG on hypre over the
/// ranks; the note gives per window iterations:trials:levels:setup s:solve s:of which trials s:residual). Under MPI the note adds every rank's peak memory
/// (VmHWM, MiB) and only rank 0 prints.
enum ConductivityBench {
    static func stage(route: KirchhoffRoute) -> BenchmarkStage {
        var cached: (key: String, landscape: SiteEnergyLandscape)?
        return BenchmarkStage(returning: { options in
            BLASThreads.set(options.extra["blas-threads"].flatMap(Int.init) ?? options.threads)
            let setup = try Setup(options)
            if cached?.key != setup.key { cached = (setup.key, try setup.landscape()) }
            let result = try Conductivity.sigma(landscape: cached!.landscape, temperature: setup.temperature,
                                                hopping: setup.hopping, route: route, policy: setup.policy)
            var note = "sigma=\(result.sigma) S/cm bound_rel=\(result.relativeHalfWidth)"
                + " log10_sigma=\(String(format: "%.17g", log10(result.sigma)))"
            if let d = result.direct {
                note += " W=\(d.window) solved=\(d.solvedSize) tried=\(d.tried.map { String(format: "%.0e:%.1e", $0.window, $0.relativeWidth) })"
                    + " events=\(d.events.count)"
            }
            if let backend = setup.policy.backend as? HypreAMGBackend {
                let peaks = try backend.group.allGather([peakResidentMiB()])
                note += " ranks=\(backend.group.size) rank_peak_mib=\(peaks.map { Int($0[0].rounded()) })"
                note += " cg=" + backend.log.all.suffix(4).map {
                    String(format: "%d:%d:%d:%.2f:%.2f:%.2f:%.1e", $0.iterations, $0.checks, $0.levels, $0.setupSeconds,
                           $0.solveSeconds, $0.checkSeconds, $0.relativeResidual)
                }.joined(separator: ",")
            }
            if let backend = setup.policy.backend as? MUMPSBackend {
                let peaks = try backend.group.allGather([peakResidentMiB()])
                note += " ranks=\(backend.group.size) rank_peak_mib=\(peaks.map { Int($0[0].rounded()) })"
                if let last = backend.log.all.last {
                    note += " factor_entries=\(last.factorEntries) flops=\(last.flops) mumps_max_mb=\(last.maximumMemoryMB)"
                        + " mumps_total_mb=\(last.totalMemoryMB)"
                }
            }
            return note
        })
    }

    /// What one σ benchmark computes, from the command-line options.
    struct Setup {
        let preset: Preset
        let x: Double
        let edge: Int
        let temperature: Double
        let hopping: HoppingParameters
        let policy: WindowPolicy

        init(_ options: BenchmarkOptions) throws {
            let name = options.extra["preset"] ?? "li33"
            guard let p = Preset.all.first(where: { $0.name == name }) else {
                throw BenchmarkError.invalidOption("--preset \(name) (accepted: li33, na35, na40)")
            }
            preset = p
            x = options.extra["x"].flatMap(Double.init) ?? 0.5
            edge = options.size
            temperature = options.extra["temperature"].flatMap(Double.init) ?? 403
            hopping = try HoppingParameters(attemptFrequency: p.attemptFrequency, barrier: p.u0, latticeConstant: 5e-10)
            var policy = WindowPolicy()
            if let w = options.extra["initial-window"].flatMap(Double.init) { policy.initialWindow = w }
            if let g = options.extra["growth"].flatMap(Double.init) { policy.growth = g }
            if let t = options.extra["tolerance"].flatMap(Double.init) { policy.tolerance = t }
            if let s = options.extra["max-spread"].flatMap(Double.init) { policy.maximumSpread = s }
            switch options.extra["ordering"] {
            case "amd": policy.ordering = .amd
            case "automatic": policy.ordering = .automatic
            case "natural": policy.ordering = .natural
            default: break
            }
            if let w = options.extra["fixed-window"].flatMap(Double.init) { try policy.fix(window: w) }
            if options.extra["concurrent-bracket"] == "0" { policy.concurrentBracket = false }
            if options.extra["solver"] == "amg" {
                policy.backend = try HypreAMGBackend(group: Self.mpiGroup(), threadLevel: MPIRuntime.threadLevel)
            }
            if options.extra["solver"] == "mumps" {
                policy.backend = try MUMPSBackend(group: Self.mpiGroup(), outOfCoreDirectory: options.extra["out-of-core"],
                                                  threadLevel: MPIRuntime.threadLevel)
            }
            self.policy = policy
        }

        var key: String { "\(preset.name) \(x) \(edge)" }

        /// The world's ranks, initialised once.
        nonisolated(unsafe) static var group: MPIRankGroup?
        static func mpiGroup() throws -> MPIRankGroup {
            if let group { return group }
            let made = try MPIRankGroup(MPIRuntime.world())
            group = made
            return made
        }

        func landscape() throws -> SiteEnergyLandscape {
            try landscapeBuilder(preset: preset, edge: edge, x: x).build(seed: 1, realisation: 0)
        }
    }
}

enum BenchmarkError: Error, CustomStringConvertible {
    case invalidOption(String)
    var description: String {
        switch self { case let .invalidOption(s): return "invalid option \(s)" }
    }
}

extension ConductivityBench {
    /// Stage `sigma-window-scan`: route 1 at one fixed window per W = 1e2, 1e4, … up to
    /// `--max-window` (default 1e16) on the stage's landscape, and route 2 as the reference.
    /// The note lists, per W: the solved size, the certified bracket's relative width and
    /// |G(W)/G_Kron − 1| (route 2 skipped with --no-kron 1).
    /// This is the measurement behind `WindowPolicy`'s defaults.
    static func windowScan() -> BenchmarkStage {
        BenchmarkStage(returning: { options in
            BLASThreads.set(options.threads)
            let setup = try Setup(options)
            let network = try ConductanceNetwork(landscape: setup.landscape(), temperature: setup.temperature,
                                                 hopping: setup.hopping)
            let kron = options.extra["no-kron"] == nil ? try KronReduction.solve(network).totalConductance : .nan
            let maxWindow = options.extra["max-window"].flatMap(Double.init) ?? 1e16
            var rows: [String] = []
            var window = 1e2
            while window <= maxWindow * 1.0001 {
                var policy = try WindowPolicy(initialWindow: window, tolerance: 0.99, maximumSpread: 1e300)
                try policy.fix(window: window)
                let d = try SparseDirectSolver.solve(network, policy: policy)
                rows.append(String(format: "W=%.0e n=%d width=%.2e dKron=%.2e ev=%d", d.window, d.solvedSize,
                                   d.bracket.relativeWidth, abs(d.totalConductance / kron - 1), d.events.count))
                window *= 100
            }
            return "T=\(setup.temperature) \(setup.preset.name) N_L=\(setup.edge) spread=\(String(format: "%.1e", network.spanningPart()?.conductanceSpread ?? 1)) | " + rows.joined(separator: " | ")
        })
    }
}
