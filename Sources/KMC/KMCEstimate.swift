import Foundation
import Landscape

/// Transport coefficients from kinetic Monte Carlo with statistical errors (docs/kmc.md,
/// "Estimators"): D*, D_σ, σ = n e² D_σ/(k_B T), the Haven ratio H_R = D*/D_σ and the tracer
/// correlation factor f.
///
/// The samples are the independent runs (realisations, each the mean over its blocks) when
/// there are at least two; a single run's blocks otherwise. The first includes the
/// realisation-to-realisation scatter of the disorder, which is what the error of a disorder
/// average must include; blocks of one run measure the thermal noise of that landscape only.
/// H_R is the ratio of the mean D* to the mean D_σ (the ratio a macroscopic sample measures),
/// with its delta-method error.
public struct KMCTransport: Sendable {
    /// D* in m²/s.
    public let tracer: Estimate
    /// D_σ in m²/s.
    public let charge: Estimate
    /// σ in S/cm.
    public let conductivity: Estimate
    /// H_R = D*/D_σ; nil when D_σ = 0 (nothing moved: every run froze).
    public let havenRatio: Estimate?
    /// f; nil when no run made a hop in the second half of any block.
    public let correlationFactor: Estimate?
    public let realizations: Int
    /// Number of samples behind the errors (realisations, or blocks of the one run).
    public let samples: Int
    /// Runs that met the equilibration criterion.
    public let equilibratedRuns: Int
    /// Runs whose configuration froze (`KMCRunResult.frozenAfterHops`).
    public let frozenRuns: Int
    /// Mean first-half tracer estimate over mean D* (`KMCRunResult.earlyTracer`): ≈ 1 when the
    /// blocks are long enough for diffusive motion, > 1 while ions still rattle in place; nil
    /// when nothing moved.
    public let rattlingRatio: Double?

    public init(runs: [KMCRunResult]) throws(KMCError) {
        guard let first = runs.first else {
            throw .invalidParameter(name: "runs", value: "0", accepted: "≥ 1")
        }
        func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
        // f is defined by the blocks with hops in their second half only.
        let (tracer, charge, correlation): ([Double], [Double], [Double])
        if runs.count >= 2 {
            tracer = runs.map { mean($0.tracer) }
            charge = runs.map { mean($0.charge) }
            correlation = runs.compactMap { run in
                let defined = run.correlation.filter { !$0.isNaN }
                return defined.isEmpty ? nil : mean(defined)
            }
        } else {
            (tracer, charge, correlation) = (first.tracer, first.charge, first.correlation.filter { !$0.isNaN })
        }
        self.tracer = Estimate(samples: tracer)
        self.charge = Estimate(samples: charge)
        havenRatio = self.charge.mean > 0 ? Estimate.ratio(tracer, charge) : nil
        correlationFactor = correlation.isEmpty ? nil : Estimate(samples: correlation)
        // σ = n e² D_σ/(k_B T): e²/(k_B T) with k_B T in eV is e/(k_B T) in C/V; S/m → S/cm.
        let factor = first.ionDensity * PhysicalConstants.elementaryCharge / (PhysicalConstants.boltzmannEV * first.temperature) / 100
        conductivity = Estimate(mean: factor * self.charge.mean, standardError: self.charge.standardError.map { factor * $0 })
        realizations = runs.count
        samples = tracer.count
        equilibratedRuns = runs.filter(\.equilibrated).count
        frozenRuns = runs.filter { $0.frozenAfterHops != nil }.count
        let early = runs.reduce(0) { $0 + mean($1.earlyTracer) }, late = runs.reduce(0) { $0 + mean($1.tracer) }
        rattlingRatio = late > 0 ? early / late : nil
    }
}
