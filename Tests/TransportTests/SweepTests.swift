import Foundation
import Testing
import Landscape
@testable import Transport

@Suite struct SweepTests {
    /// Mean and standard error against a hand computation.
    @Test func disorderAverageStatistics() {
        let average = DisorderAverage(sigmas: [1e-3, 1e-2, 0, 1e-1])
        #expect(average.spanningCount == 3)
        // log10 values −3, −2, −1: mean −2, sample sd 1, se 1/√3 (exact small-integer arithmetic).
        #expect(average.meanLog10Sigma == -2)
        #expect(abs(average.standardErrorLog10Sigma! - 1 / 3.0.squareRoot()) <= 1e-15)
        #expect(abs(average.meanSigma - 0.111 / 4) <= 1e-17)
        #expect(DisorderAverage(sigmas: [0, 0]).meanLog10Sigma == nil)
        #expect(DisorderAverage(sigmas: [2e-3]).standardErrorSigma == nil)
    }

    /// Realisations stored by index: the same numbers for 1, 2 and 3 threads, equal to the
    /// sequential per-realisation σ, with one progress call per realisation.
    @Test func sweepIsBitIdenticalForAnyThreadCount() throws {
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064)
        let build: @Sendable (Int) throws -> SiteEnergyLandscape = { r in
            try NetworkFixtures.gaussianLandscape(edge: 6, width: 0.27, seed: 500 + UInt64(r))
        }
        let sequential = try (0..<5).map {
            try Conductivity.sigma(landscape: build($0), temperature: 403, hopping: hopping).sigma
        }
        let calls = Counter()
        for threads in 1...3 {
            let average = try ConductivitySweep.disorderAverage(
                realisations: 5, temperature: 403, hopping: hopping, threads: threads,
                progress: { _, _ in calls.increment() }, landscape: build)
            #expect(average.sigmas == sequential)
        }
        #expect(calls.value == 15)
    }

    @Test func sweepRejectsBadCounts() throws {
        let hopping = try HoppingParameters(attemptFrequency: 4e14, barrier: 0.064)
        #expect(throws: ConductivityError.self) {
            try ConductivitySweep.disorderAverage(realisations: 0, temperature: 403, hopping: hopping) { _ in
                try NetworkFixtures.gaussianLandscape(edge: 4, width: 0.27, seed: 1)
            }
        }
    }

    /// Invalid physical inputs are typed errors naming the input.
    @Test func invalidParametersAreReported() {
        #expect(throws: ConductivityError.invalidParameter(name: "attempt frequency ν", value: "-1.0 Hz",
                                                           accepted: "ν > 0, finite")) {
            try HoppingParameters(attemptFrequency: -1, barrier: 0.064)
        }
        #expect(throws: ConductivityError.self) { try WindowPolicy(initialWindow: 0.5) }
        #expect(throws: ConductivityError.self) {
            try ConductanceNetwork(roles: [.source, .drain], links: [(0, 0)], logConductances: [0])
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
