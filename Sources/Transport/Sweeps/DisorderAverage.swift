import Landscape

/// Disorder average of one quantity over R realisations (docs/model.md §5: "the mean over R
/// realisations, with its standard error").
public struct DisorderAverage: Sendable, Equatable {
    /// Per-realisation values, in realisation order.
    public let values: [Double]
    /// Arithmetic mean, summed in realisation order (so it is bit-reproducible).
    public let mean: Double
    /// Standard error of the mean, s/√R with s the sample standard deviation (R − 1 in the
    /// denominator); nil for a single realisation, where it is undefined.
    public let standardError: Double?

    /// Accepts at least one value.
    public init(values: [Double]) throws(TransportError) {
        guard !values.isEmpty else {
            throw .invalidParameter(name: "realizations", value: "0", accepted: "≥ 1")
        }
        self.init(nonEmpty: values)
    }

    init(nonEmpty values: [Double]) {
        let estimate = Estimate(samples: values)
        self.values = values
        mean = estimate.mean
        standardError = estimate.standardError
    }
}
