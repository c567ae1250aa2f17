/// Periodic simple-cubic sublattice of edge N_L (docs/model.md §3).
///
/// Sites are indexed plane by plane along the transport axis x:
/// `index = (x·N_L + y)·N_L + z`, so the sites of plane x are contiguous.
/// The NFU sublattice sits at integer positions (i,j,k); the ion sublattice at
/// (i+½, j+½, k+½). Both use this indexing.
public struct CubicLattice: Sendable, Hashable {
    /// Lattice edge N_L (sites per axis).
    public let edge: Int

    /// Smallest accepted edge (docs/model.md §3: N_L ≥ 4).
    public static let minimumEdge = 4

    public init(edge: Int) throws(LandscapeError) {
        guard edge >= Self.minimumEdge else {
            throw .invalidParameter(name: "size", value: "\(edge)", accepted: "N_L ≥ \(Self.minimumEdge)")
        }
        // N_L³ must fit an Int32 neighbour table comfortably (N_L ≤ 1024 ⇒ ≤ 1.07e9 sites).
        guard edge <= 1024 else {
            throw .invalidParameter(name: "size", value: "\(edge)", accepted: "N_L ≤ 1024")
        }
        self.edge = edge
    }

    /// N_tot = N_L³.
    @inlinable public var siteCount: Int { edge * edge * edge }
    /// Sites per plane, N_L².
    @inlinable public var planeSize: Int { edge * edge }

    @inlinable public func index(_ x: Int, _ y: Int, _ z: Int) -> Int { (x * edge + y) * edge + z }

    @inlinable public func coordinates(of index: Int) -> (x: Int, y: Int, z: Int) {
        let z = index % edge
        let rest = index / edge
        return (rest / edge, rest % edge, z)
    }

    /// Plane index along the transport axis x.
    @inlinable public func plane(of index: Int) -> Int { index / planeSize }

    /// Periodic wrap of a coordinate into 0..<N_L.
    @inlinable public func wrap(_ c: Int) -> Int {
        let m = c % edge
        return m < 0 ? m + edge : m
    }
}
