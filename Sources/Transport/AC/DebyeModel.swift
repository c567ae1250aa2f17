import Numerics
import Foundation

/// σ(s) of a periodic network as a sum of Debye relaxations (docs/model.md §14),
///
///   σ(s)·V = σ₀·V + Σ_k p_k s/(μ_k + s) + s·K,   p_k, μ_k > 0, K ≥ 0,
///
/// in the scaled units of its window (conductance g_s, Laplace variable s̃ = s·C_s/g_s). A Debye
/// sum is a Stieltjes function: Re σ(iω) rises with ω, Im σ(iω) > 0, and σ' and σ'' obey the
/// Kramers–Kronig relations exactly, whatever the accuracy of p_k and μ_k.
struct DebyeModel: Sendable {
    /// σ̃₀·V, the dc conductance of the windowed network (≥ 0).
    let dc: Double
    /// Relaxation rates μ_k and weights p_k (scaled).
    let rates: [Double]
    let weights: [Double]
    /// K̃: capacitive energy of the super-nodes' fixed offsets (`ACWindow.polarisation`).
    let polarisation: Double
    /// dσ̃/ds̃ at s̃ → 0, times V: U₀ᵀC̃U₀ + K̃ (s₁·V in scaled units), from the dc solution itself.
    /// The model's own Σ p_k/μ_k + K̃ equals it in exact arithmetic.
    let lowFrequencySlope: Double

    /// σ̃(s)·V at a complex s̃ with Re s̃ ≥ 0.
    func value(at s: Complex<Double>) -> Complex<Double> {
        var sum = Complex(dc) + s * Complex(polarisation)
        for (mu, p) in zip(rates, weights) {
            sum = sum + Complex(p) * s / (Complex(mu) + s)
        }
        return sum
    }
}
