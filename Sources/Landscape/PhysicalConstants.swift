/// The physical constants of the model (docs/model.md, "Units"): CODATA 2018, e and k_B exact in
/// the 2019 SI. The one definition every module uses.
public enum PhysicalConstants {
    /// Boltzmann constant k_B in eV/K.
    public static let boltzmannEV = 8.617333262e-5
    /// Elementary charge e in C.
    public static let elementaryCharge = 1.602176634e-19
    /// Vacuum permittivity ε_0 in F/m.
    public static let vacuumPermittivity = 8.8541878128e-12

    /// Thermal energy k_B·T in eV; numerically also the thermal voltage k_B·T/e in V.
    public static func thermalEnergy(temperature: Double) -> Double { boltzmannEV * temperature }
}
