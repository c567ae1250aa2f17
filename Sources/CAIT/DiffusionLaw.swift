import Landscape
import Foundation

/// Concentration-dependent native diffusion (docs/model.md §9; [GSW] eq. 2):
/// D1(u) = D_bulk·exp(−(E_F(u_bulk) − E_F(u))/k_B T), u = n1/n_b, u_bulk = 1,
/// i.e. D = D0·exp(−E_act(n)/k_BT) with E_act(n) = E_DC − E_F(n).
///
/// Evaluated in log space: log D = log D_bulk + (E_F(u) − E_F(1))/k_BT, and
/// dD/du = D·(dE_F/du)/k_BT = exp(log D + log(dE_F/du) − log k_BT), so neither the deep tail
/// (D → 0) nor the steep slope there overflows.
///
/// Limits. As u → 0 a Gaussian g gives E_F → −∞ and D → 0 (slower than any power of u), which
/// is the physical limit "no native ions, no native diffusion"; u = 0 itself and u ≥ u_max are
/// outside the domain and throw `.fillingOutOfDomain` — the solver never clamps: it shortens
/// the Newton step so the filling stays inside (0, u_max) and rejects the time step otherwise.
public struct SiteEnergyDiffusion: Sendable {
    /// D_bulk in m²/s, the native diffusion coefficient at u = 1.
    public let bulkDiffusivity: Double
    public let filling: FillingMap
    /// Temperature T of the Arrhenius factor, K.
    public let temperature: Double
    /// E_F(u = 1) in eV.
    public let bulkFermiLevel: Double
    private let logBulk: Double, kT: Double

    public init(bulkDiffusivity: Double, filling: FillingMap, temperature: Double) throws(CAITError) {
        try CAITError.require("D_bulk", bulkDiffusivity, in: 1e-40...1, accepted: "1e-40 … 1 m²/s")
        try CAITError.require("temperature", temperature, in: 1...1e4, accepted: "1 K ≤ T ≤ 1e4 K")
        guard filling.maximumFraction > 1 else {
            throw .invalidParameter(name: "vacancy fraction", value: "\(filling.vacancyFraction)",
                                    accepted: "> 0, so the bulk filling u = 1 lies inside (0, 1/(1 − f_v))")
        }
        self.bulkDiffusivity = bulkDiffusivity
        self.filling = filling
        self.temperature = temperature
        self.bulkFermiLevel = try filling.fermiLevel(fraction: 1).energy
        self.logBulk = log(bulkDiffusivity)
        self.kT = PhysicalConstants.thermalEnergy(temperature: temperature)
    }

    /// log D1(u) and log(dD1/du).
    public func logDiffusivity(fraction u: Double) throws(CAITError) -> (logValue: Double, logDerivative: Double) {
        let (energy, logSlope) = try filling.fermiLevel(fraction: u)
        let logValue = logBulk + (energy - bulkFermiLevel) / kT
        return (logValue, logValue + logSlope - log(kT))
    }

    /// Activation energy E_act(u) − E_act(1) = E_F(1) − E_F(u), in eV.
    public func activationShift(fraction u: Double) throws(CAITError) -> Double {
        bulkFermiLevel - (try filling.fermiLevel(fraction: u).energy)
    }
}

/// Diffusion coefficient of one mobile species.
public enum DiffusionLaw: Sendable {
    /// A constant D in m²/s (the foreign ion, docs/model.md §9; or both species in the reference limits).
    case constant(Double)
    /// The native law D1(n) from a site energy distribution.
    case siteEnergy(SiteEnergyDiffusion)
    /// The native law D1(n) from a table of D against the site filling (e.g. the network's D_chem).
    case tabulated(TabulatedDiffusion)

    /// u_max of a native law (every site filled); nil for a constant D.
    public var fillingUpperLimit: Double? {
        switch self {
        case .constant: return nil
        case let .siteEnergy(law): return law.filling.maximumFraction
        case let .tabulated(law): return law.maximumFraction
        }
    }

    /// D(u) and dD/du in SI units, u = n/n_b.
    @inlinable public func evaluate(fraction u: Double) throws(CAITError) -> (value: Double, derivative: Double) {
        switch self {
        case let .constant(d):
            return (d, 0)
        case let .siteEnergy(law):
            let (logValue, logDerivative) = try law.logDiffusivity(fraction: u)
            return (exp(logValue), exp(logDerivative))
        case let .tabulated(law):
            return try law.evaluate(fraction: u)
        }
    }

    /// Table of (u, D(u), E_F(u)) at the given fillings (docs/model.md §9 outputs: "D1(n) and E_F(n) tables").
    /// E_F is nil for a constant law.
    public func table(fractions: [Double]) throws(CAITError) -> [(fraction: Double, diffusivity: Double, fermiLevel: Double?)] {
        var rows: [(fraction: Double, diffusivity: Double, fermiLevel: Double?)] = []
        for u in fractions {
            let d = try evaluate(fraction: u).value
            if case let .siteEnergy(law) = self {
                rows.append((u, d, try law.filling.fermiLevel(fraction: u).energy))
            } else {
                rows.append((u, d, nil))
            }
        }
        return rows
    }
}
