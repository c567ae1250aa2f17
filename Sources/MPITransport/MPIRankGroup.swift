import MPIFarm
import Transport

/// The ranks of an MPI communicator as a `RankGroup` (collectives of `Communicator`). The caller
/// has initialised MPI (`MPIRuntime.world()`), also for a single process without a launcher
/// (MPI's singleton start), which is how `--solver mumps` runs on one rank.
public struct MPIRankGroup: RankGroup {
    public let communicator: Communicator

    /// A group over a duplicate of `communicator`, so that its messages never mix with others'.
    /// Collective.
    public init(_ communicator: Communicator) throws(MPIError) {
        self.communicator = try communicator.duplicate()
    }

    public var rank: Int { communicator.rank }
    public var size: Int { communicator.size }

    public func allReduce(_ values: [Double], _ reduction: RankReduction) throws -> [Double] {
        var result = values
        try communicator.allReduce(&result, Self.mpi(reduction))
        return result
    }

    public func allReduce(_ values: [Int], _ reduction: RankReduction) throws -> [Int] {
        var result = values.map(Int64.init)
        try communicator.allReduce(&result, Self.mpi(reduction))
        return result.map(Int.init)
    }

    public func allGather(_ bytes: [UInt8]) throws -> [[UInt8]] {
        try communicator.allGather(bytes)
    }

    public func broadcast(_ values: inout [Double], root: Int) throws {
        try communicator.broadcast(&values, root: root)
    }

    private static func mpi(_ reduction: RankReduction) -> Communicator.Reduction {
        switch reduction {
        case .sum: .sum
        case .minimum: .minimum
        case .maximum: .maximum
        }
    }
}
