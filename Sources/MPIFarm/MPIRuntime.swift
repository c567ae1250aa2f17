import CMPI
import Foundation
import Synchronization

/// The process's MPI library: initialised on first use, finalised once.
///
/// Nothing here runs in a plain run: the front end asks for `world()` only when `Launch.current`
/// says a launcher started several ranks. Initialise from the main thread (MPI wants
/// `MPI_Finalize` on the thread that initialised it).
public enum MPIRuntime {
    private struct State {
        var world: Communicator?
        var threadLevel: ThreadLevel?
        var finalized = false
    }

    private static let state = Mutex(State())

    /// The world communicator, initialising MPI on first call with `MPI_Init_thread`, asking
    /// for `MPI_THREAD_MULTIPLE` (any thread may call MPI; Open MPI 4.1 provides it) and setting
    /// `MPI_ERRORS_RETURN`, so that failed calls become `MPIError`s instead of aborting.
    public static func world() throws(MPIError) -> Communicator {
        let result: Result<Communicator, MPIError> = state.withLock { s in
            if let world = s.world { return .success(world) }
            if s.finalized { return .failure(.initialisation("MPI was already finalised")) }
            var provided: Int32 = 0
            let code = MPI_Init_thread(nil, nil, ionscape_mpi_thread_multiple(), &provided)
            guard code == ionscape_mpi_success() else {
                return .failure(.initialisation("MPI_Init_thread returned \(code): \(errorString(code))"))
            }
            s.threadLevel = threadLevel(provided)
            guard let handle = ionscape_mpi_comm_world() else {
                return .failure(.initialisation("MPI_COMM_WORLD is null"))
            }
            MPI_Comm_set_errhandler(handle, ionscape_mpi_errors_return())
            var rank: Int32 = 0, size: Int32 = 0
            MPI_Comm_rank(handle, &rank)
            MPI_Comm_size(handle, &size)
            let world = Communicator(handle: handle, rank: Int(rank), size: Int(size))
            s.world = world
            return .success(world)
        }
        return try result.get()
    }

    /// True once `world()` has initialised MPI (and until `finalize()`).
    public static var isInitialized: Bool { state.withLock { $0.world != nil && !$0.finalized } }

    /// The thread level the library provided, once initialised.
    public static var threadLevel: ThreadLevel? { state.withLock { $0.threadLevel } }

    /// The world communicator (`world()`), refused unless the library provides at least
    /// `required` (a caller that calls MPI from a thread other than the main one needs
    /// `.serialized`; several threads at once need `.multiple`).
    public static func world(requiring required: ThreadLevel) throws(MPIError) -> Communicator {
        let world = try world()
        try ThreadLevel.require(required, provided: threadLevel ?? .single)
        return world
    }

    /// `MPI_Finalize`, if MPI was initialised and not yet finalised. Call it only when no rank
    /// waits for a message from this one (every farm has ended); otherwise use `abort`.
    public static func finalize() {
        state.withLock { s in
            guard s.world != nil, !s.finalized else { return }
            MPI_Finalize()
            s.finalized = true
        }
    }

    /// `MPI_Abort` on the world: ends every rank of the job with `code`. For failures that
    /// leave other ranks waiting; mpirun then prints its own notice.
    public static func abort(code: Int32) -> Never {
        if isInitialized { MPI_Abort(ionscape_mpi_comm_world(), code) }
        exit(code)
    }

    /// The MPI library's version string (`MPI_Get_library_version`, callable before
    /// initialisation), e.g. "Open MPI v4.1.4, …".
    public static var libraryVersion: String {
        var buffer = [CChar](repeating: 0, count: Int(ionscape_mpi_max_library_version_string()) + 1)
        var length: Int32 = 0
        MPI_Get_library_version(&buffer, &length)
        let text = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(separator: "\n").first.map(String.init) ?? text
    }

    static func errorString(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(ionscape_mpi_max_error_string()) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &buffer, &length)
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func threadLevel(_ provided: Int32) -> ThreadLevel {
        switch provided {
        case ionscape_mpi_thread_multiple(): .multiple
        case ionscape_mpi_thread_serialized(): .serialized
        case ionscape_mpi_thread_funneled(): .funneled
        default: .single
        }
    }
}
