import Foundation
import Landscape

/// Which Kirchhoff solver computes G_tot (SPEC §6).
public enum KirchhoffRoute: String, Sendable, CaseIterable, Codable {
    /// Route 1: windowed sparse direct solve on CHOLMOD.
    case sparseDirect = "cholmod"
    /// Route 2: iterative Kron reduction.
    case kron = "kron"
}

/// σ_dc of one network, with what the solver reported.
public struct ConductivityResult: Sendable, Codable {
    /// σ_dc in S/cm (exactly 0 when no cluster spans).
    public let sigma: Double
    /// G_tot in S.
    public let totalConductance: Double
    public let route: KirchhoffRoute
    /// Route 1 report (W, system size, convergence check, events); nil for route 2.
    public let direct: DirectSolution?
}

public enum Conductivity {
    /// σ_dc of `network` by the chosen route (SPEC §6).
    public static func sigma(of network: ConductanceNetwork, route: KirchhoffRoute = .sparseDirect,
                             policy: WindowPolicy = WindowPolicy()) throws(TransportError) -> ConductivityResult {
        switch route {
        case .sparseDirect:
            let d = try SparseDirectSolver.solve(network, policy: policy)
            return ConductivityResult(sigma: network.conductivity(totalConductance: d.totalConductance),
                                      totalConductance: d.totalConductance, route: route, direct: d)
        case .kron:
            let k = try KronReduction.solve(network)
            return ConductivityResult(sigma: network.conductivity(totalConductance: k.totalConductance),
                                      totalConductance: k.totalConductance, route: route, direct: nil)
        }
    }

    /// σ_dc(T) of a landscape: builds the eq. (7) network at T and solves it.
    public static func sigma(landscape: SiteEnergyLandscape, temperature: Double, hopping: HoppingParameters,
                             route: KirchhoffRoute = .sparseDirect,
                             policy: WindowPolicy = WindowPolicy()) throws(TransportError) -> ConductivityResult {
        let network = try ConductanceNetwork(landscape: landscape, temperature: temperature, hopping: hopping)
        return try sigma(of: network, route: route, policy: policy)
    }
}
