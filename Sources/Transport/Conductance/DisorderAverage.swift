import Foundation

/// Disorder average of σ_dc over realisations (SPEC §5–§6): mean and standard error of log10 σ
/// and of σ.
public struct DisorderAverage: Sendable, Equatable {
    /// σ_dc of each realisation, by realisation index (S/cm).
    public let sigmas: [Double]
    /// Realisations with a spanning cluster (σ > 0); log10 σ is averaged over these only.
    public let spanningCount: Int
    /// Mean of log10 σ over spanning realisations; nil if none spans.
    public let meanLog10Sigma: Double?
    /// Standard error of that mean; nil with fewer than two spanning realisations.
    public let standardErrorLog10Sigma: Double?
    /// Mean of σ over all realisations (non-spanning ones count as 0).
    public let meanSigma: Double
    /// Standard error of `meanSigma`; nil with fewer than two realisations.
    public let standardErrorSigma: Double?

    public init(sigmas: [Double]) {
        self.sigmas = sigmas
        let logs = sigmas.filter { $0 > 0 }.map { log10($0) }
        spanningCount = logs.count
        (meanLog10Sigma, standardErrorLog10Sigma) = Self.meanAndStandardError(logs)
        let (m, se) = Self.meanAndStandardError(sigmas)
        meanSigma = m ?? 0
        standardErrorSigma = se
    }

    /// Mean and standard error s/√n of the mean (sample standard deviation s, n − 1 denominator).
    static func meanAndStandardError(_ values: [Double]) -> (Double?, Double?) {
        guard !values.isEmpty else { return (nil, nil) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count >= 2 else { return (mean, nil) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (mean, (variance / n).squareRoot())
    }
}
