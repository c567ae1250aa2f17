/// Element-wise reduction of `RankGroup.allReduce`.
public enum RankReduction: Sendable {
    case sum, minimum, maximum
}

/// The processes that share the work of one σ (docs/large-lattices.md): MPI ranks in a run
/// under a launcher (MPITransport's `MPIRankGroup`), threads of one process in tests, or a single
/// process. Transport never initialises MPI itself.
///
/// Every method is collective: each rank of the group calls it, in the same order.
public protocol RankGroup: Sendable {
    /// This process's rank, 0 ..< size.
    var rank: Int { get }
    var size: Int { get }

    /// The element-wise reduction of every rank's `values` (all the same length), on every
    /// rank (MPI_Allreduce). Sums of doubles are not used where bit-identity across rank
    /// counts matters: callers gather and add in a fixed order instead.
    func allReduce(_ values: [Double], _ reduction: RankReduction) throws -> [Double]
    func allReduce(_ values: [Int], _ reduction: RankReduction) throws -> [Int]
    /// Every rank's `bytes`, indexed by rank, on every rank (MPI_Allgatherv).
    func allGather(_ bytes: [UInt8]) throws -> [[UInt8]]
    /// Rank `root`'s `values` on every rank (MPI_Bcast); the others' arrays are replaced.
    func broadcast(_ values: inout [Double], root: Int) throws
}

extension RankGroup {
    public var isRoot: Bool { rank == 0 }

    /// Every rank's `values`, indexed by rank, on every rank.
    public func allGather<T: BitwiseCopyable>(_ values: [T]) throws -> [[T]] {
        let bytes = values.withUnsafeBytes { Array($0) }
        return try allGather(bytes).map { data in
            data.withUnsafeBytes { raw in
                [T](unsafeUninitializedCapacity: data.count / MemoryLayout<T>.stride) { buffer, count in
                    count = data.count / MemoryLayout<T>.stride
                    if count > 0 { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw) }
                }
            }
        }
    }
}

/// A group of one: the plain, single-process run.
public struct SingleRank: RankGroup {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public func allReduce(_ values: [Double], _ reduction: RankReduction) -> [Double] { values }
    public func allReduce(_ values: [Int], _ reduction: RankReduction) -> [Int] { values }
    public func allGather(_ bytes: [UInt8]) -> [[UInt8]] { [bytes] }
    public func broadcast(_ values: inout [Double], root: Int) {}
}
