import Foundation
import Landscape
import SparseSolvers

/// Disorder average of σ_dc at one composition point and temperature (SPEC §6).
public struct ConductivityAverage: Sendable, Equatable {
    /// σ_dc per realisation in S/cm (0 where no cluster spans), mean and standard error.
    public let sigma: DisorderAverage
    /// log10 σ over the spanning realisations; nil when none spans.
    public let log10Sigma: DisorderAverage?

    /// Realisations with a spanning cluster (σ > 0).
    public var spanningCount: Int { log10Sigma?.values.count ?? 0 }

    /// Averages of σ (zeros included) and of log10 σ over the spanning realisations.
    public init(sigmas: DisorderAverage) {
        sigma = sigmas
        let logs = sigmas.values.filter { $0 > 0 }.map { log10($0) }
        log10Sigma = logs.isEmpty ? nil : DisorderAverage(nonEmpty: logs)
    }
}

extension RealisationSweep {
    /// σ_dc(x, T) with disorder averages: one σ per (point, realisation), by index, so the result
    /// is bit-identical for any thread count. BLAS is set to one thread whatever `threads` is, so
    /// its reduction order cannot depend on it either (and left there: the count is process-wide,
    /// and restoring it would race with other solves). Route 1 runs with `WindowPolicy.forRealisationSweeps`:
    /// windows one after another and AMD ordering (METIS is not thread-safe).
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
        return try run(progress: progress) { point, realisation in
            try Conductivity.sigma(landscape: landscape(point, realisation), temperature: temperature,
                                   hopping: hopping, route: route, policy: sequential).sigma
        }.map(ConductivityAverage.init(sigmas:))
    }
}
