import Foundation
import Landscape
import SparseSolvers
import WorkUnits

/// Disorder average of σ_dc at one composition point and temperature (docs/model.md,
/// "Conductance network"). Every σ is held as a logarithm, so a realisation with σ far below the
/// smallest Double still counts as spanning; only "no spanning cluster" is σ = 0.
public struct ConductivityAverage: Sendable, Equatable {
    /// ln σ per realisation (σ in S/cm), in realisation order; −∞ where no cluster spans.
    public let logSigmas: [Double]
    /// log10 σ over the spanning realisations; nil when none spans.
    public let log10Sigma: DisorderAverage?
    /// ln of the mean σ over all realisations, the non-spanning ones counted as 0 (−∞ when none
    /// spans), summed in log space in realisation order.
    public let logMeanSigma: Double
    /// Largest relative half-width (σ_hi − σ_lo)/(2σ) of the certified brackets.
    public let largestRelativeHalfWidth: Double

    /// Realisations averaged.
    public var realisations: Int { logSigmas.count }
    /// Realisations with a spanning cluster.
    public var spanningCount: Int { log10Sigma?.values.count ?? 0 }

    /// - Parameters:
    ///   - logSigmas: ln σ per realisation (−∞: no spanning cluster); at least one.
    ///   - relativeHalfWidths: the bracket's relative half-width per realisation.
    public init(logSigmas: [Double], relativeHalfWidths: [Double]) {
        precondition(!logSigmas.isEmpty && logSigmas.count == relativeHalfWidths.count)
        self.logSigmas = logSigmas
        let spanning = logSigmas.filter { $0 > -.infinity }
        log10Sigma = spanning.isEmpty ? nil : DisorderAverage(nonEmpty: spanning.map { $0 / M_LN10 })
        if let largest = spanning.max() {
            var sum = 0.0
            for v in spanning { sum += exp(v - largest) }
            logMeanSigma = largest + log(sum / Double(logSigmas.count))
        } else {
            logMeanSigma = -.infinity
        }
        largestRelativeHalfWidth = relativeHalfWidths.max() ?? 0
    }

    /// From per-realisation results.
    public init(_ results: [ConductivityResult]) {
        self.init(logSigmas: results.map(\.logSigma), relativeHalfWidths: results.map(\.relativeHalfWidth))
    }
}

extension RealisationSweep {
    /// σ_dc(x, T) with disorder averages: one σ per (point, realisation), by index, so the result
    /// is bit-identical for any thread count. BLAS is set to one thread whatever `threads` is, so
    /// its reduction order cannot depend on it either (and left there: the count is process-wide,
    /// and restoring it would race with other solves). Route 1 runs with `WindowPolicy.forRealisationSweeps`
    /// (AMD ordering: METIS analyses are serialised).
    ///
    /// `landscape(point, realisation)` builds the landscape of that job with its own random stream.
    public func conductivities(temperature: Double, hopping: HoppingParameters,
                               route: KirchhoffRoute = .sparseDirect, policy: WindowPolicy = WindowPolicy(),
                               progress: (@Sendable (_ completed: Int, _ total: Int) -> Void)? = nil,
                               landscape: @Sendable (_ point: Int, _ realisation: Int) throws -> SiteEnergyLandscape)
        throws -> [ConductivityAverage] {
        guard temperature.isFinite, temperature > 0 else {
            throw TransportError.invalidParameter(name: "temperature", value: "\(temperature) K", accepted: "T > 0 K, finite")
        }
        let sequential = policy.forRealisationSweeps
        BLASThreads.set(1)
        let realisations = self.realisations
        let results = try LocalUnits.run(count: jobCount, threads: threads, progress: progress) { job in
            try Conductivity.sigma(landscape: landscape(job / realisations, job % realisations), temperature: temperature,
                                   hopping: hopping, route: route, policy: sequential)
        }
        return (0..<pointCount).map { p in
            ConductivityAverage(Array(results[(p * realisations)..<((p + 1) * realisations)]))
        }
    }
}
