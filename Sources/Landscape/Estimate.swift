/// A sample mean with its standard error (nil when it cannot be estimated from one sample): the
/// one definition of both that disorder averages, KMC estimators and checks use.
public struct Estimate: Sendable, Equatable {
    public let mean: Double
    public let standardError: Double?

    public init(mean: Double, standardError: Double?) {
        self.mean = mean
        self.standardError = standardError
    }

    /// Mean and s/√n (n − 1 in the variance) of the samples, in order.
    public init(samples: [Double]) {
        let n = Double(samples.count)
        let mean = samples.reduce(0, +) / n
        self.mean = mean
        if samples.count > 1 {
            let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            standardError = (variance / n).squareRoot()
        } else {
            standardError = nil
        }
    }

    /// The ratio of the means of paired samples, r = x̄/ȳ, with its first-order (delta-method)
    /// standard error √((s_x² − 2 r s_xy + r² s_y²)/n)/ȳ, s the sample (co)variances.
    public static func ratio(_ x: [Double], _ y: [Double]) -> Estimate {
        let n = Double(x.count)
        let (mx, my) = (x.reduce(0, +) / n, y.reduce(0, +) / n)
        let r = mx / my
        guard x.count > 1 else { return Estimate(mean: r, standardError: nil) }
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for (a, b) in zip(x, y) {
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
            sxy += (a - mx) * (b - my)
        }
        let variance = (sxx - 2 * r * sxy + r * r * syy) / (n - 1)
        return Estimate(mean: r, standardError: (max(variance, 0) / n).squareRoot() / abs(my))
    }
}
