import Foundation
import SparseSolvers

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
                let result = try WindowedSolve(spanning, window: &windowed, logScale: logBottleneck, tolerance: policy.tolerance,
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
