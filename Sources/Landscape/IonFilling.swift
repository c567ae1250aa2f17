/// Ion fillings other than the composition's (docs/kmc.md, "Filling").
///
/// The filling c is the fraction of accessible sites that hold an ion. A landscape at filling c
/// keeps its sites and energies and holds N = round(c·N_acc) ions (rounding to nearest, halves
/// away from zero); everything downstream — μ(T), the conductance network, kinetic Monte
/// Carlo — then follows from N as it does for the composition's own N = round((1 − f0)·N_acc).
extension SiteEnergyLandscape {
    /// The same sites and energies holding N = round(c·N_acc) ions.
    /// - Throws: `LandscapeError.invalidParameter` unless 0 < c < 1 and 1 ≤ N ≤ N_acc − 1, so that
    ///   both an ion and a vacancy exist (μ is then finite and ions can move).
    public func filled(to filling: Double) throws(LandscapeError) -> SiteEnergyLandscape {
        let count = try Self.ionCount(filling: filling, accessibleCount: accessibleCount)
        return SiteEnergyLandscape(lattice: lattice, energies: energies, isAccessible: isAccessible,
                                   ionCount: count, lostChargeFraction: lostChargeFraction)
    }

    /// The composition's filling N/N_acc.
    public var filling: Double { Double(ionCount) / Double(accessibleCount) }

    /// N = round(c·N_acc), checked: 0 < c < 1 and 1 ≤ N ≤ N_acc − 1.
    public static func ionCount(filling: Double, accessibleCount: Int) throws(LandscapeError) -> Int {
        guard filling.isFinite, filling > 0, filling < 1 else {
            throw .invalidParameter(name: "filling", value: "\(filling)", accepted: "0 < c < 1")
        }
        let count = Int((filling * Double(accessibleCount)).rounded())
        guard count >= 1, count <= accessibleCount - 1 else {
            throw .invalidParameter(name: "filling", value: "\(filling) (N = \(count) ions on N_acc = \(accessibleCount) sites)",
                                    accepted: "1/(2 N_acc) < c < 1 − 1/(2 N_acc), so that at least one ion and one vacancy remain")
        }
        return count
    }

    /// The uniform lattice (`--landscape uniform`): every ion site accessible, every energy equal
    /// (0 eV), N = round(c·N_L³) ions. With equal energies the Metropolis rate of every allowed hop
    /// is ν e^{−βu0}, so this is the lattice gas with site exclusion only.
    public static func uniform(lattice: CubicLattice, filling: Double) throws(LandscapeError) -> SiteEnergyLandscape {
        let n = lattice.siteCount
        let count = try ionCount(filling: filling, accessibleCount: n)
        return SiteEnergyLandscape(lattice: lattice, energies: [Double](repeating: 0, count: n),
                                   isAccessible: [Bool](repeating: true, count: n), ionCount: count)
    }
}
