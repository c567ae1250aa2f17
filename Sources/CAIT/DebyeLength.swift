import Landscape

extension PhysicalConstants {
    /// Debye length λ_D = √(ε_0 ε_r k_B T / (e² n_b)) in m, for a density `density` in m⁻³
    /// (docs/cait.md).
    public static func debyeLength(density: Double, relativePermittivity: Double, temperature: Double) -> Double {
        // ε k_B T / e² with k_B T in eV: ε·(k_B T [V])/e.
        (vacuumPermittivity * relativePermittivity * thermalEnergy(temperature: temperature)
            / (elementaryCharge * density)).squareRoot()
    }
}
