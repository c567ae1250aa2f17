import Foundation
import SparseSolvers

/// The finite-volume discretisation of `NernstPlanckPoissonProblem` as a method-of-lines system
/// (see `NernstPlanckPoissonSolver` for the scheme). State x[3k + a]: a = 0 → u1, 1 → u2,
/// 2 → ψ (cell k); the species rows are differential, the Poisson rows algebraic.
final class NernstPlanckPoissonSystem: MethodOfLinesSystem {
    let problem: NernstPlanckPoissonProblem
    let cells: Int
    let widths: [Double], distances: [Double]
    /// λ_D² in m².
    let debyeSquared: Double
    let charges: (Double, Double)
    let frontPotential: Double?  // ψ_U in thermal voltages, nil for zero field
    let nativeUpperLimit: Double?  // u_max of a native law (site energy or tabulated)
    let differentialRows: [Bool]
    /// Per species (native, foreign): D law, front condition, back density (copied out of the
    /// problem once: the flux loop runs millions of times).
    private let laws: [DiffusionLaw]
    private let fronts: [SpeciesBoundary]
    private let backs: [Double]
    private var fluxes: [FaceFlux]

    init(_ problem: NernstPlanckPoissonProblem) {
        self.problem = problem
        cells = problem.grid.cellCount
        widths = problem.grid.widths
        distances = problem.grid.faceDistances
        let lambda = problem.debyeLength
        debyeSquared = lambda * lambda
        charges = (Double(problem.native.chargeNumber), Double(problem.foreign.chargeNumber))
        if case let .potential(u) = problem.frontPotential { frontPotential = u / problem.thermalVoltage } else { frontPotential = nil }
        nativeUpperLimit = problem.native.diffusion.fillingUpperLimit
        differentialRows = (0..<(3 * cells)).map { $0 % 3 != 2 }
        laws = [problem.native.diffusion, problem.foreign.diffusion]
        fronts = [problem.frontNative, problem.frontForeign]
        backs = [problem.backNative, problem.backForeign]
        fluxes = [FaceFlux](repeating: FaceFlux(), count: 2 * (cells + 1))
    }

    var dimension: Int { 3 * cells }
    var lowerBandwidth: Int { 5 }
    var upperBandwidth: Int { 5 }
    var speciesCount: Int { 2 }

    func initialState() -> [Double] {
        var x = [Double](repeating: 0, count: 3 * cells)
        for k in 0..<cells { x[3 * k] = problem.initialNative; x[3 * k + 1] = problem.initialForeign }
        return x
    }

    // MARK: Face fluxes

    /// Scaled flux F = J/n_b (m/s) across one face and its derivatives with respect to the
    /// left/right fractions and the right potential (∂F/∂ψ_L = −∂F/∂ψ_R).
    struct FaceFlux {
        var value = 0.0, dLeft = 0.0, dRight = 0.0, dPotential = 0.0
    }

    /// Scharfetter–Gummel flux of species `s` (0 native, 1 foreign) across face `f` (0…N).
    /// Boundary faces use the boundary values; derivatives with respect to fixed boundary values are
    /// simply not used by the caller.
    func flux(species s: Int, face f: Int, _ x: [Double]) throws(CAITError) -> FaceFlux {
        try flux(species: s, face: f, x, law: laws[s], derivatives: true)
    }

    /// As above with the species' law passed in (the assembly loop binds it once, instead of
    /// copying the enum out of the array for every face) and the derivatives optional.
    @inline(__always)
    func flux(species s: Int, face f: Int, _ x: [Double], law: DiffusionLaw, derivatives: Bool) throws(CAITError) -> FaceFlux {
        let n = cells
        let uL: Double, uR: Double, psiL: Double, psiR: Double
        if f == 0 {
            switch fronts[s] {
            case let .flux(j): return FaceFlux(value: j / problem.referenceDensity)
            case let .density(u): uL = u
            }
            uR = x[s]; psiR = x[2]
            psiL = frontPotential ?? psiR
        } else if f == n {
            uL = x[3 * (n - 1) + s]; psiL = x[3 * (n - 1) + 2]
            uR = backs[s]
            psiR = 0
        } else {
            uL = x[3 * (f - 1) + s]; psiL = x[3 * (f - 1) + 2]
            uR = x[3 * f + s]; psiR = x[3 * f + 2]
        }
        let z = s == 0 ? charges.0 : charges.1
        let (d, dd) = try law.evaluate(fraction: 0.5 * (uL + uR))
        let h = distances[f]
        let a = z * (psiR - psiL)
        let bPlus = Bernoulli.value(a), bMinus = Bernoulli.value(-a)
        let bracket = (bPlus * uL - bMinus * uR) / h
        guard derivatives else { return FaceFlux(value: d * bracket) }
        return FaceFlux(value: d * bracket,
                        dLeft: d * bPlus / h + 0.5 * dd * bracket,
                        dRight: -d * bMinus / h + 0.5 * dd * bracket,
                        dPotential: d * z * (Bernoulli.derivative(a) * uL + Bernoulli.derivative(-a) * uR) / h)
    }

    // MARK: Residual and Jacobian

    /// r = (h/V_k)(F_{k+½} − F_{k−½}) on the species rows (= −h·f) and the Poisson rows
    /// (λ_D²/V_k)[(ψ_{k+1} − ψ_k)/h_{k+½} − (ψ_k − ψ_{k−1})/h_{k−½}] + z1u1 + z2u2 − b, with their
    /// analytic Jacobian when asked.
    func assemble(_ x: [Double], scale dt: Double, residual: inout [Double],
                  jacobian: inout BandedMatrix, withJacobian: Bool) throws(CAITError) {
        let n = cells
        let (z1, z2) = charges
        let background = problem.backgroundFraction
        let zeroFieldFront = frontPotential == nil
        let lambda2 = debyeSquared
        // Band storage of LAPACK: (i, j) at j·ld + kl + ku + i − j (kl = ku = 5, ld = 16).
        let ld = jacobian.leadingDimension, offset = jacobian.lower + jacobian.upper
        let (native, foreign) = (laws[0], laws[1])
        for f in 0...n {
            fluxes[2 * f] = try flux(species: 0, face: f, x, law: native, derivatives: withJacobian)
            fluxes[2 * f + 1] = try flux(species: 1, face: f, x, law: foreign, derivatives: withJacobian)
        }
        let jac = withJacobian
        fluxes.withUnsafeBufferPointer { fluxes in
        residual.withUnsafeMutableBufferPointer { r in
        jacobian.storage.withUnsafeMutableBufferPointer { band in
            @inline(__always) func add(_ i: Int, _ j: Int, _ v: Double) { if jac { band[j * ld + offset + i - j] += v } }
            for k in 0..<n {
                r[3 * k] = 0
                r[3 * k + 1] = 0
                r[3 * k + 2] = z1 * x[3 * k] + z2 * x[3 * k + 1] - background
                add(3 * k + 2, 3 * k, z1)
                add(3 * k + 2, 3 * k + 1, z2)
            }
            for f in 0...n {
                let left = f - 1, right = f  // cell indices; −1 and n are boundaries
                for s in 0..<2 {
                    let flux = fluxes[2 * f + s]
                    if left >= 0 {
                        let c = dt / widths[left], row = 3 * left + s
                        r[row] += c * flux.value
                        add(row, 3 * left + s, c * flux.dLeft)
                        add(row, 3 * left + 2, -c * flux.dPotential)
                        if right < n {
                            add(row, 3 * right + s, c * flux.dRight)
                            add(row, 3 * right + 2, c * flux.dPotential)
                        }
                    }
                    if right < n {
                        let c = dt / widths[right], row = 3 * right + s
                        r[row] -= c * flux.value
                        add(row, 3 * right + s, -c * flux.dRight)
                        if left >= 0 {
                            add(row, 3 * left + s, -c * flux.dLeft)
                            add(row, 3 * left + 2, c * flux.dPotential)
                            add(row, 3 * right + 2, -c * flux.dPotential)
                        } else if !zeroFieldFront {
                            add(row, 3 * right + 2, -c * flux.dPotential)
                        }
                    }
                }
                // Poisson: field flux (ψ_R − ψ_L)/h across the face.
                if f == 0 && zeroFieldFront { continue }
                let psiL = left >= 0 ? x[3 * left + 2] : frontPotential ?? 0
                let psiR = right < n ? x[3 * right + 2] : 0
                let g = 1 / distances[f]
                let e = (psiR - psiL) * g
                if left >= 0 {
                    let c = lambda2 / widths[left], row = 3 * left + 2
                    r[row] += c * e
                    add(row, 3 * left + 2, -c * g)
                    if right < n { add(row, 3 * right + 2, c * g) }
                }
                if right < n {
                    let c = lambda2 / widths[right], row = 3 * right + 2
                    r[row] -= c * e
                    add(row, 3 * right + 2, -c * g)
                    if left >= 0 { add(row, 3 * left + 2, c * g) }
                }
            }
        }
        }
        }
    }

    // MARK: Domain and ion balance

    /// The native filling of every cell lies in the domain of its diffusion law.
    func isInsideDomain(_ x: [Double]) -> Bool {
        guard let upper = nativeUpperLimit else { return true }
        for k in 0..<cells {
            let u = x[3 * k]
            if !(u > 0 && u < upper) { return false }
        }
        return true
    }

    func contentChanges(from y: [Double], to x: [Double]) -> [(change: Double, roundOff: Double)] {
        var change = [0.0, 0.0], size = [0.0, 0.0]
        for k in 0..<cells {
            for s in 0..<2 {
                change[s] += widths[k] * (x[3 * k + s] - y[3 * k + s])
                size[s] += widths[k] * (abs(x[3 * k + s]) + abs(y[3 * k + s]))
            }
        }
        return (0..<2).map { (change[$0], Double.ulpOfOne * size[$0]) }
    }

    func boundaryFluxes(_ x: [Double]) throws(CAITError) -> [(inflow: Double, outflow: Double)] {
        [(try flux(species: 0, face: 0, x).value, try flux(species: 0, face: cells, x).value),
         (try flux(species: 1, face: 0, x).value, try flux(species: 1, face: cells, x).value)]
    }

    func profile(_ x: [Double], time: Double) -> DepthProfile {
        let vt = problem.thermalVoltage
        return DepthProfile(time: time, depth: problem.grid.centers,
                            nativeFraction: (0..<cells).map { x[3 * $0] },
                            foreignFraction: (0..<cells).map { x[3 * $0 + 1] },
                            potential: (0..<cells).map { x[3 * $0 + 2] * vt })
    }
}
