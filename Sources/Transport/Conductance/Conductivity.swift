import Foundation
import Landscape

/// Which Kirchhoff solver computes G_tot (docs/model.md §6).
public enum KirchhoffRoute: String, Sendable, CaseIterable, Codable {
    /// Route 1: windowed sparse direct solve on CHOLMOD.
    case sparseDirect = "cholmod"
    /// Route 2: iterative Kron reduction.
    case kron = "kron"
}

/// σ_dc of one network, with its certified bracket and what the solver reported. σ is held as a
/// logarithm: at low temperature it lies far below the smallest Double.
public struct ConductivityResult: Sendable, Codable {
    /// ln σ_dc (σ in S/cm; G_tot for abstract networks); −∞ exactly when no cluster spans.
    public let logSigma: Double
    /// The certified bracket on σ (route 1: the variational bounds; route 2: its rounding bound).
    public let bracket: ConductanceBracket
    public let route: KirchhoffRoute
    /// Route 1 report (W, system size, windows tried, events); nil for route 2.
    public let direct: DirectSolution?

    /// σ_dc in S/cm (underflows to 0 below ~1e-308; use `logSigma`).
    public var sigma: Double { exp(logSigma) }
    /// log10 σ_dc.
    public var log10Sigma: Double { logSigma / M_LN10 }
    /// Whether a cluster spans (σ > 0 in exact arithmetic).
    public var spans: Bool { logSigma > -.infinity }
    /// (σ_hi − σ_lo)/(2σ), the relative half-width the result is quoted with (0 when nothing spans).
    public var relativeHalfWidth: Double { spans ? bracket.relativeHalfWidth(about: logSigma) : 0 }
}

public enum Conductivity {
    /// σ_dc of `network` by the chosen route (docs/model.md, "Conductance network").
    public static func sigma(of network: ConductanceNetwork, route: KirchhoffRoute = .sparseDirect,
                             policy: WindowPolicy = WindowPolicy()) throws(TransportError) -> ConductivityResult {
        let logFactor = network.logConductivityFactor
        switch route {
        case .sparseDirect:
            let d = try SparseDirectSolver.solve(network, policy: policy)
            return ConductivityResult(logSigma: d.logTotalConductance + logFactor,
                                      bracket: d.bracket.scaled(byLog: logFactor), route: route, direct: d)
        case .kron:
            let k = try KronReduction.solve(network)
            return ConductivityResult(logSigma: k.logTotalConductance + logFactor,
                                      bracket: k.bracket.scaled(byLog: logFactor), route: route, direct: nil)
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
