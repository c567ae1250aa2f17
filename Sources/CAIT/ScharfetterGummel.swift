import Foundation

/// Bernoulli function B(x) = x/(eˣ − 1) and its derivative, the weights of the
/// Scharfetter–Gummel flux (docs/model.md §9 numerics).
///
/// For a species of charge number z between a left and a right node, with Δψ = ψ_R − ψ_L in
/// thermal voltages, the scaled flux J/n_b = (D/h)·[B(zΔψ)·u_L − B(−zΔψ)·u_R] is exact for a
/// constant flux and a linear potential across the face, and reduces to central differences
/// as Δψ → 0 and to upwinding as |Δψ| → ∞.
enum Bernoulli {
    /// B(x), evaluated without overflow (e^{−x} form for x > 0) and by its series near 0.
    @inline(__always) static func value(_ x: Double) -> Double {
        let ax = abs(x)
        if ax < 1e-3 { return 1 - x / 2 + x * x / 12 - x * x * x * x / 720 }
        if x > 0 {
            let e = exp(-x)
            return x * e / -expm1(-x)
        }
        return x / expm1(x)
    }

    /// B′(x) = (eˣ − 1 − x eˣ)/(eˣ − 1)²; series −½ + x/6 − x³/180 + x⁵/5040 for |x| < 0.1
    /// (next term x⁷/1.2e6 < 1e-13), overflow-free forms outside.
    @inline(__always) static func derivative(_ x: Double) -> Double {
        if abs(x) < 0.1 {
            let x2 = x * x
            return -0.5 + x * (1.0 / 6 + x2 * (-1.0 / 180 + x2 / 5040))
        }
        if x > 0 {
            let e = exp(-x), m = -expm1(-x)  // 1 − e^{−x}
            return (e * m - x * e) / (m * m)
        }
        let e = exp(x), m = expm1(x)
        return (m - x * e) / (m * m)
    }
}
