import SparseSolvers

/// How route 1 chooses its conductance window W (docs/model.md, "Route 1").
public struct WindowPolicy: Sendable {
    /// First window tried (benchmarks/RESULTS.md: on the presets' landscapes its bracket usually
    /// meets the default tolerance already).
    public var initialWindow: Double = 1e4
    /// Factor by which W grows between tries.
    public var growth: Double = 100
    /// Route 1 stops at the first window whose certified bracket satisfies
    /// (G_hi − G_lo)/G_lo ≤ tolerance. The default 1e-3 is far below the ~15% realisation scatter
    /// of σ.
    public var tolerance: Double = 1e-3
    /// Networks whose link conductances span at most this are solved whole (no window): Cholesky
    /// is accurate at such spreads, and the bracket then measures the rounding alone.
    public var wholeNetworkSpread: Double = 1e10
    /// Never solve a window whose kept conductances span more than this: beyond it Cholesky loses
    /// the accuracy the bracket needs (it narrows to nothing useful) or fails outright.
    public var maximumSpread: Double = 1e24
    /// Fill-reducing ordering of the reduced windowed Laplacian (METIS gives several times fewer
    /// flops than AMD on the large windows; benchmarks/RESULTS.md).
    public var ordering: CholeskyOrdering = .metis
    /// Build the bracket's spanning forest on a second thread while the window is factorised.
    /// Off inside realisation sweeps, which keep every core busy already; the result is the same.
    public var concurrentBracket = true
    /// A fixed window instead of the widening: route 1 solves W = `fixedWindow` (or the whole
    /// network when W is at least its spread) and returns its bracket whatever its width. For
    /// scaling studies and for timing against a code that solves one given window.
    public var fixedWindow: Double? = nil
    /// The factorisation that solves each window (CHOLMOD here; MPITransport adds MUMPS over ranks).
    public var backend: any FactorisationBackend = CHOLMODBackend()

    /// Sets a fixed window W (see `fixedWindow`).
    /// - Throws: `TransportError.invalidParameter` unless 1 < W < ∞.
    public mutating func fix(window: Double) throws(TransportError) {
        guard window.isFinite, window > 1 else {
            throw .invalidParameter(name: "window W", value: "\(window)", accepted: "1 < W < ∞")
        }
        fixedWindow = window
    }

    /// The policy a realisation sweep uses: one thread per solve, and AMD instead of METIS, because METIS analyses are
    /// serialised process-wide (METIS draws from libc's `rand()`, see `SymbolicAnalysis`) and would
    /// stall the parallel sweep; on sweep-sized networks (N_L ≲ 50) AMD is about as good.
    public var forRealisationSweeps: WindowPolicy {
        var p = self
        p.concurrentBracket = false
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
