import Landscape

/// CODATA 2018 constants used by the CAIT model (docs/model.md §11).
public enum PhysicalConstants {
    /// Elementary charge e in C.
    public static let elementaryCharge = 1.602176634e-19
    /// Vacuum permittivity ε_0 in F/m.
    public static let vacuumPermittivity = 8.8541878128e-12
    /// Boltzmann constant k_B in eV/K (shared with the landscape side).
    public static let boltzmannEV = Landscape.boltzmannEV

    /// Thermal energy k_B·T in eV; numerically also the thermal voltage k_B·T/e in V.
    public static func thermalEnergy(temperature: Double) -> Double { boltzmannEV * temperature }

    /// Debye length λ_D = √(ε_0 ε_r k_B T / (e² n_b)) in m, for a density `density` in m⁻³.
    public static func debyeLength(density: Double, relativePermittivity: Double, temperature: Double) -> Double {
        // ε k_B T / e² with k_B T in eV: ε·(k_B T [V])/e.
        (vacuumPermittivity * relativePermittivity * thermalEnergy(temperature: temperature)
            / (elementaryCharge * density)).squareRoot()
    }
}
