import Foundation
import Testing
import Landscape
@testable import Transport

@Suite struct SweepTests {
    /// log10 statistics over the spanning realisations only, the mean σ over all (non-spanning
    /// counted as 0), and the largest bracket half-width.
    @Test func conductivityAverageStatistics() {
        let logs = [1e-3, 1e-2, 0, 1e-1].map { log($0) }
        let average = ConductivityAverage(logSigmas: logs, relativeHalfWidths: [1e-4, 3e-4, 0, 2e-4])
        #expect(average.spanningCount == 3 && average.realisations == 4)
        // log10 values −3, −2, −1: mean −2, sample sd 1, se 1/√3 (small-integer arithmetic, exact
        // up to the rounding of ln and of the division by ln 10, a few 1e-16).
        #expect(abs(average.log10Sigma!.mean + 2) <= 1e-15)
        #expect(abs(average.log10Sigma!.standardError! - 1 / 3.0.squareRoot()) <= 1e-15)
        // Mean σ = 0.111/4, summed in log space: a few ulp of the exps and logs.
        #expect(abs(exp(average.logMeanSigma) / (0.111 / 4) - 1) <= 1e-14)
        #expect(average.largestRelativeHalfWidth == 3e-4)
        let none = ConductivityAverage(logSigmas: [-.infinity, -.infinity], relativeHalfWidths: [0, 0])
        #expect(none.log10Sigma == nil && none.logMeanSigma == -.infinity)
    }

    /// σ far below the smallest Double (ln σ = −2000 and −2002) still counts as spanning, and
    /// its mean is exact in log space: ln((e^−2000 + e^−2002)/2) = −2000 + ln((1 + e^−2)/2).
    @Test func conductivityAverageBelowDoubleRange() {
        let average = ConductivityAverage(logSigmas: [-2000, -2002], relativeHalfWidths: [0, 0])
        #expect(average.spanningCount == 2)
        #expect(abs(average.logMeanSigma - (-2000 + log((1 + exp(-2.0)) / 2))) <= 1e-12)
    }

    /// Realisations stored by index: the same numbers for 1, 2 and 3 threads, equal to the
    /// sequential per-realisation σ with the sweep's policy (fronts this small never reach
    /// threaded BLAS), one progress call each.
    @Test func sweepIsBitIdenticalForAnyThreadCount() throws {
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064)
        let build: @Sendable (Int, Int) throws -> SiteEnergyLandscape = { p, r in
            try gaussianLandscape(edge: 6, seed: 500 + UInt64(10 * p + r), scale: 0.27)
        }
        let sequential = try (0..<2).map { p in
            try (0..<3).map { r in
                try Conductivity.sigma(landscape: build(p, r), temperature: 403, hopping: hopping,
                                       policy: WindowPolicy().forRealisationSweeps).logSigma
            }
        }
        let calls = Counter()
        for threads in 1...3 {
            let averages = try RealisationSweep(pointCount: 2, realisations: 3, threads: threads)
                .conductivities(temperature: 403, hopping: hopping, progress: { _, _ in calls.increment() },
                                landscape: build)
            #expect(averages.map(\.logSigmas) == sequential)
        }
        #expect(calls.value == 18)
    }

    /// Invalid physical inputs are typed errors naming the input.
    @Test func invalidParametersAreReported() throws {
        #expect(throws: TransportError.invalidParameter(name: "attempt frequency ν", value: "-1.0 Hz",
                                                        accepted: "ν > 0, finite")) {
            try HoppingParameters(attemptFrequency: -1, barrier: 0.064)
        }
        #expect(throws: TransportError.self) { try WindowPolicy(initialWindow: 0.5) }
        #expect(throws: TransportError.self) {
            try ConductanceNetwork(roles: [.source, .drain], links: [(0, 0)], logConductances: [0])
        }
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064)
        #expect(throws: TransportError.self) {
            try RealisationSweep(pointCount: 1, realisations: 1, threads: 1).conductivities(temperature: -3, hopping: hopping) { _, _ in
                try gaussianLandscape(edge: 4, seed: 1, scale: 0.27)
            }
        }
    }
}

/// Thread-safe call counter for the progress callback.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
