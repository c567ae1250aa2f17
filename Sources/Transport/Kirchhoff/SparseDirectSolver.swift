import Foundation
import SparseSolvers

/// How route 1 chooses its conductance window W (SPEC §6).
public struct WindowPolicy: Sendable, Equatable {
    /// First window tried. G_tot converges roughly like 1/W (on the benchmark landscape at 403 K
    /// the change per 100× is ~1e-8 at W = 1e10 and ~2e-11 at 1e12), so starting at 1e10 usually
    /// needs two solves for a 1e-10 tolerance.
    public var initialWindow: Double = 1e10
    /// Factor by which W grows between tries (SPEC: 100).
    public var growth: Double = 100
    /// Accept when G_tot changes by less than this (relative) as W grows by `growth`.
    public var tolerance: Double = 1e-10
    /// Never solve a window whose kept conductances span more than this (Cholesky accuracy).
    /// With near-shorts contracted and non-spanning parts removed, the windowed Laplacians stay
    /// accurate well beyond the 1e10 of SPEC §6: against route 2 they agree to ≤ 2e-10 at kept
    /// spreads up to 1e24 (RouteAgreementTests; 1e-11 on the N_L = 35 benchmark landscape). Near
    /// that limit CHOLMOD occasionally reports "not positive definite"; the previous window is kept.
    public var maximumSpread: Double = 1e24
    /// Largest accepted `DirectSolution.solveDiscrepancy`. A window above it is treated like one
    /// CHOLMOD finds not positive definite.
    public var discrepancyTolerance: Double = 1e-6

    public init() {}

    public init(initialWindow: Double, growth: Double = 100, tolerance: Double = 1e-10,
                maximumSpread: Double = 1e24) throws(TransportError) {
        guard initialWindow.isFinite, initialWindow > 1 else {
            throw .invalidParameter(name: "initial window W", value: "\(initialWindow)", accepted: "1 < W < ∞")
        }
        guard growth.isFinite, growth > 1 else {
            throw .invalidParameter(name: "window growth", value: "\(growth)", accepted: "> 1, finite")
        }
        guard tolerance > 0, tolerance < 1 else {
            throw .invalidParameter(name: "window tolerance", value: "\(tolerance)", accepted: "0 < tol < 1")
        }
        guard maximumSpread.isFinite, maximumSpread > 1 else {
            throw .invalidParameter(name: "maximum spread", value: "\(maximumSpread)", accepted: "> 1, finite")
        }
        self.initialWindow = initialWindow
        self.growth = growth
        self.tolerance = tolerance
        self.maximumSpread = maximumSpread
    }
}

/// Something route 1 met and handled, recorded in its result.
public enum DirectSolveEvent: Sendable, Equatable {
    /// CHOLMOD found the windowed matrix not positive definite at window W (pivot in factor order).
    case notPositiveDefinite(window: Double, pivot: Int)
    /// The solution of window W was inconsistent by more than the policy allows (an
    /// ill-conditioned factorisation that CHOLMOD did not flag); see `solveDiscrepancy`.
    case inconsistentSolution(window: Double, discrepancy: Double)
    /// Widening stopped because the next window's kept conductances span more than the limit.
    case spreadLimit(window: Double, spread: Double)
    /// No window could be solved; G_tot comes from route 2 (Kron reduction).
    case fellBackToKron
}

/// Result of route 1.
public struct DirectSolution: Sendable {
    /// G_tot, the current leaving B+ at unit voltage.
    public let totalConductance: Double
    /// log G_tot.
    public let logTotalConductance: Double
    /// The window W of the returned value (0 when route 2 supplied it).
    public let window: Double
    /// Unknowns of the solved system (interior super-nodes).
    public let solvedSize: Int
    /// |G(W) − G(W/growth)| / G(W): the change of G_tot when W last grew (the convergence check).
    /// 0 when the first window already held the whole network.
    public let relativeChange: Double
    /// True when the returned window held the whole network (nothing contracted or dropped).
    public let coversWholeNetwork: Bool
    /// Self-consistency of the returned window's solve (0 for route 2): φ (B+ at 1) and
    /// ψ = 1 − φ (B− at 1) are solved separately with the same factor; this is the larger of
    /// max_i |φ_i + ψ_i − 1| and the current balance |I+ − I−|/I−, where I+ = Σ g ψ over B+ links
    /// and I− = Σ g φ over B− links are both sums of positive terms.
    public let solveDiscrepancy: Double
    /// What happened on the way (not-positive-definite windows, spread limit, fall-back).
    public let events: [DirectSolveEvent]
}

/// Route 1 of SPEC §6: sparse direct solve of G_LL φ_L = −G_L+ φ_+ on CHOLMOD, on the network
/// windowed around the bottleneck conductance g_b, with W widened until G_tot has converged.
public enum SparseDirectSolver {
    /// Solves `network` (non-spanning clusters are removed first; G_tot = 0 exactly if none spans).
    ///
    /// W starts at `policy.initialWindow` and grows by `policy.growth` until G_tot changes by less
    /// than `policy.tolerance`, the window holds the whole network, or the next window's kept
    /// conductances would span more than `policy.maximumSpread`. A window that CHOLMOD finds not
    /// positive definite ends the widening (the previous window is kept) or, before any success,
    /// is narrowed; if nothing can be solved, route 2 supplies G_tot. All of it is in `events`.
    public static func solve(_ network: ConductanceNetwork, policy: WindowPolicy = WindowPolicy()) throws(TransportError) -> DirectSolution {
        guard let spanning = network.spanningPart(), let logBottleneck = spanning.bottleneckLogConductance() else {
            return DirectSolution(totalConductance: 0, logTotalConductance: -.infinity, window: policy.initialWindow,
                                  solvedSize: 0, relativeChange: 0, coversWholeNetwork: true, solveDiscrepancy: 0,
                                  events: [])
        }
        var events: [DirectSolveEvent] = []
        var accepted: (value: WindowedSolve, window: Double)?
        var relativeChange = Double.infinity
        var window = policy.initialWindow
        while true {
            let windowed = ConductanceWindow(spanning, logBottleneck: logBottleneck, window: window)
            let spread = windowed.network?.conductanceSpread ?? 1
            if accepted != nil && spread > policy.maximumSpread {
                events.append(.spreadLimit(window: window, spread: spread))
                break
            }
            var solved: WindowedSolve?
            do {
                let attempt = try WindowedSolve(windowed, logScale: logBottleneck)
                if attempt.discrepancy <= policy.discrepancyTolerance {
                    solved = attempt
                } else {
                    events.append(.inconsistentSolution(window: window, discrepancy: attempt.discrepancy))
                }
            } catch let SolverError.notPositiveDefinite(minor, _) {
                events.append(.notPositiveDefinite(window: window, pivot: minor))
            } catch {
                throw .computationFailed("CHOLMOD failed on the window W = \(window): \(error)")
            }
            guard let solved else {
                if accepted != nil { break }
                // Nothing accepted yet: narrow the window, or hand over to route 2.
                if window / policy.growth > 1 {
                    window /= policy.growth
                    continue
                }
                break
            }
            if let prior = accepted?.value {
                relativeChange = abs(expm1(prior.logTotal - solved.logTotal))
            } else if windowed.coversWholeNetwork {
                relativeChange = 0
            }
            accepted = (solved, window)
            if windowed.coversWholeNetwork || relativeChange <= policy.tolerance { break }
            window *= policy.growth
        }
        guard let (best, bestWindow) = accepted else {
            events.append(.fellBackToKron)
            let kron = try KronReduction.solve(spanning)
            return DirectSolution(totalConductance: kron.totalConductance, logTotalConductance: kron.logTotalConductance,
                                  window: 0, solvedSize: kron.eliminatedCount, relativeChange: 0,
                                  coversWholeNetwork: true, solveDiscrepancy: 0, events: events)
        }
        if !relativeChange.isFinite {
            // Only one window was solved: compare against the narrower one for the report
            // (1, "no digit certain", if that one cannot be solved either).
            let narrower = ConductanceWindow(spanning, logBottleneck: logBottleneck,
                                             window: max(bestWindow / policy.growth, 1))
            if let other = try? WindowedSolve(narrower, logScale: logBottleneck),
               other.discrepancy <= policy.discrepancyTolerance {
                relativeChange = abs(expm1(other.logTotal - best.logTotal))
            } else {
                relativeChange = 1
            }
        }
        return DirectSolution(totalConductance: exp(best.logTotal), logTotalConductance: best.logTotal,
                              window: bestWindow, solvedSize: best.solvedSize, relativeChange: relativeChange,
                              coversWholeNetwork: best.coversWholeNetwork, solveDiscrepancy: best.discrepancy,
                              events: events)
    }
}

/// One CHOLMOD solve of a windowed network, with conductances scaled by g_b.
struct WindowedSolve {
    let logTotal: Double
    let solvedSize: Int
    let coversWholeNetwork: Bool
    /// See `DirectSolution.solveDiscrepancy`.
    let discrepancy: Double

    init(_ windowed: ConductanceWindow, logScale: Double) throws(SolverError) {
        coversWholeNetwork = windowed.coversWholeNetwork
        guard let net = windowed.network else {
            // Cannot happen: the bottleneck path lies inside every window. Report it as zero flow.
            logTotal = -.infinity; solvedSize = 0; discrepancy = 0; return
        }
        var unknown = [Int](repeating: -1, count: net.nodeCount)
        var size = 0
        for (i, role) in net.roles.enumerated() where role == .interior { unknown[i] = size; size += 1 }
        solvedSize = size
        var triplets: [(row: Int, column: Int, value: Double)] = []
        triplets.reserveCapacity(net.linkCount + size)
        var diagonal = [Double](repeating: 0, count: size)
        var rhs = [Double](repeating: 0, count: size)
        var direct = 0.0
        var drainLinks: [(node: Int, g: Double)] = [], sourceLinks: [(node: Int, g: Double)] = []
        var rhsComplement = [Double](repeating: 0, count: size)
        for k in 0..<net.linkCount {
            let a = Int(net.firstNode[k]), b = Int(net.secondNode[k])
            let g = exp(net.logConductances[k] - logScale)
            switch (net.roles[a], net.roles[b]) {
            case (.interior, .interior):
                triplets.append((unknown[a], unknown[b], -g))
                diagonal[unknown[a]] += g; diagonal[unknown[b]] += g
            case (.interior, .source), (.source, .interior):
                let u = unknown[net.roles[a] == .interior ? a : b]
                diagonal[u] += g; rhs[u] += g; sourceLinks.append((u, g))
            case (.interior, .drain), (.drain, .interior):
                let u = unknown[net.roles[a] == .interior ? a : b]
                diagonal[u] += g; rhsComplement[u] += g; drainLinks.append((u, g))
            case (.source, .drain), (.drain, .source): direct += g
            default: continue   // B+–B+ and B−–B− links carry no current
            }
        }
        // I− from φ (B+ at 1) and I+ from ψ = 1 − φ (B− at 1): sums of positive terms, no 1 − φ.
        var total = direct, leaving = direct, potentialError = 0.0
        if size > 0 {
            for (i, d) in diagonal.enumerated() { triplets.append((i, i, d)) }
            let matrix = try SymmetricSparseMatrix(dimension: size, triplets: triplets)
            let factor = try CholeskyFactor(matrix)
            let both = try factor.solve(columnMajor: rhs + rhsComplement, columns: 2)
            for (node, g) in drainLinks { total += g * both[node] }
            for (node, g) in sourceLinks { leaving += g * both[size + node] }
            for i in 0..<size { potentialError = max(potentialError, abs(both[i] + both[size + i] - 1)) }
        }
        logTotal = log(total) + logScale
        discrepancy = total > 0 && potentialError.isFinite ? max(potentialError, abs(leaving - total) / total) : .infinity
    }
}
