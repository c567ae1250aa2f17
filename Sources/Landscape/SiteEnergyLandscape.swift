/// A realised site-energy landscape on the ion sublattice (docs/model.md §3).
///
/// `energies[i]` is ε_i = V0·(Q_i + η_i) in eV for accessible sites. Blocked
/// sites take part in nothing; their entry is `.nan` and `isAccessible[i]` is false.
public struct SiteEnergyLandscape: Sendable {
    public let lattice: CubicLattice
    /// ε_i in eV (NaN on blocked sites).
    public let energies: [Double]
    /// Accessible (non-blocked) ion sites.
    public let isAccessible: [Bool]
    /// Number of mobile ions N = round((1 − f0)·N_acc).
    public let ionCount: Int
    /// Number of accessible sites N_acc.
    public let accessibleCount: Int
    /// Fraction of the total NFU charge lost to units with no accessible neighbour (z = 0).
    public let lostChargeFraction: Double

    public init(lattice: CubicLattice, energies: [Double], isAccessible: [Bool], ionCount: Int,
                lostChargeFraction: Double = 0) {
        precondition(energies.count == lattice.siteCount && isAccessible.count == lattice.siteCount,
                     "landscape arrays must have N_L³ entries")
        self.lattice = lattice
        self.energies = energies
        self.isAccessible = isAccessible
        self.accessibleCount = isAccessible.reduce(0) { $0 + ($1 ? 1 : 0) }
        precondition(ionCount >= 0 && ionCount <= accessibleCount, "ion count must be within 0…N_acc")
        self.ionCount = ionCount
        self.lostChargeFraction = lostChargeFraction
    }

    /// Energies of the accessible sites only, in site-index order.
    public var accessibleEnergies: [Double] {
        var out: [Double] = []
        out.reserveCapacity(accessibleCount)
        for i in energies.indices where isAccessible[i] { out.append(energies[i]) }
        return out
    }
}
