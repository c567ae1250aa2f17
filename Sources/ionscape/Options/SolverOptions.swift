import ArgumentParser
import MPIFarm
import MPITransport
import Transport

/// Kirchhoff solver flags: `--solver cholmod|mumps|kron`, `--out-of-core DIR` and route 1's
/// window controls (`--window-tolerance`, `--window`).
struct KirchhoffOptions: ParsableArguments {
    @Option(help: "Kirchhoff solver: cholmod (route 1, windowed sparse Cholesky in this process), mumps (route 1 on MUMPS, every σ shared by all ranks of `mpirun -np P`; one rank without a launcher), amg (route 3: route 1's windows solved by CG + BoomerAMG on hypre over all ranks, stopped by the certified bracket), auto (cholmod below N_L = \(KirchhoffSolverChoice.amgFromSize), amg from there) or kron (route 2, iterative Kron reduction); default cholmod.")
    var solver: String?

    @Option(name: .customLong("out-of-core"),
            help: "With --solver mumps: keep the Cholesky factors in files under this directory instead of in memory (default: in memory).")
    var outOfCore: String?

    @Option(name: .customLong("window-tolerance"), parsing: .unconditional,
            help: "Route 1: widen the window W (×100 from 1e4) until the certified bracket satisfies (σ_hi − σ_lo)/σ_lo ≤ tol (0 < tol < 1; default \(WindowPolicy().tolerance)).")
    var windowTolerance: Double?

    @Option(name: .customLong("window"), parsing: .unconditional,
            help: "Route 1: solve this fixed window W (> 1) and report its certified bracket, however wide, instead of widening W until the bracket meets --window-tolerance (default: not fixed).")
    var window: Double?
}

struct ResolvedKirchhoff {
    let route: KirchhoffRoute
    let policy: WindowPolicy

    /// The ranks that share each σ (`--solver mumps|amg`); nil for a solver that runs in one process.
    var sharingGroup: MPIRankGroup? {
        (policy.backend as? MUMPSBackend)?.group ?? (policy.backend as? HypreAMGBackend)?.group
    }

    /// `readsRoute` false: the command runs both routes (`validate-kron`) and does not read `--solver`.
    /// `size` is N_L, for `--solver auto`.
    init(_ options: KirchhoffOptions, settings: Settings, size: Int, readsRoute: Bool = true) throws {
        var policy = WindowPolicy()
        var usesMUMPS = false
        if readsRoute {
            var name = settings.string("solver", flag: options.solver, default: KirchhoffRoute.sparseDirect.rawValue)
            if name == "auto" { name = size >= KirchhoffSolverChoice.amgFromSize ? "amg" : "cholmod" }
            usesMUMPS = name == "mumps"
            let usesAMG = name == "amg"
            guard let route = usesMUMPS || usesAMG ? .sparseDirect : KirchhoffRoute(rawValue: name) else {
                throw InputError(name: "--solver", value: name, accepted: "cholmod, mumps, amg, auto or kron")
            }
            self.route = route
            if usesAMG {
                policy.backend = try Self.amgBackend(commandSpreads: settings.spreadsOverRanks)
            }
        } else {
            settings.notUsed("solver", because: "(it compares both routes)")
            route = .sparseDirect
        }
        if usesMUMPS {
            policy.backend = try Self.mumpsBackend(outOfCore: settings.text("out-of-core", flag: options.outOfCore),
                                                   commandSpreads: settings.spreadsOverRanks)
        } else {
            settings.notUsed("out-of-core", because: "(it applies to --solver mumps only)")
        }
        policy.tolerance = try settings.double("window-tolerance", flag: options.windowTolerance, default: policy.tolerance,
                                               unit: "", accepted: "0 < tol < 1", valid: { $0 > 0 && $0 < 1 })
        if let w = try settings.optionalDouble("window", flag: options.window, unit: "", accepted: "1 < W < ∞",
                                               valid: { $0 > 1 }) {
            try policy.fix(window: w)
        }
        self.policy = policy
    }
}

extension ResolvedKirchhoff {
    /// MUMPS over every rank of the job (MPI is started here, also without a launcher). Under a
    /// launcher the ranks then share each σ instead of splitting the work units, which only
    /// commands that run on every rank (`commandSpreads`) can do.
    static func mumpsBackend(outOfCore: String?, commandSpreads: Bool) throws -> MUMPSBackend {
        try requireSharing(solver: "mumps", commandSpreads: commandSpreads)
        if let outOfCore { try OutputDirectory.prepare(outOfCore, option: "--out-of-core") }
        let world = try MPIRuntime.world()
        return try MUMPSBackend(group: MPIRankGroup(world), outOfCoreDirectory: outOfCore, threadLevel: MPIRuntime.threadLevel)
    }
}

extension ResolvedKirchhoff {
    /// Route 3 over every rank of the job, like `mumpsBackend`.
    static func amgBackend(commandSpreads: Bool) throws -> HypreAMGBackend {
        try requireSharing(solver: "amg", commandSpreads: commandSpreads)
        return try HypreAMGBackend(group: MPIRankGroup(MPIRuntime.world()), threadLevel: MPIRuntime.threadLevel)
    }

    private static func requireSharing(solver: String, commandSpreads: Bool) throws {
        if Launch.current.isDistributed && !commandSpreads {
            throw InputError(name: "--solver", value: solver,
                             accepted: "cholmod or kron for this command under an MPI launcher (it runs on rank 0 alone)")
        }
    }
}

/// `--solver auto`: route 1 on CHOLMOD for small lattices, route 3 (AMG) from N_L = 100
/// (benchmarks/RESULTS.md, "Route 3"). One σ by route 3 is as fast as by CHOLMOD from N_L ≈ 40 on,
/// but below N_L = 100 a σ costs under a second, MPI's start-up (~0.65 s) is then a large part of
/// it, and route 3 shares each σ among the ranks, so a sweep runs its realisations one at a time
/// instead of on every thread.
enum KirchhoffSolverChoice {
    static let amgFromSize = 100
}
