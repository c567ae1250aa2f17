import Foundation
import SparseSolvers

/// One factorised solve of a windowed network, with conductances scaled by g_b, after the exact
/// reductions of `RailNetwork`, and the certified bracket it gives on the whole network.
struct WindowedSolve: Sendable {
    let bracket: ConductanceBracket
    let solvedSize: Int
    let coversWholeNetwork: Bool

    /// Takes the windowed network out of `window` (so that it is released before the
    /// factorisation), reduces, solves it with `backend`, and brackets the whole network's G_tot.
    ///
    /// An iterative backend stops on the certificate: it offers trial potentials, and one is
    /// accepted when its bracket meets `tolerance` or is no narrower than half the previous
    /// trial's (more iterations no longer help in this window; the caller then changes W).
    ///
    /// With `concurrent`, the bracket's spanning forest (which does not depend on the solve) is
    /// built on a second thread meanwhile; it is the same forest either way.
    init(_ spanning: ConductanceNetwork, window: inout ConductanceWindow, logScale: Double, tolerance: Double,
         ordering: CholeskyOrdering, concurrent: Bool, backend: any FactorisationBackend) throws(SolverError) {
        coversWholeNetwork = window.coversWholeNetwork
        let logStrong = window.logUpper
        let pending = concurrent ? Concurrently { StrongForest(spanning, logScale: logScale, logStrong: logStrong) } : nil
        var builtForest: StrongForest?
        func forest() -> StrongForest {
            if let builtForest { return builtForest }
            let f = pending?.result() ?? StrongForest(spanning, logScale: logScale, logStrong: logStrong)
            builtForest = f
            return f
        }
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
        let windowed = window
        func certify(_ kept: [Double]) throws(SolverError) -> ConductanceBracket {
            do {
                let bounds = try VariationalBracket(spanning: spanning, window: windowed, potentials: rails.potentials(kept: kept),
                                                    logScale: logScale, forest: forest())
                return ConductanceBracket(logLower: bounds.logLower, logUpper: bounds.logUpper)
            } catch {
                throw .invalidInput("\(error)")
            }
        }
        var lastTrial: (kept: [Double], bracket: ConductanceBracket)?
        let kept = size > 0
            ? try backend.potentials(rails.laplacian, ordering: ordering, until: { (trial) throws(SolverError) -> TrialVerdict in
                let b = try certify(trial)
                let previous = lastTrial?.bracket.relativeWidth ?? .infinity
                lastTrial = (trial, b)
                let stalled = previous.isFinite && b.relativeWidth > previous / 2
                return b.relativeWidth <= tolerance || stalled ? .accept : .reject(excess: b.relativeWidth / tolerance)
            })
            : []
        if let lastTrial, lastTrial.kept == kept {
            bracket = lastTrial.bracket
        } else {
            bracket = try certify(kept)
        }
    }
}
