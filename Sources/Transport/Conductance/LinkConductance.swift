import Foundation
import Landscape

/// Link conductances of the AHL network (docs/model.md §6; [B&M] eq. (7) with the Metropolis rates (5)):
///
///   g_ij = β e² ν e^{−β u0} min(1, e^{−β(ε_j − ε_i)}) f_i (1 − f_j).
///
/// By detailed balance this equals β e² ν e^{−β u0} f_h (1 − f_l), where h is the site of higher
/// and l the site of lower energy, which is the symmetric form evaluated here, in log space.
/// With β in 1/J, β e² = e/(k_B T) when k_B T is in eV, so g is in S for ν in Hz.
public struct LinkConductance: Sendable {
    /// β = 1/(k_B T) in 1/eV.
    public let beta: Double
    /// Chemical potential μ(T) in eV (docs/model.md §4).
    public let chemicalPotential: Double
    /// log(β e² ν) − β u0, the part of log g shared by all links.
    public let logPrefactor: Double

    public init(temperature: Double, chemicalPotential: Double, hopping: HoppingParameters) throws(TransportError) {
        guard temperature.isFinite, temperature > 0 else {
            throw .invalidParameter(name: "temperature", value: "\(temperature) K", accepted: "T > 0 K, finite")
        }
        guard chemicalPotential.isFinite else {
            throw .invalidParameter(name: "chemical potential μ", value: "\(chemicalPotential) eV", accepted: "finite")
        }
        let kT = PhysicalConstants.boltzmannEV * temperature
        beta = 1 / kT
        self.chemicalPotential = chemicalPotential
        logPrefactor = log(PhysicalConstants.elementaryCharge / kT) + log(hopping.attemptFrequency) - hopping.barrier / kT
    }

    /// log g_ij (g in S) for a link between sites of energies ε_i and ε_j (eV); symmetric in i, j.
    @inlinable public func logConductance(_ energyI: Double, _ energyJ: Double) -> Double {
        let high = max(energyI, energyJ), low = min(energyI, energyJ)
        return logPrefactor
            + Occupation.logFermi(high - chemicalPotential, beta: beta)
            + Occupation.logOneMinusFermi(low - chemicalPotential, beta: beta)
    }
}
