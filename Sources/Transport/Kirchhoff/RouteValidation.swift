/// One row of the "validate iterative Kron against sparse direct" workflow
/// (`ionscape validate-kron`: case, spread, sigma_direct, sigma_kron, relative_difference).
public struct RouteComparison: Sendable, Codable {
    public let name: String
    /// g_max/g_min over the links of the spanning part of the network.
    public let spread: Double
    /// σ_dc (S/cm; G_tot for abstract networks) by route 1 and route 2.
    public let sigmaDirect: Double
    public let sigmaKron: Double
    /// |σ_direct − σ_kron| / σ_kron (0 when both are zero).
    public let relativeDifference: Double
    /// Route 1's own report (W, size, convergence check, events).
    public let direct: DirectSolution
}

/// Runs both Kirchhoff routes on the same networks (SPEC §6 agreement targets).
public enum RouteValidation {
    public static func compare(name: String, network: ConductanceNetwork,
                               policy: WindowPolicy = WindowPolicy()) throws(TransportError) -> RouteComparison {
        let direct = try SparseDirectSolver.solve(network, policy: policy)
        let kron = try KronReduction.solve(network)
        let sd = network.conductivity(totalConductance: direct.totalConductance)
        let sk = network.conductivity(totalConductance: kron.totalConductance)
        let difference = sk == 0 ? (sd == 0 ? 0 : 1) : abs(sd - sk) / sk
        return RouteComparison(name: name, spread: network.spanningPart()?.conductanceSpread ?? 1,
                               sigmaDirect: sd, sigmaKron: sk, relativeDifference: difference, direct: direct)
    }

    public static func compare(cases: [(name: String, network: ConductanceNetwork)],
                               policy: WindowPolicy = WindowPolicy()) throws(TransportError) -> [RouteComparison] {
        var rows: [RouteComparison] = []
        for c in cases { rows.append(try compare(name: c.name, network: c.network, policy: policy)) }
        return rows
    }
}
