import Foundation
import Testing
@testable import Transport

/// The certified bracket as a property (docs/certified-conductivity.md): Dirichlet's and
/// Thomson's principles hold for *any* trial potential, so the bracket built from random
/// potentials (not a solve's) on random windows must contain the exact G_tot every time.
@Suite struct BracketPropertyTests {
    /// log(e^a + e^b) without overflow.
    static func logAdd(_ a: Double, _ b: Double) -> Double {
        let (hi, lo) = a >= b ? (a, b) : (b, a)
        return hi == -.infinity ? hi : hi + log1p(exp(lo - hi))
    }

    /// Reference log G_tot, written for this test alone: dense Kron reduction carried out entirely
    /// on logarithms, so no conductance over- or underflows at any spread. B+ is merged into one
    /// node s at φ = 1 and B− is the ground; eliminating k adds ℓ_ik + ℓ_kj − log d_k to ℓ_ij
    /// (log-add), d_k summed over all of k's conductances. Every step adds positive terms only,
    /// so with n ≤ 30 nodes the result is within ~n²u ≈ 1e-13 relative of the exact G_tot
    /// (the same argument as route 2's bound, on another implementation).
    static func referenceLogConductance(_ net: ConductanceNetwork) -> Double {
        let n = net.nodeCount
        // Index: interior nodes 0..<m, then s = m.
        var local = [Int](repeating: -1, count: n), m = 0
        for i in 0..<n where net.roles[i] == .interior { local[i] = m; m += 1 }
        let s = m
        var l = [[Double]](repeating: [Double](repeating: -.infinity, count: m + 1), count: m + 1)
        var ground = [Double](repeating: -.infinity, count: m + 1)
        for k in 0..<net.linkCount {
            let a = Int(net.firstNode[k]), b = Int(net.secondNode[k]), g = net.logConductances[k]
            func node(_ v: Int) -> Int? {
                switch net.roles[v] { case .interior: return local[v]; case .source: return s; case .drain: return nil }
            }
            switch (node(a), node(b)) {
            case let (x?, y?) where x != y:
                l[x][y] = logAdd(l[x][y], g); l[y][x] = l[x][y]
            case let (x?, nil): ground[x] = logAdd(ground[x], g)
            case let (nil, y?): ground[y] = logAdd(ground[y], g)
            default: continue   // B+–B+ or B−–B−: no current
            }
        }
        for k in 0..<m {
            var d = ground[k]
            for j in 0...m where j != k && l[k][j] > -.infinity { d = logAdd(d, l[k][j]) }
            let neighbours = (0...m).filter { $0 != k && l[k][$0] > -.infinity && ($0 > k || $0 == s) }
            for i in neighbours {
                ground[i] = logAdd(ground[i], l[i][k] + ground[k] - d)
                for j in neighbours where j != i {
                    l[i][j] = logAdd(l[i][j], l[i][k] + l[k][j] - d)
                }
            }
            for i in neighbours { l[i][k] = -.infinity; l[k][i] = -.infinity }
        }
        return ground[s]
    }

    /// A random connected network with 6–30 nodes, 1–3 B+ and 1–3 B− nodes, a random spanning tree
    /// plus up to 2n extra links, log g uniform on [0, log spread] with log spread in [23, 800].
    static func randomNetwork(_ rng: inout XorShiftStar) throws -> ConductanceNetwork {
        let nodes = Int.random(in: 6...30, using: &rng)
        let sources = Int.random(in: 1...3, using: &rng), drains = Int.random(in: 1...3, using: &rng)
        var roles = [ElectrodeRole](repeating: .interior, count: nodes)
        for i in 0..<sources { roles[i] = .source }
        for i in sources..<(sources + drains) { roles[i] = .drain }
        var links: [(Int, Int)] = []
        for i in 1..<nodes { links.append((Int.random(in: 0..<i, using: &rng), i)) }
        let extra = Int.random(in: 0...(2 * nodes), using: &rng)
        while links.count < nodes - 1 + extra {
            let a = Int.random(in: 0..<nodes, using: &rng), b = Int.random(in: 0..<nodes, using: &rng)
            if a != b { links.append((a, b)) }
        }
        let logSpread = Double.random(in: 23...800, using: &rng)
        return try ConductanceNetwork(roles: roles, links: links,
                                      logConductances: links.map { _ in Double.random(in: 0...logSpread, using: &rng) })
    }

    /// 12 batches of 250 cases. Each: a random network, a window W = e^U with U uniform on
    /// [log 1.5, log 1e6], and a trial potential on the window's nodes (B+ at 1, B− at 0) of one of
    /// three kinds: uniform on [0, 1]; uniform on [−0.2, 1.2] (outside the physical range); or one
    /// constant. The bracket must contain the reference within its ~1e-13 accuracy.
    @Test(arguments: 0..<12)
    func bracketFromAnyTrialPotentialContainsTheExactConductance(batch: Int) throws {
        var checked = 0
        for c in 0..<250 {
            var rng = XorShiftStar(seed: UInt64(1000 * batch + c + 1))
            let network = try Self.randomNetwork(&rng)
            guard let spanning = network.spanningPart(), let logBottleneck = spanning.bottleneckLogConductance() else { continue }
            let window = ConductanceWindow(spanning, logBottleneck: logBottleneck,
                                           window: exp(Double.random(in: log(1.5)...log(1e6), using: &rng)))
            let windowed = try #require(window.network)
            let kind = Int.random(in: 0..<3, using: &rng), constant = Double.random(in: 0...1, using: &rng)
            let potentials = windowed.roles.map { role -> Double in
                switch role {
                case .source: return 1
                case .drain: return 0
                case .interior:
                    switch kind {
                    case 0: return Double.random(in: 0...1, using: &rng)
                    case 1: return Double.random(in: -0.2...1.2, using: &rng)
                    default: return constant
                    }
                }
            }
            let forest = StrongForest(spanning, logScale: logBottleneck, logStrong: window.logUpper)
            let bracket = try VariationalBracket(spanning: spanning, window: window, potentials: potentials,
                                                 logScale: logBottleneck, forest: forest)
            let exact = Self.referenceLogConductance(spanning)
            // 1e-12 relative covers the reference's own rounding (≲ 1e-13, see above).
            #expect(bracket.logLower <= exact + 1e-12 && exact - 1e-12 <= bracket.logUpper,
                    "case \(1000 * batch + c + 1): log G = \(exact) outside [\(bracket.logLower), \(bracket.logUpper)], kind \(kind)")
            checked += 1
        }
        // Most random networks span; the few that do not are skipped, not silently all of them.
        #expect(checked >= 200)
    }
}
