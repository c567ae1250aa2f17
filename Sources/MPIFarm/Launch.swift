import Foundation

/// How this process was started: alone, or as one rank of a parallel job.
///
/// Detection reads the environment only, never MPI, so a plain run neither initialises MPI nor
/// pays for it. The variables, in order of precedence:
///
/// | launcher | rank | size |
/// |---|---|---|
/// | Open MPI `mpirun`/`mpiexec` | `OMPI_COMM_WORLD_RANK` | `OMPI_COMM_WORLD_SIZE` |
/// | PMI-1/PMI-2 (`srun --mpi=pmi2`, MPICH's Hydra) | `PMI_RANK` | `PMI_SIZE` |
/// | PMIx (`srun --mpi=pmix`) | `PMIX_RANK` | `SLURM_STEP_NUM_TASKS` if set, else asked of MPI |
///
/// Slurm's own `SLURM_PROCID`/`SLURM_NTASKS` are deliberately not used: a batch script has them
/// too, and a plain `ionscape` line in it must stay a plain run. A job of one rank is a plain
/// run as well.
public struct Launch: Sendable, Equatable, CustomStringConvertible {
    public enum Launcher: String, Sendable {
        case none = "none"
        case openMPI = "Open MPI mpirun"
        case pmi = "PMI"
        case pmix = "PMIx"
    }

    public let launcher: Launcher
    /// This process's rank, 0 without a launcher.
    public let rank: Int
    /// Number of ranks; nil when the launcher does not say (PMIx without Slurm), 1 without a launcher.
    public let size: Int?

    public init(launcher: Launcher, rank: Int, size: Int?) {
        self.launcher = launcher
        self.rank = rank
        self.size = size
    }

    /// A plain run: no launcher, rank 0 of 1.
    public static let plain = Launch(launcher: .none, rank: 0, size: 1)

    /// The launch of this process, detected once from its environment. A malformed launcher
    /// variable (not an integer, or rank ≥ size) makes the process a plain run and is reported
    /// by `problem`.
    public static let current: Launch = {
        switch detect(environment: ProcessInfo.processInfo.environment) {
        case let .success(launch): return launch
        case .failure: return .plain
        }
    }()

    /// Why `current` fell back to a plain run, if it did.
    public static var problem: MPIError? {
        if case let .failure(error) = detect(environment: ProcessInfo.processInfo.environment) { return error }
        return nil
    }

    /// True for rank 0, which alone prints and writes files.
    public var isRoot: Bool { rank == 0 }

    /// True when work is to be spread over ranks: a launcher started more than one.
    public var isDistributed: Bool { launcher != .none && size != 1 }

    public var description: String {
        launcher == .none ? "plain run" : "rank \(rank) of \(size.map(String.init) ?? "?") (\(launcher.rawValue))"
    }

    /// Detects the launcher from `environment` (see the table above).
    public static func detect(environment: [String: String]) -> Result<Launch, MPIError> {
        func integer(_ name: String) -> Result<Int?, MPIError> {
            guard let text = environment[name] else { return .success(nil) }
            guard let value = Int(text), value >= 0 else {
                return .failure(.launchEnvironment(name: name, value: text))
            }
            return .success(value)
        }
        let candidates: [(Launcher, String, String?)] = [
            (.openMPI, "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE"),
            (.pmi, "PMI_RANK", "PMI_SIZE"),
            (.pmix, "PMIX_RANK", environment["SLURM_STEP_NUM_TASKS"] != nil ? "SLURM_STEP_NUM_TASKS" : nil),
        ]
        for (launcher, rankName, sizeName) in candidates {
            let rank: Int?, size: Int?
            switch integer(rankName) {
            case let .success(r): rank = r
            case let .failure(e): return .failure(e)
            }
            guard let rank else { continue }
            if let sizeName {
                switch integer(sizeName) {
                case let .success(s): size = s
                case let .failure(e): return .failure(e)
                }
                guard let size, size >= 1, rank < size else {
                    return .failure(.launchEnvironment(name: sizeName, value: environment[sizeName] ?? "unset"))
                }
            } else {
                size = nil
            }
            return .success(Launch(launcher: launcher, rank: rank, size: size))
        }
        return .success(.plain)
    }
}
