import Landscape
/// Conversions between transport coefficients ([GSW] eqs. 8–9 and §3.4; docs/model.md §9).
/// Units: D in m²/s, n in m⁻³, T in K, σ in S/m; L_ii in (m s J)⁻¹ so that J_i = L_ii·(−∇μ̃_i).
public enum OnsagerRelations {
    /// k_B in J/K (= k_B[eV/K]·e, CODATA 2018 exact).
    static var boltzmannJoule: Double { PhysicalConstants.boltzmannEV * PhysicalConstants.elementaryCharge }

    /// Eqs. (8)–(9): L_ii = D_i,eff·n_i/(k_B T).
    public static func onsagerCoefficient(effectiveDiffusivity d: Double, density n: Double,
                                          temperature t: Double) throws(CAITError) -> Double {
        try CAITError.require("effective diffusion coefficient", d, in: 0...1, accepted: "0 … 1 m²/s")
        try CAITError.require("density", n, in: 0...1e32, accepted: "0 … 1e32 m⁻³")
        try CAITError.require("temperature", t, in: 1...1e4, accepted: "1 K ≤ T ≤ 1e4 K")
        return d * n / (boltzmannJoule * t)
    }

    /// Eqs. (8)–(9): D_eff = 2·D* (the CAIT/σ diffusion coefficient from the tracer one).
    public static func effectiveDiffusivity(tracerDiffusivity d: Double) throws(CAITError) -> Double {
        try CAITError.require("tracer diffusion coefficient", d, in: 0...1, accepted: "0 … 1 m²/s")
        return 2 * d
    }

    /// D* = D_eff/2.
    public static func tracerDiffusivity(effectiveDiffusivity d: Double) throws(CAITError) -> Double {
        try CAITError.require("effective diffusion coefficient", d, in: 0...1, accepted: "0 … 1 m²/s")
        return d / 2
    }

    /// Haven ratio H_R = D*/D_σ.
    public static func havenRatio(tracerDiffusivity tracer: Double, conductivityDiffusivity sigma: Double) throws(CAITError) -> Double {
        try CAITError.require("tracer diffusion coefficient", tracer, in: 0...1, accepted: "0 … 1 m²/s")
        try CAITError.require("conductivity diffusion coefficient", sigma, in: 1e-40...1, accepted: "1e-40 … 1 m²/s")
        return tracer / sigma
    }

    /// Nernst–Einstein D_σ = σ k_B T/(n e²), the diffusion coefficient of a dc conductivity σ (S/m)
    /// carried by monovalent ions of density n.
    public static func conductivityDiffusivity(conductivity sigma: Double, density n: Double,
                                               temperature t: Double) throws(CAITError) -> Double {
        try CAITError.require("conductivity", sigma, in: 0...1e6, accepted: "0 … 1e6 S/m")
        try CAITError.require("density", n, in: 1...1e32, accepted: "1 … 1e32 m⁻³")
        try CAITError.require("temperature", t, in: 1...1e4, accepted: "1 K ≤ T ≤ 1e4 K")
        let e = PhysicalConstants.elementaryCharge
        return sigma * boltzmannJoule * t / (n * e * e)
    }
}
