import Foundation

/// A certified bracket G_lo ≤ G_tot ≤ G_hi (or σ_lo ≤ σ ≤ σ_hi), held as natural logarithms so
/// that neither end underflows (docs/certified-conductivity.md).
///
/// Every operation that makes a bracket from computed logarithms rounds outward: a logarithm L
/// formed from terms of total magnitude M (|log G| + |log g_b| + …) by a few roundings, each of
/// relative error ≤ u = 2⁻⁵³, is off by at most a few u·M, so each end moves out by
/// `roundingSlack(M)` = 4u·(M + 1). At 1 K a log σ of −7500 thus keeps a width of ~1e-11 instead of
/// rounding to a point.
public struct ConductanceBracket: Sendable, Equatable, Codable {
    public let logLower: Double
    public let logUpper: Double

    public init(logLower: Double, logUpper: Double) {
        self.logLower = logLower
        self.logUpper = logUpper
    }

    /// The bracket of a value exp(`logValue`) known to a relative `relative` (route 2's rounding
    /// bound, |G̃ − G| ≤ δG), with `logValue` formed from terms of total magnitude `magnitude`:
    /// log G ∈ [L + log(1 − δ), L + log(1 + δ)], widened by the rounding of L and of these sums.
    public init(logValue: Double, relative: Double, magnitude: Double) {
        let slack = Self.roundingSlack(magnitude + abs(logValue))
        logLower = relative < 1 ? logValue + log1p(-relative) - slack : -.infinity
        logUpper = logValue + log1p(relative) + slack
    }

    /// Outward allowance for a logarithm computed from terms of total magnitude `magnitude`.
    static func roundingSlack(_ magnitude: Double) -> Double { (magnitude + 1) * 4 * Rounding.unit }

    /// The bracket of c·G for c = exp(`logFactor`), rounded outward.
    func scaled(byLog logFactor: Double) -> ConductanceBracket {
        ConductanceBracket(logLower: logLower + logFactor - Self.roundingSlack(abs(logLower) + abs(logFactor)),
                           logUpper: logUpper + logFactor + Self.roundingSlack(abs(logUpper) + abs(logFactor)))
    }

    /// (G_hi − G_lo)/G_lo, the quantity the window tolerance bounds.
    public var relativeWidth: Double { expm1(logUpper - logLower) }

    /// log of the midpoint (G_lo + G_hi)/2 = log G_hi + log1p(G_lo/G_hi) − ln 2, which neither
    /// overflows however wide the bracket nor needs G_lo > 0.
    public var logMidpoint: Double {
        logUpper + log1p(exp(logLower - logUpper)) - M_LN2
    }

    /// (G_hi − G_lo)/(2G) for a value G = exp(`logValue`) inside the bracket: the relative
    /// half-width a result is quoted with.
    public func relativeHalfWidth(about logValue: Double) -> Double {
        (exp(logUpper - logValue) - exp(logLower - logValue)) / 2
    }

    /// Whether exp(`logValue`), known to within a relative `tolerance`, can lie in the bracket.
    public func contains(logValue: Double, tolerance: Double = 0) -> Bool {
        logValue + log1p(tolerance) >= logLower && logValue + log1p(-min(tolerance, 0.5)) <= logUpper
    }
}
