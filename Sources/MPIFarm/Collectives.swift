import CMPI

/// Collective operations beyond byte messages, for the stages of one σ that several ranks share
/// (MPITransport's `MPIRankGroup`; docs/large-lattices.md). Each is collective: every rank of the
/// communicator calls it, in the same order.
extension Communicator {
    /// Element-wise reduction operators of `allReduce`.
    public enum Reduction: Sendable {
        case sum, minimum, maximum

        var handle: MPI_Op {
            switch self {
            case .sum: ionscape_mpi_sum()
            case .minimum: ionscape_mpi_min()
            case .maximum: ionscape_mpi_max()
            }
        }
    }

    /// Whether `succeeded` holds on every rank (an `MPI_Allreduce` of the minimum), on every rank:
    /// a step that only some ranks run must be agreed on before the next collective call, or the
    /// ranks that did not fail wait in it for ever.
    public func allSucceeded(_ succeeded: Bool) throws(MPIError) -> Bool {
        var flag: [Int64] = [succeeded ? 1 : 0]
        try allReduce(&flag, .minimum)
        return flag[0] == 1
    }

    /// `MPI_Allreduce` of `values` (the same length on every rank), in place.
    public func allReduce(_ values: inout [Double], _ reduction: Reduction) throws(MPIError) {
        let code = values.withUnsafeMutableBufferPointer {
            MPI_Allreduce(ionscape_mpi_in_place(), $0.baseAddress, Int32($0.count), ionscape_mpi_double(), reduction.handle, handle)
        }
        try check(code, "MPI_Allreduce")
    }

    /// `MPI_Allreduce` of 64-bit integers, in place.
    public func allReduce(_ values: inout [Int64], _ reduction: Reduction) throws(MPIError) {
        let code = values.withUnsafeMutableBufferPointer {
            MPI_Allreduce(ionscape_mpi_in_place(), $0.baseAddress, Int32($0.count), ionscape_mpi_int64(), reduction.handle, handle)
        }
        try check(code, "MPI_Allreduce")
    }

    /// Every rank's `bytes`, indexed by rank, on every rank (`MPI_Allgather` of the lengths, then
    /// `MPI_Allgatherv`). Each rank's part must stay below 2 GiB.
    public func allGather(_ bytes: [UInt8]) throws(MPIError) -> [[UInt8]] {
        var counts = [Int32](repeating: 0, count: size)
        var mine = Int32(bytes.count)
        try check(MPI_Allgather(&mine, 1, ionscape_mpi_int32(), &counts, 1, ionscape_mpi_int32(), handle), "MPI_Allgather")
        var offsets = [Int32](repeating: 0, count: size)
        var total = 0
        for r in 0..<size {
            guard total <= Int(Int32.max) - Int(counts[r]) else {
                throw .call(function: "MPI_Allgatherv", code: -1, message: "gathered size exceeds 2 GiB")
            }
            offsets[r] = Int32(total)
            total += Int(counts[r])
        }
        var all = [UInt8](repeating: 0, count: total)
        let code = bytes.withUnsafeBytes { send in
            all.withUnsafeMutableBytes { receive in
                MPI_Allgatherv(send.baseAddress, mine, ionscape_mpi_byte(), receive.baseAddress, &counts, &offsets,
                               ionscape_mpi_byte(), handle)
            }
        }
        try check(code, "MPI_Allgatherv")
        return (0..<size).map { Array(all[Int(offsets[$0])..<(Int(offsets[$0]) + Int(counts[$0]))]) }
    }

    /// Every rank's `values`, concatenated in rank order, on every rank.
    public func allGather(_ values: [Double]) throws(MPIError) -> [Double] {
        let bytes = values.withUnsafeBytes { Array($0) }
        var all: [Double] = []
        for part in try allGather(bytes) {
            let values = [Double](unsafeUninitializedCapacity: part.count / MemoryLayout<Double>.size) { buffer, count in
                part.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
                count = buffer.count
            }
            all += values
        }
        return all
    }

    /// `MPI_Bcast` of rank `root`'s doubles (the length first); the others' arrays are replaced.
    public func broadcast(_ values: inout [Double], root: Int) throws(MPIError) {
        var count = Int64(values.count)
        try check(MPI_Bcast(&count, 1, ionscape_mpi_int64(), Int32(root), handle), "MPI_Bcast")
        if rank != root { values = [Double](repeating: 0, count: Int(count)) }
        // In pieces below 2^31 elements (MPI counts are 32-bit).
        var start = 0
        while start < Int(count) {
            let length = min(Int(count) - start, 1 << 30)
            let code = values.withUnsafeMutableBufferPointer {
                MPI_Bcast($0.baseAddress! + start, Int32(length), ionscape_mpi_double(), Int32(root), handle)
            }
            try check(code, "MPI_Bcast")
            start += length
        }
    }
}
