import Foundation
import Landscape

/// The chemical diffusion coefficient of a landscape's conductance network (docs/kmc.md, "D(n)"):
///
///   D_chem = σ / (e² ∂n/∂μ),   ∂n/∂μ = β Σ_i f_i(1 − f_i) / V,
///
/// with σ the network's dc conductivity (eq. (7)–(13)) at the landscape's ion count N, μ solving
/// Σ_i f(ε_i − μ) = N, the sum over all accessible sites and V = (N_L a)³. In SI units, with
/// k_BT in eV, D_chem = σ V k_BT / (e Σ_i f_i(1 − f_i)). For the uniform lattice this is exactly
/// ν e^{−βu0} a² at every filling (σ = β e² ν e^{−βu0} c(1 − c)/a and Σ f(1 − f) = N_L³ c(1 − c)):
/// the mean-field network reproduces the lattice gas's exact chemical diffusion coefficient.
public struct ChemicalDiffusion: Sendable {
    /// The network's σ and what its solver reported.
    public let conductivity: ConductivityResult
    /// μ(T) in eV.
    public let chemicalPotential: Double
    /// Σ_i f_i(1 − f_i), dimensionless: k_BT ∂N/∂μ.
    public let thermodynamicCount: Double
    /// ln D_chem (D in m²/s); −∞ when no cluster spans.
    public let logDiffusivity: Double

    /// D_chem in m²/s (0 when no cluster spans; underflows to 0 below ~1e-308, see `logDiffusivity`).
    public var diffusivity: Double { exp(logDiffusivity) }

    public init(landscape: SiteEnergyLandscape, temperature: Double, hopping: HoppingParameters,
                route: KirchhoffRoute = .sparseDirect, policy: WindowPolicy = WindowPolicy()) throws(TransportError) {
        let network = try ConductanceNetwork(landscape: landscape, temperature: temperature, hopping: hopping)
        conductivity = try Conductivity.sigma(of: network, route: route, policy: policy)
        let mu: Double
        do {
            mu = try Occupation.chemicalPotential(of: landscape, temperature: temperature)
        } catch {
            throw .computationFailed("μ at T = \(temperature) K: \(error)")
        }
        chemicalPotential = mu
        let beta = 1 / (PhysicalConstants.boltzmannEV * temperature)
        var count = 0.0
        for (e, open) in zip(landscape.energies, landscape.isAccessible) where open {
            let f = Occupation.fermi(e - mu, beta: beta)
            count += f * (1 - f)
        }
        thermodynamicCount = count
        let edge = Double(landscape.lattice.edge) * hopping.latticeConstant
        // From ln σ (σ in S/cm → S/m): no factor underflows on the way, whatever σ.
        logDiffusivity = conductivity.logSigma + log(100) + 3 * log(edge) + log(PhysicalConstants.boltzmannEV * temperature)
            - log(PhysicalConstants.elementaryCharge) - log(count)
    }
}
