import Foundation
import Synchronization
import Testing
@testable import Landscape
@testable import Transport

/// The parallel disorder-average runner (docs/model.md §3 reproducibility, §5 disorder average).
@Suite struct RealisationSweepTests {
    /// Mean and standard error of f(p, r) = r² + p for r = 0…R−1 against closed forms:
    /// mean = p + (R−1)(2R−1)/6, and Σ(r² − mean)² from the power sums of r.
    @Test func averagesMatchClosedForms() throws {
        let r = 9
        let averages = try RealisationSweep(pointCount: 3, realisations: r, threads: 2).run { p, k in
            Double(k * k + p)
        }
        let n = Double(r)
        let s2 = (n - 1) * n * (2 * n - 1) / 6           // Σ r²
        let s4 = (n - 1) * n * (2 * n - 1) * (3 * (n - 1) * (n - 1) + 3 * (n - 1) - 1) / 30   // Σ r⁴
        let variance = (s4 - s2 * s2 / n) / (n - 1)
        for (p, average) in averages.enumerated() {
            // Integers below 2⁵³ sum exactly; the mean and SE involve a few roundings each.
            #expect(abs(average.mean - (Double(p) + s2 / n)) <= 1e-13)
            #expect(abs(average.standardError! - (variance / n).squareRoot()) <= 1e-13)
            #expect(average.values == (0..<r).map { Double($0 * $0 + p) })
        }
        #expect(try DisorderAverage(values: [2.5]).standardError == nil)
    }

    /// Δ_c sweeps over Gaussian landscapes seeded by (point, realisation) are bit-identical for
    /// 1, 2 and 5 threads.
    @Test func criticalBarrierSweepIsThreadCountIndependent() throws {
        let runs = try [1, 2, 5].map { threads in
            try RealisationSweep(pointCount: 2, realisations: 4, threads: threads).criticalBarriers(hopBarrier: 0.064) { p, r in
                try gaussianLandscape(edge: 8, seed: UInt64(100 * p + r + 1), scale: Double(p + 1) * 0.2)
            }
        }
        #expect(runs[0] == runs[1])
        #expect(runs[0] == runs[2])
        // Each value is the Δ_c of its own landscape.
        let direct = try CriticalBarrier.of(gaussianLandscape(edge: 8, seed: 103, scale: 0.4), hopBarrier: 0.064).value
        #expect(runs[0][1].values[2] == direct)
    }

    /// Progress arrives once per job, serialised, counting 1…total.
    @Test func progressCountsEveryJob() throws {
        let seen = Mutex<[Int]>([])
        _ = try RealisationSweep(pointCount: 3, realisations: 5, threads: 3).run(progress: { done, total in
            #expect(total == 15)
            seen.withLock { $0.append(done) }
        }) { p, r in Double(p + r) }
        #expect(seen.withLock { $0 } == Array(1...15))
    }

    struct Failure: Error, Equatable { let job: Int }

    /// With several failing jobs the lowest-index failure is reported, for any thread count.
    @Test(arguments: [1, 2, 4])
    func lowestFailingJobIsReported(threads: Int) throws {
        let sweep = try RealisationSweep(pointCount: 4, realisations: 5, threads: threads)
        #expect(throws: Failure(job: 7)) {
            try sweep.run { p, r throws(Failure) in
                let job = 5 * p + r
                if job == 7 || job == 12 || job == 18 { throw Failure(job: job) }
                return Double(job)
            }
        }
    }

    @Test func invalidSweepsAreErrors() {
        #expect(throws: TransportError.invalidParameter(name: "threads", value: "0", accepted: "≥ 1")) {
            try RealisationSweep(pointCount: 1, realisations: 1, threads: 0)
        }
        #expect(throws: TransportError.self) { try RealisationSweep(pointCount: 1, realisations: 0, threads: 1) }
        #expect(throws: TransportError.self) { try RealisationSweep(pointCount: 0, realisations: 1, threads: 1) }
        #expect(throws: TransportError.self) {
            try RealisationSweep(pointCount: 1, realisations: 1, threads: 1).criticalBarriers(hopBarrier: -1) { _, _ in
                try gaussianLandscape(edge: 4, seed: 1, scale: 0.2)
            }
        }
    }
}
