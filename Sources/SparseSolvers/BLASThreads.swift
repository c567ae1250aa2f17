import COpenBLAS

/// OpenBLAS thread control. Debian's CHOLMOD links libgomp and pthread OpenBLAS, a mix that
/// oversubscribes; callers that run realisations in parallel set BLAS to one thread. The count is
/// process-wide and OpenBLAS's rounding depends on it, so route 1 and the sweeps set it to one
/// and never restore another value (a restore would race with solves on other threads).
public enum BLASThreads {
    public static var count: Int { Int(openblas_get_num_threads()) }

    public static func set(_ threads: Int) {
        openblas_set_num_threads(Int32(max(1, threads)))
    }

    /// OpenBLAS build configuration string, for run records.
    public static var configuration: String {
        guard let c = openblas_get_config() else { return "unknown" }
        return String(cString: c)
    }
}
