import Foundation
import SparseSolvers

/// Something route 1 met and handled, recorded in its result.
public enum DirectSolveEvent: Sendable, Equatable, Codable {
    /// CHOLMOD found the windowed matrix not positive definite at window W (pivot in factor order).
    case notPositiveDefinite(window: Double, pivot: Int)
    /// Window W's bracket came out wider than the narrower window's (the solve lost accuracy);
    /// widening stopped and the narrower window's result was kept.
    case widerBracket(window: Double, relativeWidth: Double)
    /// Widening stopped because the next window's kept conductances span more than the limit.
    case spreadLimit(window: Double, spread: Double)
    /// No window could be solved; G_tot comes from route 2 (Kron reduction).
    case fellBackToKron
    /// The returned bracket is wider than the tolerance (a fixed window, or widening stopped).
    case toleranceNotMet(relativeWidth: Double)
}

/// One window route 1 solved: W and its bracket's relative width (G_hi − G_lo)/G_lo.
public struct WindowTry: Sendable, Equatable, Codable {
    public let window: Double
    public let relativeWidth: Double
}

/// Result of route 1.
public struct DirectSolution: Sendable, Codable {
    /// log G_tot: the midpoint (G_lo + G_hi)/2 of the certified bracket, so that
    /// |G − G_tot| ≤ (G_hi − G_lo)/2 holds rigorously.
    public let logTotalConductance: Double
    /// The certified bracket on the true network's G_tot.
    public let bracket: ConductanceBracket
    /// The window W of the returned value (0 when route 2 supplied it).
    public let window: Double
    /// Unknowns of the factorised system (interior super-nodes left after the exact reductions).
    public let solvedSize: Int
    /// True when the returned window held the whole network (nothing contracted or dropped).
    public let coversWholeNetwork: Bool
    /// Every window solved, in order, with its bracket's relative width.
    public let tried: [WindowTry]
    /// What happened on the way.
    public let events: [DirectSolveEvent]

    /// G_tot (underflows to 0 below ~1e-308; use `logTotalConductance`).
    public var totalConductance: Double { exp(logTotalConductance) }
}

/// Route 1 (docs/model.md, "Route 1"): sparse direct solve of G_LL φ_L = −G_L+ φ_+ on CHOLMOD, on the
/// network windowed around the bottleneck conductance g_b, with W widened until the certified
/// bracket (`VariationalBracket`) is narrower than the tolerance.
public enum SparseDirectSolver {
    /// Solves `network` (non-spanning clusters are removed first; G_tot = 0 exactly if none spans).
    ///
    /// W starts at `policy.initialWindow` (or holds the whole network when its spread is at most
    /// `policy.wholeNetworkSpread`) and grows by `policy.growth` until the bracket meets
    /// `policy.tolerance`, the window holds the whole network, or the next window's kept
    /// conductances would span more than `policy.maximumSpread`. A window that fails (CHOLMOD finds
    /// it not positive definite), whose bracket is wider than its predecessor's, or that holds the
    /// whole network without meeting the tolerance ends the widening; narrower windows are then
    /// tried, which contract more near-shorts, as long as they fail or improve. The narrowest
    /// bracket is returned; if nothing can be solved, route 2 supplies G_tot with its rounding
    /// bound. All of it is in `events`.
    public static func solve(_ network: ConductanceNetwork, policy: WindowPolicy = WindowPolicy()) throws(TransportError) -> DirectSolution {
        guard let spanning = network.spanningPart(), let logBottleneck = spanning.bottleneckLogConductance() else {
            return DirectSolution(logTotalConductance: -.infinity,
                                  bracket: ConductanceBracket(logLower: -.infinity, logUpper: -.infinity),
                                  window: policy.initialWindow, solvedSize: 0, coversWholeNetwork: true, tried: [],
                                  events: [])
        }
        var events: [DirectSolveEvent] = []
        var tried: [WindowTry] = []
        var best: (solve: WindowedSolve, window: Double)?
        let spread = spanning.conductanceSpread
        // A window W ≥ spread holds every link, since g_min ≤ g_b ≤ g_max; twice the spread keeps
        // the extreme links inside the window's thresholds whatever their rounding.
        let start = policy.fixedWindow ?? (spread <= policy.wholeNetworkSpread ? 2 * max(spread, 2) : policy.initialWindow)
        var window = start
        var widening = true
        while true {
            var windowed = ConductanceWindow(spanning, logBottleneck: logBottleneck, window: window)
            let keptSpread = windowed.network?.conductanceSpread ?? 1
            if widening && best != nil && keptSpread > policy.maximumSpread {
                events.append(.spreadLimit(window: window, spread: keptSpread))
                break
            }
            var solved: WindowedSolve?
            do {
                let result = try WindowedSolve(spanning, window: &windowed, logScale: logBottleneck,
                                               ordering: policy.ordering, concurrent: policy.concurrentBracket,
                                               backend: policy.backend)
                solved = result
                tried.append(WindowTry(window: window, relativeWidth: result.bracket.relativeWidth))
            } catch {
                guard case let .notPositiveDefinite(minor, _) = error else {
                    throw .computationFailed("CHOLMOD failed on the window W = \(window): \(error)")
                }
                events.append(.notPositiveDefinite(window: window, pivot: minor))
            }
            let improved = solved.map { new in best.map { new.bracket.relativeWidth < $0.solve.bracket.relativeWidth } ?? true } ?? false
            if let solved, improved { best = (solved, window) }
            if let solved, !improved {
                events.append(.widerBracket(window: window, relativeWidth: solved.bracket.relativeWidth))
            }
            if let best, best.solve.bracket.relativeWidth <= policy.tolerance { break }
            if policy.fixedWindow != nil { break }
            if widening {
                if let solved, improved, !solved.coversWholeNetwork {
                    window *= policy.growth
                    continue
                }
                // Widening cannot help: the last window failed, lost accuracy or already held the
                // whole network. Contracting more near-shorts can restore the conditioning, so try
                // narrower windows, from the widest one that contracts anything.
                widening = false
                let contractsSomething = exp((spanning.logConductances.max() ?? logBottleneck) - logBottleneck)
                window = min(start, contractsSomething) / policy.growth
                if window > 1 { continue }
                break
            }
            // Narrowing: on past failures; stop once a solved bracket stops improving.
            if solved != nil && !improved { break }
            window /= policy.growth
            if window <= 1 { break }
        }
        guard let (result, resultWindow) = best else {
            events.append(.fellBackToKron)
            let kron = try KronReduction.solve(spanning)
            return DirectSolution(logTotalConductance: kron.logTotalConductance, bracket: kron.bracket, window: 0,
                                  solvedSize: kron.eliminatedCount, coversWholeNetwork: true, tried: tried, events: events)
        }
        if result.bracket.relativeWidth > policy.tolerance {
            events.append(.toleranceNotMet(relativeWidth: result.bracket.relativeWidth))
        }
        return DirectSolution(logTotalConductance: result.bracket.logMidpoint, bracket: result.bracket, window: resultWindow,
                              solvedSize: result.solvedSize, coversWholeNetwork: result.coversWholeNetwork,
                              tried: tried, events: events)
    }
}

/// One CHOLMOD solve of a windowed network, with conductances scaled by g_b, after the exact
/// reductions of `RailNetwork`, and the certified bracket it gives on the whole network.
struct WindowedSolve: Sendable {
    let bracket: ConductanceBracket
    let solvedSize: Int
    let coversWholeNetwork: Bool

    /// Takes the windowed network out of `window` (so that it is released before the
    /// factorisation), reduces, factorises and solves it, and brackets the whole network's G_tot.
    ///
    /// With `concurrent`, the bracket's spanning forest (which does not depend on the solve) is
    /// built on a second thread meanwhile; it is the same forest either way.
    init(_ spanning: ConductanceNetwork, window: inout ConductanceWindow, logScale: Double,
         ordering: CholeskyOrdering, concurrent: Bool, backend: any FactorisationBackend) throws(SolverError) {
        coversWholeNetwork = window.coversWholeNetwork
        let logStrong = window.logUpper
        let forest = concurrent
            ? Concurrently { StrongForest(spanning, logScale: logScale, logStrong: logStrong) }.result
            : { StrongForest(spanning, logScale: logScale, logStrong: logStrong) }
        let rails: RailNetwork
        do {
            // The bottleneck path lies inside every window, so the window always spans.
            guard let network = window.takeNetwork() else {
                preconditionFailure("a conductance window around g_b always spans")
            }
            rails = RailNetwork(network, logScale: logScale)
        }
        let size = rails.interiorCount
        solvedSize = size
        let kept = size > 0 ? try backend.potentials(rails.laplacian, ordering: ordering) : []
        let bounds: VariationalBracket
        do {
            bounds = try VariationalBracket(spanning: spanning, window: window, potentials: rails.potentials(kept: kept),
                                            logScale: logScale, forest: forest())
        } catch {
            throw .invalidInput("\(error)")
        }
        bracket = ConductanceBracket(logLower: bounds.logLower, logUpper: bounds.logUpper)
    }
}
