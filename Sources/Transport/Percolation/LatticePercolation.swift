import Landscape

/// Plain site or bond percolation on the simple-cubic lattice.
public enum PercolationKind: String, Sendable, CaseIterable {
    /// Each site is occupied with probability p; links join occupied neighbours.
    case site
    /// Every site is present; each link is open with probability p.
    case bond
}

/// Spanning probability of plain site and bond percolation, computed with the same
/// union–find spanning search as Δ_c (docs/model.md §5 geometry: open in x, periodic in y and z,
/// spanning from plane x = 0 to plane x = N_L − 1). Used to validate the machinery against
/// the known simple-cubic thresholds.
///
/// One sample draws a uniform u ∈ [0, 1) per site (site) or per link (bond); a site or link
/// is occupied at p when u < p. The sample's spanning threshold p* is the first spanning link
/// value with link values max(u_i, u_j) (site) or u_ij (bond), and the sample spans at p
/// exactly when p* < p — so one sample answers every p at once.
public enum LatticePercolation {
    /// p* of sample `sample` under `seed`, drawn from its own stream (seed, point 0, realisation = sample).
    public static func spanningThreshold(_ kind: PercolationKind, lattice: CubicLattice,
                                         seed: UInt64, sample: Int) -> Double {
        var random = RandomStream(seed: seed, point: 0, realisation: UInt64(truncatingIfNeeded: sample))
        let all = [Bool](repeating: true, count: lattice.siteCount)
        let link: SpanningLink?
        switch kind {
        case .site:
            let u = (0..<lattice.siteCount).map { _ in random.uniform() }
            link = SpanningThreshold.firstSpanningLink(lattice: lattice, isAccessible: all) { max(u[$0], u[$1]) }
        case .bond:
            link = SpanningThreshold.firstSpanningLink(lattice: lattice, isAccessible: all) { _, _ in random.uniform() }
        }
        // With every link present the lattice spans, so a threshold always exists.
        return link!.value
    }

    /// p* of samples 0..<samples, computed in parallel; bit-identical for any thread count.
    public static func spanningThresholds(_ kind: PercolationKind, lattice: CubicLattice, samples: Int,
                                          seed: UInt64, threads: Int = 1) throws(TransportError) -> [Double] {
        let sweep = try RealisationSweep(pointCount: 1, realisations: samples, threads: threads)
        return sweep.run { _, sample in spanningThreshold(kind, lattice: lattice, seed: seed, sample: sample) }[0].values
    }

    /// Fraction of `samples` samples that span at occupation p, with its binomial standard error.
    public static func spanningProbability(_ kind: PercolationKind, lattice: CubicLattice, occupation p: Double,
                                           samples: Int, seed: UInt64,
                                           threads: Int = 1) throws(TransportError) -> (probability: Double, standardError: Double) {
        guard p >= 0 && p <= 1 else {
            throw .invalidParameter(name: "occupation p", value: "\(p)", accepted: "0 ≤ p ≤ 1")
        }
        let thresholds = try spanningThresholds(kind, lattice: lattice, samples: samples, seed: seed, threads: threads)
        let spanning = Double(thresholds.lazy.filter { $0 < p }.count)
        let n = Double(samples)
        let probability = spanning / n
        return (probability, (probability * (1 - probability) / n).squareRoot())
    }
}
