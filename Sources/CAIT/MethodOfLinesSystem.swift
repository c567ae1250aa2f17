import SparseSolvers

/// A finite-volume system in the method-of-lines form that `TRBDF2Integrator` advances in time:
/// differential rows dx_i/dt = f_i(x) (the ion fractions of each cell, f = −(F_{k+½} − F_{k−½})/V_k)
/// and algebraic rows 0 = g_i(x) (the discrete Poisson equation of the Nernst–Planck–Poisson model;
/// the electroneutral model has none). The Jacobian is banded.
protocol MethodOfLinesSystem: AnyObject {
    var dimension: Int { get }
    var lowerBandwidth: Int { get }
    var upperBandwidth: Int { get }
    /// true for the rows of the form dx_i/dt = f_i(x), false for algebraic rows.
    var differentialRows: [Bool] { get }
    /// Number of conserved species (each a sum Σ_k V_k x_{row(s,k)}).
    var speciesCount: Int { get }

    /// Writes r_i = −h·f_i(x) on differential rows and r_i = g_i(x) on algebraic rows into
    /// `residual`, and, when `withJacobian`, adds ∂r/∂x to `jacobian` (zero on entry).
    func assemble(_ x: [Double], scale h: Double, residual: inout [Double],
                  jacobian: inout BandedMatrix, withJacobian: Bool) throws(CAITError)

    /// True when every cell's state lies where the model is defined (0 < u_native < u_max,
    /// fractions ≥ 0).
    func isInsideDomain(_ x: [Double]) -> Bool

    /// Per species: the change of content Σ_k V_k (x_k − y_k) between two states, in m (ions per
    /// unit area in units of n_b), formed cell by cell, and its round-off bound ε·Σ_k V_k(|x_k| + |y_k|)
    /// (a fraction near 1 cannot record a change below its last bit).
    func contentChanges(from y: [Double], to x: [Double]) -> [(change: Double, roundOff: Double)]

    /// Per species: the scaled boundary fluxes (m/s) into the sample at z = 0 and out of it at z = d.
    func boundaryFluxes(_ x: [Double]) throws(CAITError) -> [(inflow: Double, outflow: Double)]

    /// The species fractions of `x` as a profile at `time`.
    func profile(_ x: [Double], time: Double) -> DepthProfile

    /// The initial state.
    func initialState() -> [Double]
}
