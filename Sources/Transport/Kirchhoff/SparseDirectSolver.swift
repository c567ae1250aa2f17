import Foundation
import Synchronization
import SparseSolvers

/// How route 1 chooses its conductance window W (SPEC §6).
public struct WindowPolicy: Sendable, Equatable {
    /// First window tried. Measured on the real landscapes (li33/na35/na40, seed 1, realisation 0,
    /// `ionscape-bench sigma-window-scan`), the change of G_tot when W grows 100× is, at N_L = 35
    /// and 303–563 K: 4e-4–2e-2 from 1e2 to 1e4, 4e-5–3.6e-4 from 1e4 to 1e6, 1e-6–3.8e-6 from 1e6
    /// to 1e8; at N_L = 100 (li33, 303 and 563 K): 2.3e-4–3.7e-4 from 1e4 to 1e6. The error of the
    /// wider window's G_tot against route 2 is ~100× below the reported change (1e-6–4e-6 at
    /// W = 1e6, N_L = 35, all nine preset/temperature pairs). Starting at 1e4 therefore takes two
    /// solves (1e4 and 1e6) for the default tolerance.
    public var initialWindow: Double = 1e4
    /// Factor by which W grows between tries (SPEC: 100).
    public var growth: Double = 100
    /// Accept when G_tot changes by less than this (relative) as W grows by `growth`. The default
    /// 1e-3 is far below the ~15% realisation scatter of σ; as measured above, the returned
    /// (wider-window) G_tot is then within ~1e-5 of the unwindowed value.
    public var tolerance: Double = 1e-3
    /// Networks whose link conductances span at most this are solved whole (no window), so that
    /// route 1 matches route 2 to rounding (SPEC §6: ≤ 1e-8 for spreads ≤ 1e8).
    public var wholeNetworkSpread: Double = 1e10
    /// Never solve a window whose kept conductances span more than this (Cholesky accuracy).
    /// With near-shorts contracted and non-spanning parts removed, the windowed Laplacians stay
    /// accurate well beyond the 1e10 of SPEC §6: against route 2 they agree to ≤ 2e-10 at kept
    /// spreads up to 1e24 (RouteAgreementTests; 1e-11 on the N_L = 35 benchmark landscape). Near
    /// that limit CHOLMOD occasionally reports "not positive definite"; the previous window is kept.
    public var maximumSpread: Double = 1e24
    /// Largest accepted `DirectSolution.solveDiscrepancy`. A window above it is treated like one
    /// CHOLMOD finds not positive definite.
    public var discrepancyTolerance: Double = 1e-6
    /// Fill-reducing ordering of the reduced windowed Laplacian. Measured on li33, x = 0.5, 403 K
    /// (`ionscape-bench sigma-direct --ordering`, and CHOLMOD's analysis of the reduced matrices):
    /// at N_L = 160 METIS gives W = 1e4 a factor with 4.7e10 flops against AMD's 2.2e11, and
    /// W = 1e6 2.1e11 against 1.7e12; at N_L = 100 4.5× fewer flops for W = 1e6 (1.2e10 against
    /// 5.2e10). CHOLMOD's automatic choice (AMD, then METIS, keeping the better) measured the same
    /// time as METIS alone in an earlier session, with an extra AMD pass.
    public var ordering: CholeskyOrdering = .metis
    /// Solve the first two windows (W₀ and growth·W₀) at the same time on two threads. Off inside
    /// realisation sweeps, which keep every core busy already.
    public var concurrentWindows = true
    /// A fixed window instead of the widening: route 1 solves W = `fixedWindow` and W/growth (for
    /// the reported change) and returns G(W) whatever the change. For scaling studies and for
    /// timing against a code that solves one given window.
    public var fixedWindow: Double? = nil

    /// The first window solved: `initialWindow`, or W/growth for a fixed window W (W itself when
    /// W/growth ≤ 1).
    var startWindow: Double {
        guard let fixedWindow else { return initialWindow }
        return fixedWindow / growth > 1 ? fixedWindow / growth : fixedWindow
    }

    /// Sets a fixed window W (see `fixedWindow`).
    /// - Throws: `TransportError.invalidParameter` unless 1 < W < ∞.
    public mutating func fix(window: Double) throws(TransportError) {
        guard window.isFinite, window > 1 else {
            throw .invalidParameter(name: "window W", value: "\(window)", accepted: "1 < W < ∞")
        }
        fixedWindow = window
    }

    /// The policy a realisation sweep uses: windows one after another (the sweep keeps every
    /// core busy) and AMD instead of METIS, because METIS analyses are serialised process-wide
    /// (see `SymbolicAnalysis`) and would stall the parallel sweep; AMD is deterministic and
    /// thread-safe, and on sweep-sized networks (N_L ≲ 50) about as good.
    public var forRealisationSweeps: WindowPolicy {
        var p = self
        p.concurrentWindows = false
        if p.ordering == .metis || p.ordering == .automatic { p.ordering = .amd }
        return p
    }

    public init() {}

    public init(initialWindow: Double, growth: Double = 100, tolerance: Double = 1e-3,
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
public enum DirectSolveEvent: Sendable, Equatable, Codable {
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
public struct DirectSolution: Sendable, Codable {
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
    /// Self-consistency of the returned window's solve (0 for route 2): G_tot is computed three
    /// ways from the solution, as I− = Σ g φ over B− links (φ: B+ at 1), as I+ = Σ g ψ over B+
    /// links (ψ = 1 − φ solved separately with the same factor) and as the dissipated power
    /// Σ g (Δφ)², all sums of positive terms; this is the larger relative difference of I+ and of
    /// the power from I−. The power is stationary at the exact solution, so its difference from
    /// I− is a first-order estimate of the solve's error in G_tot (on the real landscapes it
    /// follows the difference from route 2: ~1e-9 at 403 K, ~3e-7 at 303 K for W ≥ 1e10).
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
        let spread = spanning.conductanceSpread
        // A window W ≥ spread holds every link, since g_min ≤ g_b ≤ g_max.
        var window = spread <= policy.wholeNetworkSpread ? max(spread, 2) : policy.startWindow
        let lastWindow = policy.fixedWindow ?? .infinity
        var ready = policy.concurrentWindows && spread > policy.wholeNetworkSpread && window * policy.growth <= lastWindow
            ? WindowAttempt.firstPair(spanning, logBottleneck: logBottleneck, policy: policy) : [:]
        while true {
            let attempt = ready.removeValue(forKey: window)
                ?? WindowAttempt(spanning, logBottleneck: logBottleneck, window: window, policy: policy)
            if accepted != nil && attempt.spread > policy.maximumSpread {
                events.append(.spreadLimit(window: window, spread: attempt.spread))
                break
            }
            var solved: WindowedSolve?
            switch attempt.outcome {
            case let .success(result) where result.discrepancy <= policy.discrepancyTolerance:
                solved = result
            case let .success(result):
                events.append(.inconsistentSolution(window: window, discrepancy: result.discrepancy))
            case let .failure(.notPositiveDefinite(minor, _)):
                events.append(.notPositiveDefinite(window: window, pivot: minor))
            case let .failure(error):
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
            } else if solved.coversWholeNetwork {
                relativeChange = 0
            }
            accepted = (solved, window)
            if solved.coversWholeNetwork || relativeChange <= policy.tolerance || window >= lastWindow { break }
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
            let narrower = WindowAttempt(spanning, logBottleneck: logBottleneck,
                                         window: max(bestWindow / policy.growth, 1), policy: policy)
            if case let .success(other) = narrower.outcome, other.discrepancy <= policy.discrepancyTolerance {
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

/// One window of route 1: the spread of its kept conductances and its solve (or the solver's error).
struct WindowAttempt: Sendable {
    let spread: Double
    let outcome: Result<WindowedSolve, SolverError>

    /// Points at which the two solves of the window pair wait for each other (see `firstPair`).
    struct Steps {
        var beforeWindowing: () -> Void = {}
        var reduced: () -> Void = {}
        var beforeAnalysis: () -> Void = {}
        var analysed: () -> Void = {}
    }

    /// Windows `spanning`, reduces it (`RailNetwork`; the windowed network is released before the
    /// factorisation) and solves it, calling `steps` on the way.
    init(_ spanning: ConductanceNetwork, logBottleneck: Double, window: Double, ordering: CholeskyOrdering,
         steps: Steps = Steps()) {
        let rails: RailNetwork?, coversWholeNetwork: Bool
        steps.beforeWindowing()
        do {
            let windowed = ConductanceWindow(spanning, logBottleneck: logBottleneck, window: window)
            spread = windowed.network?.conductanceSpread ?? 1
            coversWholeNetwork = windowed.coversWholeNetwork
            rails = windowed.network.map { RailNetwork($0, logScale: logBottleneck) }
        }
        steps.reduced()
        steps.beforeAnalysis()
        do {
            outcome = .success(try WindowedSolve(rails, coversWholeNetwork: coversWholeNetwork, logScale: logBottleneck,
                                                 ordering: ordering, afterAnalysis: steps.analysed))
        } catch {
            outcome = .failure(error)
        }
    }

    init(_ spanning: ConductanceNetwork, logBottleneck: Double, window: Double, policy: WindowPolicy) {
        self.init(spanning, logBottleneck: logBottleneck, window: window, ordering: policy.ordering)
    }

    /// W₀ and growth·W₀ solved at the same time, the wider window on the calling thread and W₀ on a
    /// second one. Each solve is the same computation as when run alone: BLAS is single-threaded
    /// in both (OpenBLAS's work split, and with it the rounding, would otherwise depend on which
    /// call grabbed its thread pool first), and METIS analyses are serialised (`SymbolicAnalysis`).
    /// The wider window's reduction, analysis and factorisation are the longer chain, so it goes
    /// first: W₀ is windowed and reduced while the wider window's METIS runs (measured at
    /// N_L = 100: reducing both at once slowed the wider one from 0.2 to 0.34 s), and analysed
    /// after it.
    /// (With the default W₀ = 1e4, W₀ cannot hold the whole network here: the pair is only solved
    /// when the spread exceeds `wholeNetworkSpread` = 1e10 > W₀². Should W₀ hold it after all, the
    /// wider solve is wasted and the result unchanged.)
    static func firstPair(_ spanning: ConductanceNetwork, logBottleneck: Double,
                          policy: WindowPolicy) -> [Double: WindowAttempt] {
        let narrow = policy.startWindow, wider = narrow * policy.growth
        // Left at one thread afterwards: OpenBLAS's count is process-wide, and restoring it
        // would race with any other solve running at the same time.
        BLASThreads.set(1)
        let widerReduced = DispatchSemaphore(value: 0), widerAnalysed = DispatchSemaphore(value: 0)
        let narrowSolved = DispatchSemaphore(value: 0)
        let narrowAttempt = Mutex<WindowAttempt?>(nil)
        let thread = Thread {
            let steps = Steps(beforeWindowing: { widerReduced.wait() }, beforeAnalysis: { widerAnalysed.wait() })
            let attempt = WindowAttempt(spanning, logBottleneck: logBottleneck, window: narrow, ordering: policy.ordering,
                                        steps: steps)
            narrowAttempt.withLock { $0 = attempt }
            narrowSolved.signal()
        }
        thread.start()
        let steps = Steps(reduced: { widerReduced.signal() }, analysed: { widerAnalysed.signal() })
        let widerAttempt = WindowAttempt(spanning, logBottleneck: logBottleneck, window: wider, ordering: policy.ordering,
                                         steps: steps)
        widerAnalysed.signal()   // also when the wider window failed before its analysis; extra signals are harmless
        narrowSolved.wait()
        return [narrow: narrowAttempt.withLock { $0! }, wider: widerAttempt]
    }
}

/// One CHOLMOD solve of a windowed network, with conductances scaled by g_b, after the exact
/// reductions of `RailNetwork`.
struct WindowedSolve: Sendable {
    let logTotal: Double
    let solvedSize: Int
    let coversWholeNetwork: Bool
    /// See `DirectSolution.solveDiscrepancy`.
    let discrepancy: Double

    init(_ rails: RailNetwork?, coversWholeNetwork: Bool, logScale: Double, ordering: CholeskyOrdering,
         afterAnalysis: @escaping () -> Void) throws(SolverError) {
        self.coversWholeNetwork = coversWholeNetwork
        guard let rails else {
            // Cannot happen: the bottleneck path lies inside every window. Report it as zero flow.
            logTotal = -.infinity; solvedSize = 0; discrepancy = 0; return
        }
        let size = rails.interiorCount
        solvedSize = size
        // I− from φ (B+ at 1) and I+ from ψ = 1 − φ (B− at 1): sums of positive terms, no 1 − φ.
        var total = rails.direct, leaving = rails.direct, dissipated = rails.direct
        if size > 0 {
            var diagonal = rails.toSource
            for i in 0..<size { diagonal[i] += rails.toDrain[i] }
            for k in rails.conductances.indices {
                diagonal[Int(rails.firstNode[k])] += rails.conductances[k]
                diagonal[Int(rails.secondNode[k])] += rails.conductances[k]
            }
            let matrix = try SymmetricSparseMatrix(diagonal: diagonal, offDiagonalRows: rails.firstNode,
                                                   offDiagonalColumns: rails.secondNode,
                                                   offDiagonalValues: rails.conductances.map { -$0 })
            let factor = try CholeskyFactor(matrix, ordering: ordering, afterAnalysis: afterAnalysis)
            let both = try factor.solve(columnMajor: rails.toSource + rails.toDrain, columns: 2)
            for i in 0..<size {
                total += rails.toDrain[i] * both[i]
                leaving += rails.toSource[i] * both[size + i]
                dissipated += rails.toDrain[i] * both[i] * both[i] + rails.toSource[i] * both[size + i] * both[size + i]
            }
            for k in rails.conductances.indices {
                let d = both[Int(rails.firstNode[k])] - both[Int(rails.secondNode[k])]
                dissipated += rails.conductances[k] * d * d
            }
        }
        logTotal = log(total) + logScale
        let currentImbalance = total > 0 ? abs(leaving - total) / total : .infinity
        discrepancy = total > 0 ? max(currentImbalance, abs(dissipated - total) / total) : .infinity
    }
}
