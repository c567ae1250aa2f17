/// Floating-point error constants of the certified bounds (docs/certified-conductivity.md).
enum Rounding {
    /// The unit roundoff u = 2⁻⁵³ of round-to-nearest doubles.
    static let unit = 0x1p-53

    /// Higham's γ_k = k·u/(1 − k·u), which bounds the relative error of k roundings: a sum of k
    /// non-negative terms, or a product of k factors (Higham, *Accuracy and Stability of
    /// Numerical Algorithms*, §3.1).
    static func gamma(_ k: Double) -> Double {
        let ku = k * unit
        return ku / (1 - ku)
    }
}
