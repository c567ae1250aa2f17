import Foundation

/// Errors of the parameter fits (docs/model.md §8); messages name the input and the accepted range.
public enum FitError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidData(String)
    case notBracketed(String)

    public var description: String {
        switch self {
        case let .invalidData(m), let .notBracketed(m): return m
        }
    }
}

/// (V0, σ_ε) estimated from activation energies (docs/model.md §8).
public struct EnergyScaleFit: Sendable, Equatable {
    /// Energy scale V0 in eV.
    public let v0: Double
    /// Noise strength σ_ε (dimensionless, units of V0).
    public let sigma: Double
    /// Root-mean-square residual of E_a in eV over the points used.
    public let residualRMS: Double
    /// Further sign changes of the end-member ratio found in the bracket (0: the root is unique
    /// on the scan grid). Disorder noise at small N_L or R can make the ratio non-monotonic.
    public let alternativeRoots: Int

    public init(v0: Double, sigma: Double, residualRMS: Double, alternativeRoots: Int = 0) {
        self.v0 = v0; self.sigma = sigma; self.residualRMS = residualRMS; self.alternativeRoots = alternativeRoots
    }
}

/// Attempt frequency ν estimated from conductivities (docs/model.md §8).
public struct AttemptFrequencyFit: Sendable, Equatable {
    /// One ν for all points, least squares in log σ, in Hz.
    public let common: Double
    /// ν per point, in Hz.
    public let perPoint: [Double]
    /// RMS residual of log10 σ with the common ν.
    public let residualRMSLog10: Double
}

/// The fits of docs/model.md §8. The model enters through closures so that the caller decides the
/// lattice size, realisations and random streams (common random numbers across σ_ε).
public enum ParameterFit {
    /// Fits σ_ε from the ratio E_a(x=0)/E_a(x=1) by a 1-D root find, then V0 in closed form.
    ///
    /// Because Δ_c scales linearly with V0 at fixed σ_ε and u0/V0, E_a(x) = V0·c_x(σ_ε), where
    /// `reducedBarriers(σ_ε)` returns (c_first, c_last): the mean Δ_c at V0 = 1 eV.
    /// The ratio c_first/c_last is a continuous function of σ_ε under common random numbers, but
    /// disorder noise can make it non-monotonic: the bracket is first scanned on `scanPoints`
    /// points, the lowest sign change is refined by bisection, and further sign changes are
    /// counted in `alternativeRoots`.
    public static func endMemberFit(measuredFirst: Double, measuredLast: Double,
                                    sigmaBracket: ClosedRange<Double>,
                                    tolerance: Double = 1e-4, scanPoints: Int = 9,
                                    reducedBarriers: (Double) throws -> (first: Double, last: Double)) throws -> EnergyScaleFit {
        guard measuredFirst > 0, measuredLast > 0, measuredFirst.isFinite, measuredLast.isFinite else {
            throw FitError.invalidData("activation energies must be positive and finite (got \(measuredFirst), \(measuredLast) eV)")
        }
        guard sigmaBracket.lowerBound >= 0, sigmaBracket.upperBound > sigmaBracket.lowerBound else {
            throw FitError.invalidData("σ_ε bracket \(sigmaBracket) must satisfy 0 ≤ lower < upper")
        }
        let target = measuredFirst / measuredLast
        func mismatch(_ s: Double) throws -> Double {
            let c = try reducedBarriers(s)
            return c.first / c.last - target
        }
        let n = max(2, scanPoints)
        let grid = (0..<n).map { sigmaBracket.lowerBound + (sigmaBracket.upperBound - sigmaBracket.lowerBound) * Double($0) / Double(n - 1) }
        let values = try grid.map(mismatch)
        let crossings = (0..<(n - 1)).filter { values[$0] * values[$0 + 1] <= 0 }
        guard let first = crossings.first else {
            throw FitError.notBracketed(String(format: "measured ratio E_a(first)/E_a(last) = %.4f is outside the model's range %.4f…%.4f for σ_ε in [%g, %g]",
                                               target, values.min()! + target, values.max()! + target,
                                               sigmaBracket.lowerBound, sigmaBracket.upperBound))
        }
        var lo = grid[first], hi = grid[first + 1]
        var fLo = values[first]
        while hi - lo > tolerance {
            let mid = 0.5 * (lo + hi)
            let fMid = try mismatch(mid)
            if (fMid < 0) == (fLo < 0) { lo = mid; fLo = fMid } else { hi = mid }
        }
        let sigma = 0.5 * (lo + hi)
        let c = try reducedBarriers(sigma)
        // V0 minimising the squared residuals of both end members, given σ_ε.
        let v0 = (measuredFirst * c.first + measuredLast * c.last) / (c.first * c.first + c.last * c.last)
        let rms = ((pow(measuredFirst - v0 * c.first, 2) + pow(measuredLast - v0 * c.last, 2)) / 2).squareRoot()
        return EnergyScaleFit(v0: v0, sigma: sigma, residualRMS: rms, alternativeRoots: crossings.count - 1)
    }

    /// Least-squares variant over all points: for each σ_ε, V0 = Σ E c / Σ c² in closed form;
    /// σ_ε minimises the residual by golden-section search inside the bracket.
    public static func leastSquaresFit(measured: [Double], sigmaBracket: ClosedRange<Double>,
                                       tolerance: Double = 1e-4,
                                       reducedBarriers: (Double) throws -> [Double]) throws -> EnergyScaleFit {
        guard !measured.isEmpty, measured.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw FitError.invalidData("activation energies must be positive and finite")
        }
        func residual(_ s: Double) throws -> (ss: Double, v0: Double) {
            let c = try reducedBarriers(s)
            guard c.count == measured.count else { throw FitError.invalidData("model returned \(c.count) points for \(measured.count) measurements") }
            let v0 = zip(measured, c).reduce(0) { $0 + $1.0 * $1.1 } / c.reduce(0) { $0 + $1 * $1 }
            return (zip(measured, c).reduce(0) { $0 + pow($1.0 - v0 * $1.1, 2) }, v0)
        }
        let phi = (5.0.squareRoot() - 1) / 2
        var a = sigmaBracket.lowerBound, b = sigmaBracket.upperBound
        var c = b - phi * (b - a), d = a + phi * (b - a)
        var fc = try residual(c).ss, fd = try residual(d).ss
        while b - a > tolerance {
            if fc < fd { b = d; d = c; fd = fc; c = b - phi * (b - a); fc = try residual(c).ss }
            else { a = c; c = d; fc = fd; d = a + phi * (b - a); fd = try residual(d).ss }
        }
        let sigma = 0.5 * (a + b)
        let best = try residual(sigma)
        return EnergyScaleFit(v0: best.v0, sigma: sigma, residualRMS: (best.ss / Double(measured.count)).squareRoot())
    }

    /// σ_dc ∝ ν (eq. (7) via the rates (5)), so with model conductivities computed at a reference
    /// ν_ref, log ν = log ν_ref + ⟨log σ_measured − log σ_model⟩ (least squares in log σ).
    public static func attemptFrequency(measured: [Double], modelled: [Double],
                                        referenceFrequency: Double) throws -> AttemptFrequencyFit {
        guard !measured.isEmpty, measured.count == modelled.count else {
            throw FitError.invalidData("need equally many measured and modelled conductivities (got \(measured.count) and \(modelled.count))")
        }
        guard measured.allSatisfy({ $0 > 0 && $0.isFinite }), modelled.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw FitError.invalidData("conductivities must be positive and finite to fit in log σ")
        }
        guard referenceFrequency > 0, referenceFrequency.isFinite else {
            throw FitError.invalidData("reference frequency must be positive (got \(referenceFrequency) Hz)")
        }
        let shifts = zip(measured, modelled).map { log10($0) - log10($1) }
        let meanShift = shifts.reduce(0, +) / Double(shifts.count)
        let rms = (shifts.reduce(0) { $0 + pow($1 - meanShift, 2) } / Double(shifts.count)).squareRoot()
        return AttemptFrequencyFit(common: referenceFrequency * pow(10, meanShift),
                                   perPoint: shifts.map { referenceFrequency * pow(10, $0) },
                                   residualRMSLog10: rms)
    }
}

/// Standard errors of (V0, σ_ε) fitted to activation energies (docs/model.md §8).
public struct EnergyScaleErrors: Sendable, Equatable {
    /// Standard error of V0 in eV.
    public let v0: Double
    /// Standard error of σ_ε (dimensionless).
    public let sigma: Double
}

extension ParameterFit {
    /// Standard errors of the fitted (V0, σ_ε) by linear propagation (the delta method) through
    /// the fit's optimality condition.
    ///
    /// Both fits choose σ_ε so that the model vector c(σ_ε) = (c_x) points along the measured
    /// E = (E_x) as closely as possible: they maximise (Σ E c)²/Σ c², i.e. solve
    ///   G(σ) = (Σ E c′)(Σ c²) − (Σ E c)(Σ c c′) = 0
    /// (for two points this is exactly the ratio condition of `endMemberFit`), and then
    /// V0 = Σ E c/Σ c². Perturbing the inputs — each E_x by its measurement error, each c_x by
    /// its Monte Carlo error (an offset independent of σ_ε under common random numbers) — moves
    /// the root by dσ = −(∂G/∂θ)/(∂G/∂σ) dθ, and V0 by its direct dependence plus dV0/dσ · dσ.
    /// The inputs are independent, so the variances add.
    ///
    /// - Parameters:
    ///   - measured: E_x in eV at the points used; `measuredErrors` their standard errors (0 when
    ///     the data carry none: then only the model's error is propagated).
    ///   - reduced: c_x(σ̂) (mean Δ_c at V0 = 1 eV) with `reducedErrors` their standard errors.
    ///   - slope: dc_x/dσ at σ̂; `curvature`: d²c_x/dσ² at σ̂ (it enters only through the residuals,
    ///     and cancels when the model fits exactly).
    public static func energyScaleErrors(measured: [Double], measuredErrors: [Double],
                                         reduced c: [Double], reducedErrors: [Double],
                                         slope d: [Double], curvature dd: [Double]) throws -> EnergyScaleErrors {
        let n = measured.count
        guard n >= 2, [measuredErrors.count, c.count, reducedErrors.count, d.count, dd.count].allSatisfy({ $0 == n }) else {
            throw FitError.invalidData("the error propagation needs equally many (≥ 2) measured and model values")
        }
        let e = measured
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let p = dot(e, c), q = dot(c, c), pd = dot(e, d), cd = dot(c, d)
        // ∂G/∂σ
        let gSigma = dot(e, dd) * q + pd * cd - p * (dot(d, d) + dot(c, dd))
        guard gSigma != 0, gSigma.isFinite else {
            throw FitError.notBracketed("the model does not change with σ_ε at the fitted value; no standard error")
        }
        let v0Sigma = (pd * q - p * 2 * cd) / (q * q)     // dV0/dσ at fixed E, c
        var varSigma = 0.0, varV0 = 0.0
        for k in 0..<n {
            // Measured E_k.
            let sE = -(d[k] * q - c[k] * cd) / gSigma
            let vE = c[k] / q + v0Sigma * sE
            varSigma += sE * sE * measuredErrors[k] * measuredErrors[k]
            varV0 += vE * vE * measuredErrors[k] * measuredErrors[k]
            // Model offset ε_k on c_k.
            let sC = -(2 * pd * c[k] - e[k] * cd - p * d[k]) / gSigma
            let vC = e[k] / q - 2 * p * c[k] / (q * q) + v0Sigma * sC
            varSigma += sC * sC * reducedErrors[k] * reducedErrors[k]
            varV0 += vC * vC * reducedErrors[k] * reducedErrors[k]
        }
        return EnergyScaleErrors(v0: varV0.squareRoot(), sigma: varSigma.squareRoot())
    }
}
