import Testing
@testable import Transport

@Suite struct SplitMix64StreamTests {
    /// From state 0 the generator must reproduce the reference splitmix64.c (Vigna,
    /// prng.di.unimi.it) outputs 16294208416658607535, 7960286522194355700, 487617019471545679.
    @Test func matchesReferenceSequence() {
        var stream = SplitMix64Stream(seed: 0)
        stream.state = 0
        #expect([stream.next(), stream.next(), stream.next()]
                == [16294208416658607535, 7960286522194355700, 487617019471545679])
    }

    /// Streams of different (point, realisation) differ; the same indices repeat exactly; the
    /// mean of n uniforms lies within 4 standard errors √(1/(12n)) of ½.
    @Test func streamsAreDistinctAndUniform() {
        var a = SplitMix64Stream(seed: 7, indices: [1, 2]), b = SplitMix64Stream(seed: 7, indices: [2, 1])
        var c = SplitMix64Stream(seed: 7, indices: [1, 2])
        let first = (0..<4).map { _ in a.next() }
        #expect(first != (0..<4).map { _ in b.next() })
        #expect(first == (0..<4).map { _ in c.next() })
        let n = 100_000
        var sum = 0.0, outside = 0
        for _ in 0..<n {
            let u = a.nextUniform()
            if !(u >= 0 && u < 1) { outside += 1 }
            sum += u
        }
        #expect(outside == 0)
        #expect(abs(sum / Double(n) - 0.5) <= 4 * (1.0 / (12 * Double(n))).squareRoot())
    }
}
