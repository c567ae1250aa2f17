import Foundation
import SparseSolvers

/// The electroneutral limit λ_D → 0 of the galvanostatic CAIT problem (SPEC §9), as a
/// method-of-lines system in the foreign fraction w = n2/n_b alone.
///
/// With n1 + n2 = n_b everywhere (u1 = 1 − w) the two Nernst–Planck fluxes must add up to the beam
/// current, J1 + J2 = j/e, which fixes the field:
///   ψ' = ((D1 − D2)·w' − j_n)/σ,   σ = D1·u1 + D2·w,   j_n = j/(e·n_b)   (ψ = eφ/k_BT),
/// and leaves one conservation law ∂w/∂t = −∂F/∂z with the scaled foreign flux
///   F = J2/n_b = (D2/σ)·(j_n·w − D1·∂w/∂z),
/// i.e. interdiffusion with D̃ = D1·D2/σ plus transport of the current share t2 = D2·w/σ.
/// Boundary conditions: F(0) = j_n (the beam), w(d) = 0 (the back electrode).
///
/// Discretisation (cell-centred finite volumes on the same graded grid): the bracket
/// j_n·w − D1·w' is a convection–diffusion flux with "velocity" j_n and diffusivity D1, so it takes
/// the exponentially fitted (Scharfetter–Gummel) form (D1/h)[B(−P)·w_L − B(P)·w_R], P = j_n·h/D1,
/// exact for constant coefficients and monotone for any P (as D1 → 0 behind the front it becomes
/// upwinding, j_n·w_L). D1 and σ are taken at the face mean w̄. The Jacobian is tridiagonal and
/// analytic; d/dD1 [D1·B(∓j_n h/D1)] = B(P)·B(−P), free of cancellation.
///
/// The potential is not an unknown: it is integrated from φ(d) = 0 with the face values of ψ'.
final class ElectroneutralSystem: MethodOfLinesSystem {
    let cells: Int
    let widths: [Double], distances: [Double], centers: [Double]
    let native: DiffusionLaw
    let foreignDiffusivity: Double
    /// j_n = j/(e·n_b), m/s.
    let beamFlux: Double
    let thermalVoltage: Double
    let nativeUpperLimit: Double?
    let differentialRows: [Bool]

    /// Builds the reduction of a galvanostatic CAIT problem; throws for anything else (the
    /// potentiostatic mode, other charges or boundary values: see `ElectroneutralSolver`).
    init(_ problem: NernstPlanckPoissonProblem) throws(CAITError) {
        guard case let .flux(jn) = problem.frontForeign, problem.frontPotential == .zeroField else {
            throw .invalidParameter(
                name: "model", value: "electroneutral with a fixed surface potential",
                accepted: "the galvanostatic mode only: with φ(0) = U the current is not prescribed and the surface "
                    + "Debye layer carries a potential jump that the electroneutral limit does not resolve; "
                    + "use the Nernst–Planck–Poisson model")
        }
        guard problem.frontNative == .flux(0), problem.native.chargeNumber == 1, problem.foreign.chargeNumber == 1,
              problem.backgroundFraction == 1, problem.backNative == 1, problem.backForeign == 0,
              problem.initialNative == 1, problem.initialForeign == 0 else {
            throw .invalidParameter(name: "model", value: "electroneutral for this problem",
                                    accepted: "the CAIT problem: two monovalent cations over the background n_b, "
                                        + "J1(0) = 0, n1 = n_b and n2 = 0 at z = d and at t = 0")
        }
        guard case let .constant(d2) = problem.foreign.diffusion else {
            throw .invalidParameter(name: "model", value: "electroneutral with a concentration-dependent D_foreign",
                                    accepted: "a constant D_foreign")
        }
        try CAITError.require("beam flux j/e", jn, in: 0...1e30, accepted: "≥ 0 (ions enter at z = 0)")
        cells = problem.grid.cellCount
        widths = problem.grid.widths
        distances = problem.grid.faceDistances
        centers = problem.grid.centers
        native = problem.native.diffusion
        foreignDiffusivity = d2
        beamFlux = jn / problem.referenceDensity
        thermalVoltage = problem.thermalVoltage
        if case let .siteEnergy(law) = native { nativeUpperLimit = law.filling.maximumFraction } else { nativeUpperLimit = nil }
        differentialRows = [Bool](repeating: true, count: problem.grid.cellCount)
    }

    var dimension: Int { cells }
    var lowerBandwidth: Int { 1 }
    var upperBandwidth: Int { 1 }
    var speciesCount: Int { 1 }

    func initialState() -> [Double] { [Double](repeating: 0, count: cells) }

    // MARK: Face flux

    /// F across face f (1…N; face 0 carries the beam) and ∂F/∂w_L, ∂F/∂w_R.
    @inline(__always)
    func flux(face f: Int, _ w: [Double]) throws(CAITError) -> (value: Double, dLeft: Double, dRight: Double) {
        let wL = w[f - 1], wR = f < cells ? w[f] : 0
        let h = distances[f]
        let mean = 0.5 * (wL + wR), u1 = 1 - mean
        let (d1, dd1) = try native.evaluate(fraction: u1)    // dD1/du1; dD1/dw̄ = −dd1
        let d2 = foreignDiffusivity
        let sigma = d1 * u1 + d2 * mean
        let s = d2 / sigma
        let dSigma = -dd1 * u1 - d1 + d2                      // dσ/dw̄
        let dS = -s / sigma * dSigma
        // (D1/h)·B(∓P) and d/dD1 of D1·B(∓P)/h.
        let tL: Double, tR: Double, dT: Double
        let jn = beamFlux
        let p = jn * h / d1
        if jn == 0 {
            (tL, tR, dT) = (d1 / h, d1 / h, 1 / h)
        } else if !(p.isFinite) {                             // D1 underflowed: pure upwinding
            (tL, tR, dT) = (jn, 0, 0)
        } else {
            let bPlus = Bernoulli.value(p), bMinus = Bernoulli.value(-p)
            (tL, tR, dT) = (d1 / h * bMinus, d1 / h * bPlus, bPlus * bMinus / h)
        }
        let bracket = tL * wL - tR * wR
        let dBracket = dT * (wL - wR) * -dd1                  // d/dw̄ through D1
        let common = 0.5 * (dS * bracket + s * dBracket)
        return (s * bracket, s * tL + common, -s * tR + common)
    }

    func assemble(_ x: [Double], scale dt: Double, residual: inout [Double],
                  jacobian: inout BandedMatrix, withJacobian: Bool) throws(CAITError) {
        let n = cells
        for k in 0..<n { residual[k] = 0 }
        // Face 0: the beam, independent of the state.
        residual[0] -= dt / widths[0] * beamFlux
        for f in 1...n {
            let (value, dLeft, dRight) = try flux(face: f, x)
            let left = f - 1
            let cl = dt / widths[left]
            residual[left] += cl * value
            if withJacobian {
                jacobian[left, left] += cl * dLeft
                if f < n { jacobian[left, f] += cl * dRight }
            }
            if f < n {
                let cr = dt / widths[f]
                residual[f] -= cr * value
                if withJacobian {
                    jacobian[f, left] -= cr * dLeft
                    jacobian[f, f] -= cr * dRight
                }
            }
        }
    }

    // MARK: Domain, ion balance, profile

    /// 0 < u1 = 1 − w < u_max for a site-energy native law (w < 1 keeps native ions everywhere).
    func isInsideDomain(_ x: [Double]) -> Bool {
        guard let upper = nativeUpperLimit else { return true }
        for w in x where !(w < 1 && 1 - w < upper) { return false }
        return true
    }

    func contentChanges(from y: [Double], to x: [Double]) -> [(change: Double, roundOff: Double)] {
        var change = 0.0, size = 0.0
        for k in 0..<cells {
            change += widths[k] * (x[k] - y[k])
            size += widths[k] * (abs(x[k]) + abs(y[k]))
        }
        return [(change, Double.ulpOfOne * size)]
    }

    func boundaryFluxes(_ x: [Double]) throws(CAITError) -> [(inflow: Double, outflow: Double)] {
        [(beamFlux, try flux(face: cells, x).value)]
    }

    /// ψ' at face f from the total current, ((D1 − D2)·w' − j_n)/σ (1/m, thermal units).
    func potentialGradient(face f: Int, _ w: [Double]) throws(CAITError) -> Double {
        let wL = w[f - 1], wR = f < cells ? w[f] : 0
        let mean = 0.5 * (wL + wR), u1 = 1 - mean
        let d1 = try native.evaluate(fraction: u1).value, d2 = foreignDiffusivity
        return ((d1 - d2) * (wR - wL) / distances[f] - beamFlux) / (d1 * u1 + d2 * mean)
    }

    func profile(_ x: [Double], time: Double) -> DepthProfile {
        // φ(d) = 0; φ(x_{k−1}) = φ(x_k) − ψ'(face k)·h_k. The fractions of an accepted state lie in
        // the domain of D1, so the gradients cannot throw; a failure would show as NaN.
        var psi = [Double](repeating: 0, count: cells)
        var next = 0.0
        for f in stride(from: cells, through: 1, by: -1) {
            let gradient = (try? potentialGradient(face: f, x)) ?? .nan
            next -= gradient * distances[f]
            psi[f - 1] = next
        }
        return DepthProfile(time: time, depth: centers, nativeFraction: x.map { 1 - $0 },
                            foreignFraction: x, potential: psi.map { $0 * thermalVoltage })
    }
}
