import CCHOLMOD
import Foundation

/// CHOLMOD's symbolic analysis, made safe for concurrent factors.
///
/// METIS 5 (which CHOLMOD may call under its default strategy) reseeds and draws from a
/// process-global random state at every call. Two analyses running at the same time would
/// interleave their draws, so the ordering — and with it the rounding of every later solve —
/// would depend on thread timing. Analyses that may reach METIS inside CHOLMOD therefore hold
/// `METISOrdering.lock`; a given permutation (e.g. from `METISOrdering`, which takes the same
/// lock for its own METIS call), AMD and the natural ordering run freely.
enum SymbolicAnalysis {
    /// `cholmod_l_analyze_p` with `permutation` when one is given (CHOLMOD_GIVEN), else
    /// `cholmod_l_analyze`, under the METIS lock when the common's ordering methods may use METIS.
    static func analyze(_ matrix: UnsafeMutablePointer<cholmod_sparse>, permutation: [Int]? = nil,
                        _ common: UnsafeMutablePointer<cholmod_common>) -> UnsafeMutablePointer<cholmod_factor>? {
        if var given = permutation {
            return given.withUnsafeMutableBufferPointer { cholmod_l_analyze_p(matrix, $0.baseAddress, nil, 0, common) }
        }
        guard mayUseMetis(common) else { return cholmod_l_analyze(matrix, common) }
        METISOrdering.lock.lock()
        defer { METISOrdering.lock.unlock() }
        return cholmod_l_analyze(matrix, common)
    }

    /// True unless every ordering method the common will try is AMD-family or natural.
    private static func mayUseMetis(_ common: UnsafeMutablePointer<cholmod_common>) -> Bool {
        let c = common.pointee
        // nmethods = 0 is CHOLMOD's default strategy, which tries METIS when AMD's fill is poor.
        guard c.nmethods == 1 else { return true }
        let ordering = c.method.0.ordering
        return !(ordering == CHOLMOD_AMD || ordering == CHOLMOD_NATURAL || ordering == CHOLMOD_COLAMD
                 || ordering == CHOLMOD_GIVEN)
    }
}
