import Foundation
import SparseSolvers

/// The electroneutral limit λ_D → 0 of the galvanostatic CAIT problem (docs/model.md §9), as a
/// method-of-lines system in the foreign fraction w = n2/n_b alone.
///
/// With n1 + n2 = n_b everywhere (u1 = 1 − w) the two Nernst–Planck fluxes must add up to the beam
/// current, J1 + J2 = j/e, which fixes the field:
///   ψ' = ((D1 − D2)·w' − j_n)/σ,   σ = D1·u1 + D2·w,   j_n = j/(e·n_b)   (ψ = eφ/k_BT),
/// and leaves one conservation law ∂w/∂t = −∂F2/∂z for the foreign flux in that field,
/// F2 = J2/n_b = −D2·(w' + w·ψ'). (Eliminating ψ' gives the classical interdiffusion form
/// F2 = −D1D2/σ·w' + (D2·w/σ)·j_n.) Boundary conditions: F2(0) = j_n (the beam), w(d) = 0 (the
/// back electrode).
///
/// Discretisation (cell-centred finite volumes on the same graded grid): at each face the
/// potential step Δψ = h·ψ' follows from the face gradient (w_R − w_L)/h and the face means
/// (D1 = D1(ū1), ū1 = 1 − w̄), and the foreign flux takes the Scharfetter–Gummel form
/// F2 = (D2/h)[B(Δψ)·w_L − B(−Δψ)·w_R], as in the Nernst–Planck–Poisson solver: second order,
/// with |Δψ| ≲ 0.2 on 0.5 nm cells behind the front (docs/cait.md explains why not the
/// exponentially fitted interdiffusion form or F2 = j_n − F1). The Jacobian is tridiagonal and
/// analytic.
///
/// The potential is not an unknown: it is summed from the face steps Δψ, with φ(d) = 0.
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
        nativeUpperLimit = native.fillingUpperLimit
        differentialRows = [Bool](repeating: true, count: problem.grid.cellCount)
    }

    var dimension: Int { cells }
    var lowerBandwidth: Int { 1 }
    var upperBandwidth: Int { 1 }
    var speciesCount: Int { 1 }

    func initialState() -> [Double] { [Double](repeating: 0, count: cells) }

    // MARK: Face flux

    /// F2 across face f (1…N; face 0 carries the beam), ∂F2/∂w_L, ∂F2/∂w_R, and the face's
    /// potential step Δψ = ψ_R − ψ_L (thermal units).
    @inline(__always)
    func flux(face f: Int, _ w: [Double]) throws(CAITError)
        -> (value: Double, dLeft: Double, dRight: Double, potentialStep: Double) {
        let wL = w[f - 1], wR = f < cells ? w[f] : 0
        let h = distances[f], jn = beamFlux, d2 = foreignDiffusivity
        let mean = 0.5 * (wL + wR), u1 = 1 - mean
        let (d1, dd1) = try native.evaluate(fraction: u1)    // dD1/du1
        let dD1 = -0.5 * dd1                                 // dD1/dw_L = dD1/dw_R
        let sigma = d1 * u1 + d2 * mean
        let dSigma = 0.5 * (-dd1 * u1 - d1 + d2)             // dσ/dw_L = dσ/dw_R
        let numerator = (d1 - d2) * (wR - wL) - jn * h
        let step = numerator / sigma
        let dStepLeft = (dD1 * (wR - wL) - (d1 - d2) - step * dSigma) / sigma
        let dStepRight = (dD1 * (wR - wL) + (d1 - d2) - step * dSigma) / sigma
        let bPlus = Bernoulli.value(step), bMinus = Bernoulli.value(-step)
        let dBracket = Bernoulli.derivative(step) * wL + Bernoulli.derivative(-step) * wR  // d/dΔψ
        let c = d2 / h
        return (c * (bPlus * wL - bMinus * wR), c * (bPlus + dBracket * dStepLeft), c * (-bMinus + dBracket * dStepRight), step)
    }

    func assemble(_ x: [Double], scale dt: Double, residual: inout [Double],
                  jacobian: inout BandedMatrix, withJacobian: Bool) throws(CAITError) {
        let n = cells
        for k in 0..<n { residual[k] = 0 }
        // Face 0: the beam, independent of the state.
        residual[0] -= dt / widths[0] * beamFlux
        for f in 1...n {
            let (value, dLeft, dRight, _) = try flux(face: f, x)
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

    func profile(_ x: [Double], time: Double) -> DepthProfile {
        // φ(d) = 0; ψ(x_{k−1}) = ψ(x_k) − Δψ(face k). The fractions of an accepted state lie in
        // the domain of D1, so the face terms cannot throw; a failure would show as NaN.
        var psi = [Double](repeating: 0, count: cells)
        var next = 0.0
        for f in stride(from: cells, through: 1, by: -1) {
            next -= (try? flux(face: f, x).potentialStep) ?? .nan
            psi[f - 1] = next
        }
        return DepthProfile(time: time, depth: centers, nativeFraction: x.map { 1 - $0 },
                            foreignFraction: x, potential: psi.map { $0 * thermalVoltage })
    }
}
