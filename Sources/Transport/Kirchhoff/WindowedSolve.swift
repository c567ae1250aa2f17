import Foundation
import SparseSolvers

/// One factorised solve of a windowed network, with conductances scaled by g_b, after the exact
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
