import Foundation
import Numerics

/// The Fourier–Laplace transform of the x-current autocorrelation of a KMC run, the kinetic
/// estimate of σ(s) (docs/kmc.md, "ac conductivity"). With the collective x-displacement making
/// steps δ_k = ±1 (units of a) at times t_k, over a run of duration T,
///
///   Ŝ(s) = T⁻¹ [½ Σ_k δ_k² + Σ_{k<l} δ_k δ_l e^{−s(t_l − t_k)}],
///
/// whose expectation is ∫₀^∞ ⟨v_x(0) v_x(t)⟩ e^{−st} dt for the displacement rate v_x (the
/// velocity's δ-peak at t = 0 counted once), so σ(s) = e²Ŝ/(k_B T a N_L³) (linear response:
/// Kubo's formula). Updated in O(1) per step and value of s: R ← R e^{−sΔt}, Ŝ += δR + ½δ², R += δ.
/// For Re s > 0 the kernel decays, so no long-time truncation is needed.
struct CurrentCorrelation {
    let laplaceVariables: [Complex<Double>]
    private var memory: [Complex<Double>]
    private var sum: [Complex<Double>]
    private var lastTime: Double

    /// `laplaceVariables` in units of Γ0 (the run's time unit), each with Re s > 0.
    init(laplaceVariables: [Complex<Double>], start: Double) {
        self.laplaceVariables = laplaceVariables
        memory = [Complex<Double>](repeating: .zero, count: laplaceVariables.count)
        sum = memory
        lastTime = start
    }

    /// One x-step δ (±1) of the collective displacement at `time`.
    mutating func add(step: Double, at time: Double) {
        let dt = time - lastTime
        lastTime = time
        for m in laplaceVariables.indices {
            memory[m] = memory[m] * Complex.exp(-laplaceVariables[m] * Complex(dt))
            sum[m] = sum[m] + Complex(step) * memory[m] + Complex(0.5 * step * step)
            memory[m] = memory[m] + Complex(step)
        }
    }

    /// Ŝ(s) for a run of `duration` (units of Γ0: Ŝ in steps² per unit time).
    func transform(duration: Double) -> [Complex<Double>] {
        sum.map { $0 / Complex(duration) }
    }
}
