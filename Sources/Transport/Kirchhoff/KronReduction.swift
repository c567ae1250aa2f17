import Foundation
import SparseSolvers

/// Result of route 2 (iterative Kron reduction).
public struct KronSolution: Sendable {
    /// G_tot, the current leaving B+ at unit voltage (in the network's conductance unit).
    public let totalConductance: Double
    /// log G_tot (finite even when G_tot would underflow a Double).
    public let logTotalConductance: Double
    /// Nodes eliminated.
    public let eliminatedCount: Int
    /// Certified relative bound on the error of G_tot (see `KronReduction`): |G̃ − G| ≤ bound·G.
    public let roundingBound: Double
    /// G_tot within its rounding bound, rounded outward in log space.
    public let bracket: ConductanceBracket

    /// From the reduced network's G̃_tot = `total` in units of g_b = exp(`logScale`): G_tot =
    /// total·g_b, and its bracket [G̃(1 − δ), G̃(1 + δ)] with the rounding of log G̃ + log g_b.
    init(total: Double, logScale: Double, eliminatedCount: Int, roundingBound: Double) {
        let logTotal = log(total)
        totalConductance = total * exp(logScale)
        logTotalConductance = logTotal + logScale
        self.eliminatedCount = eliminatedCount
        self.roundingBound = roundingBound
        bracket = total > 0
            ? ConductanceBracket(logValue: logTotalConductance, relative: roundingBound,
                                 magnitude: abs(logTotal) + abs(logScale))
            : ConductanceBracket(logLower: -.infinity, logUpper: -.infinity)
    }
}

/// Route 2 (docs/model.md §6): iterative Kron reduction (Dörfler & Bullo, IEEE TCAS-I 60, 150 (2013);
/// [B&M] eqs. (10)–(13)).
///
/// B− is the ground: every node keeps a ground conductance g_i,ground besides its links, and B+
/// is merged into one rail at φ = 1. The interior nodes are eliminated multifrontally
/// (`MultifrontalKron`) in a fill-reducing order (CHOLMOD's choice of AMD or METIS nested
/// dissection). Eliminating k with pivot d_k = Σ_j g_kj + g_k,ground updates
/// g_ij += g_ik·g_kj/d_k and g_i,ground += g_ik·g_k,ground/d_k. Every quantity is a sum of
/// positive terms; no subtraction ever happens, so the result is accurate for any conductance
/// spread. At the end G_tot is the source rail's conductance to ground.
///
/// Conductances are scaled by the bottleneck g_b before leaving log space. For G_tot alone, links
/// stronger than e^600·g_b are contracted and links weaker than e^−600·g_b dropped first, so that
/// no scaled conductance over- or underflows. That changes G_tot by a relative
/// 4·n_links·n_nodes·e^−600 at most (≲ 1e−240): contraction raises G by at most the energy of
/// routing the flow through each contracted cluster, ≤ 4·G²·n/C for links above C (no link
/// carries more than the total current G ≤ n_links·g_b, the cut of links ≤ g_b), and dropping
/// lowers it by at most Σ g ≤ n_links·e^−600·g_b, against G ≥ g_b/n (one path of links ≥ g_b).
///
/// **Rounding bound.** G_tot(N), the source-to-ground conductance of a network N, is
/// non-decreasing in every conductance (Rayleigh) and homogeneous of degree one, so perturbing
/// every conductance of N by a relative factor within [1 − δ, 1 + δ] changes G_tot by at most δ
/// relative. Each elimination step computes every entry of the next network (g_ij + g_ik g_kj/d_k,
/// with d_k a sum of f_k positive terms) within γ_{f_k + c} of the exact Kron step applied to the
/// computed network, since every operation is a sum, product or quotient of positive numbers;
/// the exact step leaves G_tot unchanged. Hence |G̃ − G| ≤ [Π_k (1 + γ_{f_k + c}) − 1]·G, with
/// f_k the front (or neighbour-list) size of pivot k, c = 70 covering the panel sums of the
/// blocked update and the extend-adds, plus the rounding of the initial exp(log g − log g_b)
/// and of the final sum. `KronSolution.roundingBound` reports it, with the contraction term above.
public enum KronReduction {
    /// Reduces `network` (any network: non-spanning clusters are removed first).
    /// Returns G_tot = 0 exactly when no cluster spans.
    public static func solve(_ network: ConductanceNetwork) throws(TransportError) -> KronSolution {
        guard let spanning = network.spanningPart(), let logBottleneck = spanning.bottleneckLogConductance() else {
            return KronSolution(total: 0, logScale: 0, eliminatedCount: 0, roundingBound: 0)
        }
        let maxLog = spanning.logConductances.max() ?? logBottleneck
        let minLog = spanning.logConductances.min() ?? logBottleneck
        guard maxLog - logBottleneck > 600 || logBottleneck - minLog > 600 else {
            return try railReduction(spanning, logScale: logBottleneck, extraBound: 0)
        }
        var window = ConductanceWindow(spanning, logBottleneck: logBottleneck, window: exp(600))
        let n = Double(spanning.nodeCount), links = Double(spanning.linkCount)
        let truncation = 4 * links * n * exp(-600.0)
        guard let windowed = window.takeNetwork() else {
            preconditionFailure("a conductance window around g_b always spans")
        }
        return try railReduction(windowed, logScale: logBottleneck, extraBound: truncation)
    }

    /// B+ merged into one rail at φ = 1, interior nodes reduced multifrontally.
    private static func railReduction(_ network: ConductanceNetwork, logScale: Double,
                                      extraBound: Double) throws(TransportError) -> KronSolution {
        var local = [Int32](repeating: -1, count: network.nodeCount)
        var count = 0
        for (i, role) in network.roles.enumerated() where role == .interior { local[i] = Int32(count); count += 1 }
        var ground = [Double](repeating: 0, count: count), source = [Double](repeating: 0, count: count)
        var direct = 0.0
        var links: [(Int32, Int32, Double)] = []
        links.reserveCapacity(network.linkCount)
        var largestX = 0.0
        for k in 0..<network.linkCount {
            let a = Int(network.firstNode[k]), b = Int(network.secondNode[k])
            let x = network.logConductances[k] - logScale
            largestX = max(largestX, abs(x))
            let g = exp(x)
            switch (network.roles[a], network.roles[b]) {
            case (.interior, .interior): links.append((local[a], local[b], g))
            case (.interior, .source): source[Int(local[a])] += g
            case (.source, .interior): source[Int(local[b])] += g
            case (.interior, .drain): ground[Int(local[a])] += g
            case (.drain, .interior): ground[Int(local[b])] += g
            case (.source, .drain), (.drain, .source): direct += g
            default: continue   // B+–B+ and B−–B− links carry no current
            }
        }
        let reduced: MultifrontalKron.Reduction
        do {
            reduced = try MultifrontalKron.reduce(count: count, links: links, ground: ground, source: source, potentials: false)
        } catch {
            throw .computationFailed("Kron reduction of \(count) interior nodes failed: \(error)")
        }
        // Steps: the exps (largestX + 2 ulp), the eliminations, the final sum.
        let bound = expm1(log1p(Rounding.gamma(largestX + 2)) + reduced.logRoundingGrowth + log1p(Rounding.gamma(2)))
            + extraBound
        return KronSolution(total: direct + reduced.sourceToGround, logScale: logScale, eliminatedCount: count,
                            roundingBound: bound)
    }
}
