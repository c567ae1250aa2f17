import Foundation
import SparseSolvers

/// The discretised equations of `NernstPlanckPoissonSolver` for one problem: residual, analytic
/// Jacobian, Newton solve of one backward-Euler step, and the conservation bookkeeping.
/// State vector x[3k + a]: a = 0 → u1, 1 → u2, 2 → ψ (cell k).
final class DiscreteSystem {
    let problem: NernstPlanckPoissonProblem
    let cells: Int
    let widths: [Double], distances: [Double]
    /// λ_D² in m².
    let debyeSquared: Double
    let charges: (Double, Double)
    let frontPotential: Double?  // ψ_U in thermal voltages, nil for zero field
    let nativeUpperLimit: Double?  // u_max of a native law (site energy or tabulated)
    private var jacobian: BandedMatrix
    private var residual: [Double]

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
        jacobian = BandedMatrix(dimension: 3 * cells, lower: 5, upper: 5)
        residual = [Double](repeating: 0, count: 3 * cells)
    }

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
    @inline(__always)
    func flux(species s: Int, face f: Int, _ x: [Double]) throws(CAITError) -> FaceFlux {
        let n = cells
        let uL: Double, uR: Double, psiL: Double, psiR: Double
        if f == 0 {
            let boundary = s == 0 ? problem.frontNative : problem.frontForeign
            switch boundary {
            case let .flux(j): return FaceFlux(value: j / problem.referenceDensity)
            case let .density(u): uL = u
            }
            uR = x[s]; psiR = x[2]
            psiL = frontPotential ?? psiR
        } else if f == n {
            uL = x[3 * (n - 1) + s]; psiL = x[3 * (n - 1) + 2]
            uR = s == 0 ? problem.backNative : problem.backForeign
            psiR = 0
        } else {
            uL = x[3 * (f - 1) + s]; psiL = x[3 * (f - 1) + 2]
            uR = x[3 * f + s]; psiR = x[3 * f + 2]
        }
        let law = s == 0 ? problem.native.diffusion : problem.foreign.diffusion
        let z = s == 0 ? charges.0 : charges.1
        let (d, dd) = try law.evaluate(fraction: 0.5 * (uL + uR))
        let h = distances[f]
        let a = z * (psiR - psiL)
        let bPlus = Bernoulli.value(a), bMinus = Bernoulli.value(-a)
        let bracket = (bPlus * uL - bMinus * uR) / h
        return FaceFlux(value: d * bracket,
                        dLeft: d * bPlus / h + 0.5 * dd * bracket,
                        dRight: -d * bMinus / h + 0.5 * dd * bracket,
                        dPotential: d * z * (Bernoulli.derivative(a) * uL + Bernoulli.derivative(-a) * uR) / h)
    }

    // MARK: Residual and Jacobian

    /// Fills `residual` and `jacobian` for the backward-Euler step old → x of length dt.
    func assemble(_ x: [Double], old: [Double], step dt: Double) throws(CAITError) {
        let n = cells
        let (z1, z2) = charges
        let background = problem.backgroundFraction
        let zeroFieldFront = frontPotential == nil
        let lambda2 = debyeSquared
        // Band storage of LAPACK: (i, j) at j·ld + kl + ku + i − j (kl = ku = 5, ld = 16).
        let ld = jacobian.leadingDimension, offset = jacobian.lower + jacobian.upper
        var fluxes = [FaceFlux](repeating: FaceFlux(), count: 2 * (n + 1))
        for f in 0...n {
            fluxes[2 * f] = try flux(species: 0, face: f, x)
            fluxes[2 * f + 1] = try flux(species: 1, face: f, x)
        }
        residual.withUnsafeMutableBufferPointer { r in
        jacobian.storage.withUnsafeMutableBufferPointer { band in
            for i in band.indices { band[i] = 0 }
            @inline(__always) func add(_ i: Int, _ j: Int, _ v: Double) { band[j * ld + offset + i - j] += v }
            for k in 0..<n {
                r[3 * k] = x[3 * k] - old[3 * k]
                r[3 * k + 1] = x[3 * k + 1] - old[3 * k + 1]
                r[3 * k + 2] = z1 * x[3 * k] + z2 * x[3 * k + 1] - background
                add(3 * k, 3 * k, 1)
                add(3 * k + 1, 3 * k + 1, 1)
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

    /// Copies of the last assembled residual and Jacobian (for tests of the analytic Jacobian).
    func assembled(_ x: [Double], old: [Double], step dt: Double) throws(CAITError) -> (residual: [Double], jacobian: BandedMatrix) {
        try assemble(x, old: old, step: dt)
        return (residual, jacobian)
    }

    // MARK: One implicit step

    struct StepAttempt {
        var state: [Double]?
        var iterations = 0
        var damped = 0
        var failure = ""
    }

    /// True when the native filling of every cell lies in the domain of its diffusion law.
    private func insideDomain(_ x: [Double]) -> Bool {
        guard let upper = nativeUpperLimit else { return true }
        for k in 0..<cells {
            let u = x[3 * k]
            if !(u > 0 && u < upper) { return false }
        }
        return true
    }

    /// Newton on the backward-Euler step from `old` of length `dt`, starting from `guess`
    /// (`old` when the guess is nil or outside the native filling domain).
    func advance(_ old: [Double], by dt: Double, guess: [Double]?, options: SolverOptions) -> StepAttempt {
        var attempt = StepAttempt()
        var x = old
        if let guess, insideDomain(guess) { x = guess }
        for iteration in 1...options.maximumNewtonIterations {
            attempt.iterations = iteration
            do {
                try assemble(x, old: old, step: dt)
            } catch {
                attempt.failure = error.description
                return attempt
            }
            var delta = residual
            do {
                var matrix = jacobian
                try BandedLU.solve(&matrix, &delta)
            } catch {
                attempt.failure = "Newton linear solve: \(error)"
                return attempt
            }
            var fraction = 1.0
            var trial = x
            for _ in 0..<40 {
                for i in x.indices { trial[i] = x[i] - fraction * delta[i] }
                if insideDomain(trial) { break }
                fraction *= 0.5
            }
            guard insideDomain(trial) else {
                attempt.failure = "Newton update leaves the native filling domain"
                return attempt
            }
            if fraction < 1 { attempt.damped += 1 }
            var converged = fraction == 1
            for k in 0..<cells {
                let du = max(abs(delta[3 * k]), abs(delta[3 * k + 1]))
                let dpsi = abs(delta[3 * k + 2])
                if !(du <= options.newtonTolerance && dpsi <= options.newtonTolerance * max(1, abs(trial[3 * k + 2]))) {
                    converged = false
                }
                if !du.isFinite || !dpsi.isFinite {
                    attempt.failure = "Newton update is not finite"
                    return attempt
                }
            }
            x = trial
            if converged {
                attempt.state = x
                return attempt
            }
        }
        attempt.failure = "Newton did not converge in \(options.maximumNewtonIterations) iterations"
        return attempt
    }

    // MARK: Diagnostics

    /// max_i |ΔC_i − Δt·(F_i(0) − F_i(d))| / d with C_i = Σ V_k u_i,k: the ion balance of the step
    /// relative to the background content n_b·d.
    func conservationResidual(from old: [Double], to new: [Double], step dt: Double) -> Double {
        var worst = 0.0
        for s in 0..<2 {
            var change = 0.0
            for k in 0..<cells { change += widths[k] * (new[3 * k + s] - old[3 * k + s]) }
            guard let inflow = try? flux(species: s, face: 0, new).value,
                  let outflow = try? flux(species: s, face: cells, new).value else { return .infinity }
            worst = max(worst, abs(change - dt * (inflow - outflow)) / problem.grid.thickness)
        }
        return worst
    }

    func largestFractionChange(from old: [Double], to new: [Double]) -> Double {
        var change = 0.0
        for k in 0..<cells {
            change = max(change, abs(new[3 * k] - old[3 * k]), abs(new[3 * k + 1] - old[3 * k + 1]))
        }
        return change
    }

    func profile(_ x: [Double], time: Double) -> DepthProfile {
        let vt = problem.thermalVoltage
        return DepthProfile(time: time, depth: problem.grid.centers,
                            nativeFraction: (0..<cells).map { x[3 * $0] },
                            foreignFraction: (0..<cells).map { x[3 * $0 + 1] },
                            potential: (0..<cells).map { x[3 * $0 + 2] * vt })
    }
}
