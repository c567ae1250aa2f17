import CCHOLMOD
import Foundation

/// CHOLMOD's symbolic analysis, made safe for concurrent factors.
///
/// METIS 5 (which CHOLMOD calls for its METIS ordering, and may call under its default strategy)
/// reseeds and draws from a process-global random state at every call. Two analyses running at
/// the same time interleave their draws, so the ordering — and with it the rounding of every
/// later solve — would depend on thread timing. Analyses that may reach METIS are therefore
/// serialised by one process-wide lock; AMD and the natural ordering never touch it and run
/// freely. Sequential METIS calls are deterministic (each reseeds the same way).
enum SymbolicAnalysis {
    private static let metisLock = NSLock()

    /// `cholmod_l_analyze` under the lock when the common's ordering methods may use METIS.
    static func analyze(_ matrix: UnsafeMutablePointer<cholmod_sparse>,
                        _ common: UnsafeMutablePointer<cholmod_common>) -> UnsafeMutablePointer<cholmod_factor>? {
        guard mayUseMetis(common) else { return cholmod_l_analyze(matrix, common) }
        metisLock.lock()
        defer { metisLock.unlock() }
        return cholmod_l_analyze(matrix, common)
    }

    /// True unless every ordering method the common will try is AMD-family or natural.
    private static func mayUseMetis(_ common: UnsafeMutablePointer<cholmod_common>) -> Bool {
        let c = common.pointee
        // nmethods = 0 is CHOLMOD's default strategy, which tries METIS when AMD's fill is poor.
        guard c.nmethods == 1 else { return true }
        let ordering = c.method.0.ordering
        return !(ordering == CHOLMOD_AMD || ordering == CHOLMOD_NATURAL || ordering == CHOLMOD_COLAMD)
    }
}
