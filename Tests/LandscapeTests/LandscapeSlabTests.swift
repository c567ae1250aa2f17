import Foundation
import Glass
import Testing
@testable import Landscape

@Suite struct LandscapeSlabTests {
    /// Any split of the x planes into slabs gives, slab by slab, exactly (bit for bit) the energies
    /// and accessibility of the whole landscape, and the slabs' charge counts add up to the whole
    /// landscape's lost-charge fraction. Splits: 1–5 even slabs, uneven ones, single planes.
    @Test func slabsReproduceTheWholeLandscape() throws {
        let edge = 9
        let builder = try li33Builder(edge: edge)
        let whole = builder.build(seed: 11, realisation: 3)
        let plane = edge * edge
        var splits: [[Int]] = (1...5).map { ranks in (0...ranks).map { edge * $0 / ranks } }
        splits.append([0, 1, 2, 7, 9])
        splits.append(Array(0...edge))
        for bounds in splits {
            var total = 0, lost = 0
            for (first, end) in zip(bounds, bounds.dropFirst()) where end > first {
                let slab = builder.buildSlab(seed: 11, realisation: 3, planes: first..<end)
                let range = (first * plane)..<(end * plane)
                #expect(slab.energies.map(\.bitPattern) == whole.energies[range].map(\.bitPattern), "slab \(first)..<\(end)")
                #expect(slab.isAccessible == Array(whole.isAccessible[range]))
                #expect(slab.accessibleCount == whole.accessibleCount && slab.ionCount == whole.ionCount)
                total += slab.totalCharge; lost += slab.lostCharge
            }
            #expect(Double(lost) / Double(total) == whole.lostChargeFraction)
        }
    }

    /// Hypergeometric draws (N = 200, K = 70, n = 50, and a skewed N = 1000, K = 990, n = 30):
    /// every draw inside the support; mean and variance within 4 standard errors of
    /// nK/N and nK(N−K)(N−n)/(N²(N−1)) over 20 000 draws (the SE of the variance from the
    /// fourth central moment, estimated from the sample).
    @Test(arguments: [(200, 70, 50), (1000, 990, 30), (64, 64, 10), (50, 0, 20)])
    func hypergeometricMoments(population: Int, successes: Int, draws: Int) {
        var stream = RandomStream(seed: 4, point: 0, realisation: 0)
        let count = 20_000
        let samples = (0..<count).map { _ in Double(stream.hypergeometric(population: population, successes: successes, draws: draws)) }
        let low = Double(max(0, draws - (population - successes))), high = Double(min(draws, successes))
        #expect(samples.allSatisfy { $0 >= low && $0 <= high })
        let (n, k, d) = (Double(population), Double(successes), Double(draws))
        let mean = d * k / n
        let variance = d * k * (n - k) * (n - d) / (n * n * (n - 1))
        let sampleMean = samples.reduce(0, +) / Double(count)
        let centred = samples.map { $0 - sampleMean }
        let sampleVariance = centred.map { $0 * $0 }.reduce(0, +) / Double(count - 1)
        let fourth = centred.map { $0 * $0 * $0 * $0 }.reduce(0, +) / Double(count)
        #expect(abs(sampleMean - mean) <= 4 * (variance / Double(count)).squareRoot() + 1e-12)
        let varianceError = ((fourth - sampleVariance * sampleVariance) / Double(count)).squareRoot()
        #expect(abs(sampleVariance - variance) <= 4 * varianceError + 1e-12)
    }

    /// The blocked set is uniform over the lattice: over 400 realisations of a 4³ lattice with
    /// 30 blocked sites, each site's blocked frequency is within 4.5 binomial SE of 30/64 (4.5 so
    /// that 64 sites pass together with probability ≈ 0.9996), and so is each plane's mean count.
    @Test func blockingIsUniformOverPlanesAndSites() throws {
        let plane = 16, sites = 64, blocked = 30, runs = 400
        var perSite = [Int](repeating: 0, count: sites)
        var perPlane = [Int](repeating: 0, count: 4)
        for r in 0..<runs {
            var stream = RandomStream(seed: 8, point: 1, realisation: UInt64(r))
            let counts = SiteBlocking.planeCounts(planeCount: 4, planeSize: plane, blockedCount: blocked, stream: &stream)
            #expect(counts.reduce(0, +) == blocked)
            for (x, c) in counts.enumerated() {
                perPlane[x] += c
                var flags = [Bool](repeating: true, count: plane)
                flags.withUnsafeMutableBufferPointer { SiteBlocking.markAccessible($0, blockedCount: c, stream: &stream) }
                #expect(flags.filter { !$0 }.count == c)
                for (s, open) in flags.enumerated() where !open { perSite[x * plane + s] += 1 }
            }
        }
        let p = Double(blocked) / Double(sites)
        let siteSE = (p * (1 - p) / Double(runs)).squareRoot()
        for count in perSite { #expect(abs(Double(count) / Double(runs) - p) <= 4.5 * siteSE) }
        // A plane's count: hypergeometric with mean 16p and variance 16p(1−p)(64−16)/63.
        let planeSE = (16 * p * (1 - p) * 48 / 63 / Double(runs)).squareRoot()
        for total in perPlane { #expect(abs(Double(total) / Double(runs) - 16 * p) <= 4.5 * planeSE) }
    }
}
