import Foundation
import Testing
@testable import CAIT

/// Poisson coupling against the Gouy–Chapman double layer (set-up in `GouyChapmanBenchmark`).
@Suite struct GouyChapmanTests {
    @Test func matchesGouyChapmanProfile() throws {
        let benchmark = GouyChapmanBenchmark()
        let (coarse, lambda) = try benchmark.steadyState(cells: 100)
        let (fine, _) = try benchmark.steadyState(cells: 200)
        // The closed form is checked independently of the solver first: it satisfies
        // ψ″ = sinh(ψ)/λ² (central differences, h = λ/1000 ⇒ O(h²) ≈ 1e-6 relative).
        let h = lambda / 1000
        for z in [0.5 * lambda, lambda, 3 * lambda] {
            let psi = { benchmark.exactPotential(depth: $0, screeningLength: lambda) }
            let second = (psi(z + h) - 2 * psi(z) + psi(z - h)) / (h * h)
            #expect(abs(second * lambda * lambda / sinh(psi(z)) - 1) <= 1e-5)
        }
        let coarseError = benchmark.maximumError(of: coarse, screeningLength: lambda)
        let fineError = benchmark.maximumError(of: fine, screeningLength: lambda)
        // Second-order finite volumes: the error falls ≈ 4× per halving (3…5 allows the graded grid's
        // pre-asymptotic terms); the truncated domain (d = 23 λ) adds only ~e^{−23}.
        #expect(coarseError / fineError > 3 && coarseError / fineError < 5, "errors \(coarseError), \(fineError)")
        // With 200 cells (Δz ≤ 0.6 nm ≈ λ/4 where ψ varies) the O(Δz²) error is a few 1e-3 of ψ0 = 4.
        #expect(fineError <= 0.01, "max |ψ − ψ_GC| = \(fineError)")
        // Boltzmann populations at steady state: n1 n2 = n_b² exactly when both fluxes vanish.
        for (u1, u2) in zip(fine.nativeFraction, fine.foreignFraction) {
            // SG makes the discrete fluxes vanish only for exact Boltzmann ratios between
            // neighbours, so the product is 1 to within the O(Δz²) error.
            #expect(abs(u1 * u2 - 1) <= 0.02)
        }
    }
}
