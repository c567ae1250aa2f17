import Landscape

/// Nearest-neighbour links of the ion sublattice for transport along x (docs/model.md §5):
/// open in x (no link between plane N_L−1 and plane 0), periodic in y and z.
/// Each link is enumerated once, from its lower site towards +x, +y or +z.
public struct IonLinks: Sendable {
    public let lattice: CubicLattice

    public init(lattice: CubicLattice) { self.lattice = lattice }

    /// Calls `body(i, j)` for every link between accessible sites i and j.
    @inlinable
    public func forEachLink(isAccessible: [Bool], _ body: (Int, Int) -> Void) {
        let n = lattice.edge
        for x in 0..<n {
            for y in 0..<n {
                for z in 0..<n {
                    let i = lattice.index(x, y, z)
                    guard isAccessible[i] else { continue }
                    if x + 1 < n {
                        let j = lattice.index(x + 1, y, z)
                        if isAccessible[j] { body(i, j) }
                    }
                    let jy = lattice.index(x, y + 1 == n ? 0 : y + 1, z)
                    if isAccessible[jy] { body(i, jy) }
                    let jz = lattice.index(x, y, z + 1 == n ? 0 : z + 1)
                    if isAccessible[jz] { body(i, jz) }
                }
            }
        }
    }
}
