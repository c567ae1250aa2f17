/// Effective barrier of a link in the T → 0 limit (docs/model.md §5; [B&M], eq. (8b)):
///
///     Δ_ij = u0 + ½(|ε_i − ε_j| + |ε_i − ε_F| + |ε_j − ε_F|).
///
/// Δ_ij is symmetric in i and j, at least u0, and depends on the energies only through
/// differences, so it is invariant under ε → ε + c with ε_F → ε_F + c.
public struct EffectiveBarrier: Sendable, Equatable {
    /// Bare hopping barrier u0 in eV (docs/model.md §5: 0.1·V0 by default).
    public let hopBarrier: Double
    /// T → 0 Fermi level ε_F in eV (docs/model.md §4).
    public let fermiLevel: Double

    /// Accepts a finite u0 ≥ 0 and a finite ε_F.
    public init(hopBarrier: Double, fermiLevel: Double) throws(TransportError) {
        guard hopBarrier.isFinite && hopBarrier >= 0 else {
            throw .invalidParameter(name: "u0", value: "\(hopBarrier)", accepted: "finite, ≥ 0 eV")
        }
        guard fermiLevel.isFinite else {
            throw .invalidParameter(name: "Fermi level", value: "\(fermiLevel)", accepted: "finite")
        }
        self.hopBarrier = hopBarrier
        self.fermiLevel = fermiLevel
    }

    /// Δ_ij for site energies ε_i and ε_j, eq. (8b).
    @inlinable public func callAsFunction(_ energyI: Double, _ energyJ: Double) -> Double {
        hopBarrier + 0.5 * (abs(energyI - energyJ) + abs(energyI - fermiLevel) + abs(energyJ - fermiLevel))
    }
}
