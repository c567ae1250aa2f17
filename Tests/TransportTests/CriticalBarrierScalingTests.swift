import Testing
@testable import Landscape
@testable import Transport

/// Scaling laws of Δ_c (docs/model.md §5, §8) on Gaussian landscapes, over several seeds.
///
/// Tolerances use that Δ_c is 1-Lipschitz in the link values under the max norm (the minimax
/// value of a bottleneck path moves by at most the largest change of any link value), so the
/// error of Δ_c is bounded by the rounding error of one Δ_ij.
@Suite struct CriticalBarrierScalingTests {
    static let seeds: [UInt64] = [11, 12, 13, 14, 15, 16]

    /// ε → ε + c with ε_F → ε_F + c. With energies on the grid 2⁻³⁰ (|ε| < 4) and c = 0.375,
    /// every shift, difference and half is exact, so Δ_c must be bit-identical.
    @Test(arguments: seeds)
    func invariantUnderExactEnergyShift(seed: UInt64) throws {
        let base = try gaussianLandscape(edge: 12, seed: seed, scale: 0.27, quantum: 0x1p-30)
        let shifted = shift(base, by: 0.375)
        #expect(try Occupation.fermiLevel(of: shifted) == Occupation.fermiLevel(of: base) + 0.375)
        #expect(try CriticalBarrier.of(shifted, hopBarrier: 0.064).value == CriticalBarrier.of(base, hopBarrier: 0.064).value)
    }

    /// The same with an inexact shift c = 0.3: each ε + c, each of the 3 differences, their
    /// sum, half and u0 add round once, each by ≤ 2⁻⁵³ of a magnitude ≤ M = max|ε| + c + u0,
    /// so one Δ_ij (and hence Δ_c) moves by ≤ ~10·2⁻⁵³·M; 1e-14·M bounds that with margin.
    @Test(arguments: seeds)
    func invariantUnderEnergyShift(seed: UInt64) throws {
        let base = try gaussianLandscape(edge: 12, seed: seed, scale: 0.27)
        let shifted = shift(base, by: 0.3)
        let magnitude = base.accessibleEnergies.map(abs).max()! + 0.3 + 0.064
        let d0 = try CriticalBarrier.of(base, hopBarrier: 0.064).value
        let d1 = try CriticalBarrier.of(shifted, hopBarrier: 0.064).value
        #expect(abs(d1 - d0) <= 1e-14 * magnitude)
    }

    /// Δ_c(λV0) = λ·Δ_c(V0) at fixed σ_ε and u0/V0: ε = V0·σ_ε·z with the same z, u0 = 0.1·V0.
    /// λ = 2 scales every operation exactly (a power of two), so equality is exact.
    @Test(arguments: seeds)
    func linearInEnergyScaleExactlyForPowerOfTwo(seed: UInt64) throws {
        let v0 = 0.64, sigma = 0.42
        let d1 = try CriticalBarrier.of(gaussianLandscape(edge: 12, seed: seed, scale: v0 * sigma), hopBarrier: 0.1 * v0)
        let d2 = try CriticalBarrier.of(gaussianLandscape(edge: 12, seed: seed, scale: 2 * v0 * sigma), hopBarrier: 0.1 * 2 * v0)
        #expect(d2.value == 2 * d1.value)
    }

    /// λ = 0.76/0.64 (na35 over li33). ε = (V0·σ)·z and u0 = 0.1·V0 are each rounded once
    /// relative to the exact λ-scaled values, and eq. (8b) adds ≤ 6 roundings: every Δ_ij is
    /// within ~10·2⁻⁵³ relative of λ·Δ_ij(V0) (all terms are non-negative, so relative errors do
    /// not amplify); 1e-14 relative bounds that with margin.
    @Test(arguments: seeds)
    func linearInEnergyScale(seed: UInt64) throws {
        let sigma = 0.42
        let d064 = try CriticalBarrier.of(gaussianLandscape(edge: 12, seed: seed, scale: 0.64 * sigma), hopBarrier: 0.064)
        let d076 = try CriticalBarrier.of(gaussianLandscape(edge: 12, seed: seed, scale: 0.76 * sigma), hopBarrier: 0.076)
        #expect(abs(d076.value - (0.76 / 0.64) * d064.value) <= 1e-14 * d076.value)
    }

    private func shift(_ landscape: SiteEnergyLandscape, by c: Double) -> SiteEnergyLandscape {
        SiteEnergyLandscape(lattice: landscape.lattice, energies: landscape.energies.map { $0 + c },
                            isAccessible: landscape.isAccessible, ionCount: landscape.ionCount)
    }
}
