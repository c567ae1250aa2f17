import CMPI

/// An MPI communicator: this process's rank among `size`, and byte messages between ranks.
///
/// Handles are process-wide values that MPI owns, so the struct is shared freely between
/// threads (`MPIRuntime` initialises with `MPI_THREAD_MULTIPLE`). Errors come back as
/// `MPIError` (the communicators here have `MPI_ERRORS_RETURN`).
public struct Communicator: @unchecked Sendable {
    /// The C handle, for libraries that take one (MUMPS wants `fortranHandle`).
    public let handle: MPI_Comm
    public let rank: Int
    public let size: Int

    init(handle: MPI_Comm, rank: Int, size: Int) {
        self.handle = handle
        self.rank = rank
        self.size = size
    }

    /// The Fortran handle (`MPI_Comm_c2f`), as MUMPS's `comm_fortran` expects.
    public var fortranHandle: Int32 { MPI_Comm_c2f(handle) }

    /// A new communicator over the same ranks (`MPI_Comm_dup`), whose messages never match
    /// those of any other: each layer that talks over MPI should use its own. Collective.
    public func duplicate() throws(MPIError) -> Communicator {
        var copy = ionscape_mpi_comm_null()
        try check(MPI_Comm_dup(handle, &copy), "MPI_Comm_dup")
        guard let copy else { throw .call(function: "MPI_Comm_dup", code: -1, message: "returned a null communicator") }
        MPI_Comm_set_errhandler(copy, ionscape_mpi_errors_return())
        return Communicator(handle: copy, rank: rank, size: size)
    }

    /// `MPI_Barrier`. Collective.
    public func barrier() throws(MPIError) {
        try check(MPI_Barrier(handle), "MPI_Barrier")
    }

    /// `bytes` of rank `root` on every rank (`MPI_Bcast` of the length, then of the bytes).
    /// Collective; the other ranks' `bytes` are replaced.
    public func broadcast(_ bytes: inout [UInt8], root: Int) throws(MPIError) {
        var count = Int64(bytes.count)
        try check(MPI_Bcast(&count, 1, ionscape_mpi_int64(), Int32(root), handle), "MPI_Bcast")
        if rank != root { bytes = [UInt8](repeating: 0, count: Int(count)) }
        guard count > 0 else { return }
        let code = bytes.withUnsafeMutableBytes { MPI_Bcast($0.baseAddress, Int32(count), ionscape_mpi_byte(), Int32(root), handle) }
        try check(code, "MPI_Bcast")
    }

    /// Starts sending `bytes` to rank `destination` with `tag` (`MPI_Isend`); the returned
    /// send owns the buffer until it completes.
    public func send(_ bytes: [UInt8], to destination: Int, tag: Int32) throws(MPIError) -> PendingSend {
        let pending = PendingSend(bytes: bytes)
        let code = pending.buffer.withUnsafeBytes { buffer in
            MPI_Isend(buffer.baseAddress, Int32(buffer.count), ionscape_mpi_byte(), Int32(destination), tag, handle, &pending.request)
        }
        try check(code, "MPI_Isend")
        return pending
    }

    /// The next message from `source` (any rank if nil) with `tag` (any if nil), if one has
    /// arrived; nil otherwise (`MPI_Iprobe`, then `MPI_Recv` of exactly its size). Never blocks.
    public func receiveIfArrived(from source: Int? = nil, tag: Int32? = nil) throws(MPIError) -> Message? {
        var flag: Int32 = 0
        var status = MPI_Status()
        try check(MPI_Iprobe(source.map(Int32.init) ?? ionscape_mpi_any_source(), tag ?? ionscape_mpi_any_tag(),
                             handle, &flag, &status), "MPI_Iprobe")
        guard flag != 0 else { return nil }
        var count: Int32 = 0
        try check(MPI_Get_count(&status, ionscape_mpi_byte(), &count), "MPI_Get_count")
        var bytes = [UInt8](repeating: 0, count: Int(count))
        let code = bytes.withUnsafeMutableBytes { buffer in
            MPI_Recv(buffer.baseAddress, count, ionscape_mpi_byte(), status.MPI_SOURCE, status.MPI_TAG, handle,
                     ionscape_mpi_status_ignore())
        }
        try check(code, "MPI_Recv")
        return Message(source: Int(status.MPI_SOURCE), tag: status.MPI_TAG, bytes: bytes)
    }

    func check(_ code: Int32, _ function: String) throws(MPIError) {
        guard code != ionscape_mpi_success() else { return }
        throw .call(function: function, code: code, message: MPIRuntime.errorString(code))
    }
}

/// A received message.
public struct Message: Sendable {
    public let source: Int
    public let tag: Int32
    public let bytes: [UInt8]
}

/// A send in flight (`MPI_Isend`): keeps its buffer alive until `isComplete` or `wait()`.
public final class PendingSend {
    fileprivate let buffer: [UInt8]
    fileprivate var request: MPI_Request? = ionscape_mpi_request_null()
    private var done = false

    fileprivate init(bytes: [UInt8]) { buffer = bytes }

    /// `MPI_Test`: true once the buffer may be released.
    public func isComplete() throws(MPIError) -> Bool {
        guard !done else { return true }
        var flag: Int32 = 0
        let code = MPI_Test(&request, &flag, ionscape_mpi_status_ignore())
        guard code == ionscape_mpi_success() else {
            throw .call(function: "MPI_Test", code: code, message: MPIRuntime.errorString(code))
        }
        done = flag != 0
        return done
    }

    /// `MPI_Wait`: blocks until the send completes.
    public func wait() throws(MPIError) {
        guard !done else { return }
        let code = MPI_Wait(&request, ionscape_mpi_status_ignore())
        guard code == ionscape_mpi_success() else {
            throw .call(function: "MPI_Wait", code: code, message: MPIRuntime.errorString(code))
        }
        done = true
    }
}
