import Landscape

extension ConductanceNetwork {
    /// A network on every site of the ion sublattice (open x, periodic y, z; docs/model.md §5 geometry)
    /// with log g from `logConductance(i, j)`; links for which it returns nil are absent.
    /// Plane 0 is B+, plane N_L − 1 is B−. For synthetic checks: uniform and bond-diluted
    /// lattices (`ionscape validate`, tests).
    public static func cubicLattice(edge: Int, latticeConstant: Double = 5e-10,
                                    logConductance: (Int, Int) -> Double?) throws -> ConductanceNetwork {
        let lattice: CubicLattice
        do { lattice = try CubicLattice(edge: edge) } catch {
            throw TransportError.invalidParameter(name: "size", value: "\(edge)", accepted: "4 ≤ N_L ≤ 1024")
        }
        var roles = [ElectrodeRole](repeating: .interior, count: lattice.siteCount)
        for i in 0..<lattice.siteCount {
            let x = lattice.plane(of: i)
            if x == 0 { roles[i] = .source } else if x == edge - 1 { roles[i] = .drain }
        }
        var links: [(Int, Int)] = [], values: [Double] = []
        IonLinks(lattice: lattice).forEachLink(isAccessible: [Bool](repeating: true, count: lattice.siteCount)) { i, j in
            if let v = logConductance(i, j) { links.append((i, j)); values.append(v) }
        }
        return try ConductanceNetwork(roles: roles, links: links, logConductances: values,
                                      geometry: SampleGeometry(edge: edge, latticeConstant: latticeConstant))
    }
}
