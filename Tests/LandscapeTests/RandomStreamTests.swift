import Testing
@testable import Landscape

@Suite struct RandomStreamTests {
    /// Published reference outputs: xoshiro256** from state (1,2,3,4) (Blackman & Vigna's
    /// reference C code, as in rand_xoshiro's tests) and SplitMix64 from state 0.
    @Test func generatorsMatchPublishedVectors() {
        var x = RandomStream(state: (1, 2, 3, 4))
        let expected: [UInt64] = [11520, 0, 1509978240, 1215971899390074240, 1216172134540287360,
                                  607988272756665600, 16172922978634559625, 8476171486693032832,
                                  10595114339597558777, 2904607092377533576]
        #expect((0..<10).map { _ in x.next() } == expected)
        var s = SplitMix64(state: 0)
        #expect((0..<4).map { _ in s.next() }
                == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
    }

    /// Streams of different (seed, point, realisation) differ; the same key repeats exactly.
    @Test func streamsAreKeyed() {
        func firstDraws(_ s: UInt64, _ p: UInt64, _ r: UInt64) -> [UInt64] {
            var g = RandomStream(seed: s, point: p, realisation: r)
            return (0..<4).map { _ in g.next() }
        }
        #expect(firstDraws(7, 3, 2) == firstDraws(7, 3, 2))
        let keys: [(UInt64, UInt64, UInt64)] = [(7, 3, 2), (8, 3, 2), (7, 4, 2), (7, 3, 3), (7, 2, 3)]
        #expect(Set(keys.map { firstDraws($0.0, $0.1, $0.2) }).count == keys.count)
        #expect(RandomStream.pointKey(x: 0, y: 0.33) == RandomStream.pointKey(x: -0.0, y: 0.33))
    }

    /// N(0,1): sample mean and variance against 0 and 1 within 4 standard errors
    /// (SE of the mean 1/√n; SE of the variance √(2/n) for a normal), over 20 seeds pooled.
    @Test func normalHasUnitVariance() {
        let n = 20 * 5000
        var sum = 0.0, sumSquares = 0.0, sumFourth = 0.0
        for seed in 0..<20 {
            var g = RandomStream(seed: UInt64(seed), point: 0, realisation: 0)
            for _ in 0..<5000 {
                let z = g.normal()
                sum += z; sumSquares += z * z; sumFourth += z * z * z * z
            }
        }
        let mean = sum / Double(n), variance = sumSquares / Double(n)
        #expect(abs(mean) <= 4 / Double(n).squareRoot())
        #expect(abs(variance - 1) <= 4 * (2 / Double(n)).squareRoot())
        // Kurtosis 3 of the normal; SE of the fourth moment √(96/n).
        #expect(abs(sumFourth / Double(n) - 3) <= 4 * (96 / Double(n)).squareRoot())
    }

    /// index(below: 7) is uniform: chi-square over 7 cells below the 0.9999 quantile of χ²(6), 27.9.
    @Test func boundedIndexIsUniform() {
        var g = RandomStream(seed: 1, point: 2, realisation: 3)
        var counts = [Int](repeating: 0, count: 7)
        let n = 70_000
        for _ in 0..<n { counts[g.index(below: 7)] += 1 }
        let expected = Double(n) / 7
        let chi2 = counts.reduce(0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chi2 < 27.9)
    }
}
