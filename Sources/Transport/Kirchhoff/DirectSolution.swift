import Foundation

/// Something route 1 met and handled, recorded in its result.
public enum DirectSolveEvent: Sendable, Equatable, Codable {
    /// CHOLMOD found the windowed matrix not positive definite at window W (pivot in factor order).
    case notPositiveDefinite(window: Double, pivot: Int)
    /// Window W's bracket came out wider than the narrower window's (the solve lost accuracy);
    /// widening stopped and the narrower window's result was kept.
    case widerBracket(window: Double, relativeWidth: Double)
    /// Widening stopped because the next window's kept conductances span more than the limit.
    case spreadLimit(window: Double, spread: Double)
    /// No window could be solved; G_tot comes from route 2 (Kron reduction).
    case fellBackToKron
    /// The returned bracket is wider than the tolerance (a fixed window, or widening stopped).
    case toleranceNotMet(relativeWidth: Double)
}

/// One window route 1 solved: W and its bracket's relative width (G_hi − G_lo)/G_lo.
public struct WindowTry: Sendable, Equatable, Codable {
    public let window: Double
    public let relativeWidth: Double
}

/// Result of route 1.
public struct DirectSolution: Sendable, Codable {
    /// log G_tot: the midpoint (G_lo + G_hi)/2 of the certified bracket, so that
    /// |G − G_tot| ≤ (G_hi − G_lo)/2 holds rigorously.
    public let logTotalConductance: Double
    /// The certified bracket on the true network's G_tot.
    public let bracket: ConductanceBracket
    /// The window W of the returned value (0 when route 2 supplied it).
    public let window: Double
    /// Unknowns of the factorised system (interior super-nodes left after the exact reductions).
    public let solvedSize: Int
    /// True when the returned window held the whole network (nothing contracted or dropped).
    public let coversWholeNetwork: Bool
    /// Every window solved, in order, with its bracket's relative width.
    public let tried: [WindowTry]
    /// What happened on the way.
    public let events: [DirectSolveEvent]

    /// G_tot (underflows to 0 below ~1e-308; use `logTotalConductance`).
    public var totalConductance: Double { exp(logTotalConductance) }
}
