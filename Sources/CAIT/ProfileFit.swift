import Foundation
import SparseSolvers

/// The three parameters of the CAIT inverse problem (docs/model.md §9).
public struct CAITParameters: Sendable, Equatable {
    /// FWHM of the Gaussian SED, eV.
    public var fwhm: Double
    /// D_bulk, m²/s.
    public var bulkDiffusivity: Double
    /// D_foreign, m²/s.
    public var foreignDiffusivity: Double

    public init(fwhm: Double, bulkDiffusivity: Double, foreignDiffusivity: Double) {
        self.fwhm = fwhm
        self.bulkDiffusivity = bulkDiffusivity
        self.foreignDiffusivity = foreignDiffusivity
    }

    var logValues: [Double] { [log(fwhm), log(bulkDiffusivity), log(foreignDiffusivity)] }
    init(logValues v: [Double]) { self.init(fwhm: exp(v[0]), bulkDiffusivity: exp(v[1]), foreignDiffusivity: exp(v[2])) }
}

/// Result of a profile fit.
public struct CAITFitResult: Sendable {
    public let estimate: CAITParameters
    /// Standard errors of log(FWHM), log(D_bulk), log(D_foreign): √diag(s²·(JᵀJ)⁻¹) in log space.
    public let logStandardErrors: [Double]
    /// Standard errors of the parameters themselves (delta method: θ·SE(log θ)).
    public let standardErrors: CAITParameters
    /// Covariance of the log-parameters, row-major 3×3.
    public let logCovariance: [Double]
    /// s = √(SSR/(m − 3)), the residual standard deviation of the fractions.
    public let residualStandardDeviation: Double
    public let iterations: Int
    /// Forward solves used (the model at each trial point and 3 per Jacobian).
    public let modelEvaluations: Int
    /// Which convergence test ended the fit.
    public let stoppingReason: String
}

/// The state of a fit after one iteration, for progress reports.
public struct CAITFitProgress: Sendable {
    public let iteration: Int
    /// Whether the iteration's step lowered the cost (false: the step was rejected, damping raised).
    public let accepted: Bool
    /// The accepted point, or the rejected trial.
    public let parameters: CAITParameters
    /// √(cost/m) at the current (accepted) point.
    public let residualStandardDeviation: Double
    /// Forward solves so far.
    public let solves: Int
}

/// Levenberg–Marquardt fit of (SED FWHM, D_bulk, D_foreign) in log-parameters to a measured
/// profile (docs/model.md §9). The residuals are the simulated minus measured native and foreign fractions
/// at the measured depths, all of weight 1.
///
/// The Jacobian is by forward differences (step 1e-4 in each log-parameter; the 3 solves run in
/// parallel). Each is a full NPP run, and an adaptive step sequence would change discontinuously
/// with the parameters, so the model at the current point is solved adaptively and its accepted
/// step sequence is then frozen (`TimeStepControl.prescribed`) for the finite-difference solves:
/// the Jacobian sees a smooth function. Marquardt's scaling (A + μ·diag A) is used; the normal
/// equations are solved with LAPACK (`DenseLU`). Standard errors: Cov = s²·(JᵀJ)⁻¹ at the optimum,
/// s² = SSR/(m − 3).
public struct CAITProfileFitter: Sendable {
    /// Everything except the three fitted parameters (its distribution is replaced by a Gaussian).
    public let template: CAITScenario
    public let measured: MeasuredProfile
    public var maximumIterations = 40
    /// Stop when the predicted and the last actual decrease of the cost are both below this
    /// fraction of it (1e-6 of χ² is far below the statistical resolution Δχ² ≈ 1).
    public var relativeTolerance = 1e-6
    /// Solver settings of the forward runs at the current point (its step control must be adaptive;
    /// the finite-difference runs replay the accepted steps).
    public var solverOptions = SolverOptions()

    public init(template: CAITScenario, measured: MeasuredProfile) throws(CAITError) {
        guard measured.depth.count > 3 else {
            throw .invalidParameter(name: "measured profile length", value: "\(measured.depth.count)", accepted: "> 3 rows")
        }
        self.template = template
        self.measured = measured
    }

    /// Residual vector and frozen step sequence of the model at `p`.
    func residuals(_ p: CAITParameters, steps: [Double]?) throws(CAITError) -> (values: [Double], steps: [Double]) {
        var scenario = template
        scenario.distribution = try GaussianSiteEnergyDistribution(fwhm: p.fwhm)
        scenario.bulkDiffusivity = p.bulkDiffusivity
        scenario.foreignDiffusivity = p.foreignDiffusivity
        var options = solverOptions
        if let steps { options.stepControl = .prescribed(steps) }
        let solution = try scenario.solve(outputTimes: [scenario.duration], options: options)
        let (native, foreign) = try measured.sample(solution.profiles[0], thickness: scenario.thickness)
        var r: [Double] = []
        r.reserveCapacity(2 * native.count)
        for k in native.indices { r.append(native[k] - measured.nativeFraction[k]) }
        for k in foreign.indices { r.append(foreign[k] - measured.foreignFraction[k]) }
        return (r, solution.diagnostics.stepSizes)
    }

    /// Forward-difference Jacobian (m × 3, column-major) at log-parameters `x`, with frozen steps.
    func jacobian(at x: [Double], base: [Double], steps: [Double]) throws(CAITError) -> [Double] {
        let m = base.count, h = 1e-4
        let columns = ColumnStore(count: 3)
        DispatchQueue.concurrentPerform(iterations: 3) { j in
            var shifted = x
            shifted[j] += h
            do throws(CAITError) {
                let r = try residuals(CAITParameters(logValues: shifted), steps: steps).values
                columns.set(j, .success((0..<m).map { (r[$0] - base[$0]) / h }))
            } catch {
                columns.set(j, .failure(error))
            }
        }
        var jac: [Double] = []
        for j in 0..<3 { jac += try columns.get(j).get() }
        return jac
    }

    /// Fits from `initial`. `progress` is called after every iteration (accepted or not).
    ///
    /// Each iteration computes the Jacobian (3 solves) and then tries Levenberg–Marquardt steps
    /// (one solve each) until one lowers the cost. The fit stops (MINPACK's tests, Moré 1978) when
    /// - the cost is at the solver's precision (RMS residual ≤ 1e-8, the Newton tolerance), or
    /// - the gradient is orthogonal to the residuals: max_j |J_jᵀr|/(‖J_j‖·‖r‖) ≤ 1e-4 (the
    ///   finite-difference Jacobian is good to ~1e-4), or
    /// - the decrease that the linear model predicts for the next step, and the last actual
    ///   decrease, are both below `relativeTolerance` of the cost, or
    /// - the step in every log-parameter is below 1e-7.
    /// The linear model's prediction also decides the damping: μ is cut after a step that achieved
    /// more than 3/4 of it and raised after one that achieved less than 1/4.
    public func fit(initial: CAITParameters, progress: ((CAITFitProgress) -> Void)? = nil) throws(CAITError) -> CAITFitResult {
        for (name, value) in [("initial FWHM", initial.fwhm), ("initial D_bulk", initial.bulkDiffusivity),
                              ("initial D_foreign", initial.foreignDiffusivity)] {
            try CAITError.requirePositive(name, value)
        }
        var x = initial.logValues
        var (r, steps) = try residuals(initial, steps: nil)
        var cost = r.reduce(0) { $0 + $1 * $1 }
        let m = r.count
        var evaluations = 1, iterations = 0
        var mu = 1e-3
        var jac = try jacobian(at: x, base: r, steps: steps)
        evaluations += 3
        var jacobianIsCurrent = true
        var stop = ""
        iterating: while iterations < maximumIterations {
            iterations += 1
            if cost <= Double(m) * 1e-16 { stop = "residuals at the solver's precision"; break }
            let (a, g) = Self.normalEquations(jac, r, m: m)
            let norm = cost.squareRoot()
            let cosine = (0..<3).map { abs(g[$0]) / max(a[$0 * 3 + $0].squareRoot() * norm, .leastNormalMagnitude) }.max()!
            if cosine <= 1e-4 { stop = "gradient orthogonal to the residuals"; break }
            var lastDecrease = Double.infinity
            while true {
                var damped = a
                for i in 0..<3 { damped[i * 3 + i] += mu * max(a[i * 3 + i], 1e-300) }
                let delta: [Double]
                do {
                    delta = try DenseLU.solve(matrix: damped, dimension: 3, rhs: g.map { -$0 })
                } catch {
                    throw .analysis("profile fit: singular normal equations (a parameter has no effect on the profile): \(error)")
                }
                // Cap a step at a factor e in every parameter (a trust region in log space).
                let largest = delta.map(abs).max()!
                let scale = largest > 1 ? 1 / largest : 1
                let step = delta.map { $0 * scale }
                // Cost decrease of the linear model: −(2·stepᵀg + stepᵀA·step).
                var quadratic = 0.0
                for i in 0..<3 { for j in 0..<3 { quadratic += step[i] * a[j * 3 + i] * step[j] } }
                let predicted = -(2 * zip(step, g).reduce(0) { $0 + $1.0 * $1.1 } + quadratic)
                if predicted <= relativeTolerance * cost && lastDecrease <= relativeTolerance * cost {
                    stop = "predicted and actual decrease below \(relativeTolerance) of the cost"; break iterating
                }
                if step.allSatisfy({ abs($0) < 1e-7 }) { stop = "step below 1e-7 in every log-parameter"; break iterating }
                let trial = (0..<3).map { x[$0] + step[$0] }
                evaluations += 1
                if let (rt, st) = try? residuals(CAITParameters(logValues: trial), steps: nil) {
                    let trialCost = rt.reduce(0) { $0 + $1 * $1 }
                    let ratio = predicted > 0 ? (cost - trialCost) / predicted : -1
                    if trialCost < cost {
                        lastDecrease = cost - trialCost
                        x = trial; r = rt; steps = st; cost = trialCost
                        jacobianIsCurrent = false
                        if ratio > 0.75 { mu = max(mu / 3, 1e-12) } else if ratio < 0.25 { mu *= 2 }
                        progress?(CAITFitProgress(iteration: iterations, accepted: true, parameters: CAITParameters(logValues: x),
                                                  residualStandardDeviation: (cost / Double(m)).squareRoot(), solves: evaluations))
                        if lastDecrease <= relativeTolerance * cost && predicted <= relativeTolerance * cost {
                            stop = "predicted and actual decrease below \(relativeTolerance) of the cost"; break iterating
                        }
                        jac = try jacobian(at: x, base: r, steps: steps)
                        evaluations += 3
                        jacobianIsCurrent = true
                        continue iterating
                    }
                }
                progress?(CAITFitProgress(iteration: iterations, accepted: false, parameters: CAITParameters(logValues: trial),
                                          residualStandardDeviation: (cost / Double(m)).squareRoot(), solves: evaluations))
                mu *= 4
                lastDecrease = 0
                if mu > 1e12 { stop = "no descent left (damping above 1e12)"; break iterating }
            }
        }
        if stop.isEmpty { stop = "maximum of \(maximumIterations) iterations reached" }
        // Covariance at the optimum, from the Jacobian at the final point.
        if !jacobianIsCurrent {
            jac = try jacobian(at: x, base: r, steps: steps)
            evaluations += 3
        }
        let (a, _) = Self.normalEquations(jac, r, m: m)
        let dof = Double(max(1, m - 3))
        let s2 = cost / dof
        var covariance: [Double]
        do {
            let inverse = try DenseLU.solve(matrix: a, dimension: 3, rhs: [1, 0, 0, 0, 1, 0, 0, 0, 1], columns: 3)
            covariance = inverse.map { $0 * s2 }
        } catch {
            throw .analysis("profile fit: JᵀJ is singular at the optimum, so the standard errors are undefined")
        }
        // Column-major inverse of a symmetric matrix is its row-major form too.
        let se = (0..<3).map { covariance[$0 * 3 + $0].squareRoot() }
        let estimate = CAITParameters(logValues: x)
        return CAITFitResult(
            estimate: estimate, logStandardErrors: se,
            standardErrors: CAITParameters(fwhm: estimate.fwhm * se[0], bulkDiffusivity: estimate.bulkDiffusivity * se[1],
                                           foreignDiffusivity: estimate.foreignDiffusivity * se[2]),
            logCovariance: covariance, residualStandardDeviation: s2.squareRoot(),
            iterations: iterations, modelEvaluations: evaluations, stoppingReason: stop)
    }

    /// JᵀJ (3×3, column-major) and Jᵀr.
    static func normalEquations(_ jac: [Double], _ r: [Double], m: Int) -> ([Double], [Double]) {
        var a = [Double](repeating: 0, count: 9), g = [Double](repeating: 0, count: 3)
        for i in 0..<3 {
            for k in 0..<m { g[i] += jac[i * m + k] * r[k] }
            for j in 0..<3 {
                var s = 0.0
                for k in 0..<m { s += jac[i * m + k] * jac[j * m + k] }
                a[j * 3 + i] = s
            }
        }
        return (a, g)
    }
}

/// Per-column results written from parallel finite-difference solves (each index written once).
private final class ColumnStore: @unchecked Sendable {
    private var results: [Result<[Double], CAITError>]
    private let lock = NSLock()
    init(count: Int) { results = Array(repeating: .success([]), count: count) }
    func set(_ i: Int, _ value: Result<[Double], CAITError>) { lock.lock(); results[i] = value; lock.unlock() }
    func get(_ i: Int) -> Result<[Double], CAITError> { lock.lock(); defer { lock.unlock() }; return results[i] }
}
