import Foundation

/// One row of the "validate iterative Kron against sparse direct" workflow (`ionscape validate-kron`).
public struct RouteComparison: Sendable, Codable {
    public let name: String
    /// ln(g_max/g_min) over the links of the spanning part of the network.
    public let logSpread: Double
    /// Route 1's σ (point estimate and certified bracket) and route 2's σ with its rounding bound
    /// (σ in S/cm; G_tot for abstract networks).
    public let direct: ConductivityResult
    public let kron: ConductivityResult
    /// Route 2's certified relative rounding bound.
    public let kronRoundingBound: Double

    /// |σ_direct − σ_kron| / σ_kron (0 when neither spans, 1 when only one does).
    public var relativeDifference: Double {
        switch (direct.spans, kron.spans) {
        case (false, false): return 0
        case (true, true): return abs(expm1(direct.logSigma - kron.logSigma))
        default: return 1
        }
    }

    /// Whether route 2's σ, within its rounding bound, lies in route 1's certified bracket. Both
    /// are rigorous, so `false` means one of the two routes is wrong.
    public var kronInsideBracket: Bool {
        guard direct.spans || kron.spans else { return true }
        guard direct.spans && kron.spans else { return false }
        return direct.bracket.contains(logValue: kron.logSigma, tolerance: kronRoundingBound)
    }
}

/// Runs both Kirchhoff routes on the same networks (docs/model.md, "Two routes").
public enum RouteValidation {
    public static func compare(name: String, network: ConductanceNetwork,
                               policy: WindowPolicy = WindowPolicy()) throws(TransportError) -> RouteComparison {
        let direct = try Conductivity.sigma(of: network, route: .sparseDirect, policy: policy)
        let kronSolution = try KronReduction.solve(network)
        let factor = network.logConductivityFactor
        let kron = ConductivityResult(logSigma: kronSolution.logTotalConductance + factor,
                                      bracket: kronSolution.bracket.scaled(byLog: factor), route: .kron, direct: nil)
        return RouteComparison(name: name, logSpread: network.spanningPart()?.logConductanceSpread ?? 0,
                               direct: direct, kron: kron, kronRoundingBound: kronSolution.roundingBound)
    }
}
