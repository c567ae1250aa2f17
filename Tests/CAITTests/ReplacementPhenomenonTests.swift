import Foundation
import Testing
@testable import CAIT

/// Seed 002's phenomenon (issue 6): a Gaussian SED of FWHM 250 meV, constant D_foreign and
/// D_bulk ≫ D_foreign give a sharp front, a native plateau whose level falls as D_foreign falls
/// (K⁺ > Rb⁺ > Cs⁺), and D_native spanning ≥ 4 decades between n/n_b = 1 and the plateau.
@Suite struct ReplacementPhenomenonTests {
    /// E_F(u) of a Gaussian of standard deviation σ at T → 0, by bisection on the closed-form
    /// G(E) = ½ erfc(−E/(σ√2)) — an independent route to the solver's inverse-CDF path.
    static func fermiLevel(fraction u: Double, sigma: Double, vacancyFraction: Double) -> Double {
        var lo = -40 * sigma, hi = 40 * sigma
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if 0.5 * erfc(-mid / (sigma * 2.0.squareRoot())) < u * (1 - vacancyFraction) { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// The illustrative scenario (13 h, j = 9e-3 A/m²) with every diffusion coefficient doubled:
    /// the plateau is set by the ratios D1(n)/D2, which are unchanged, while the front width
    /// (∝ D2·e·n_b/j) doubles, so a uniform 0.5 nm grid resolves even the Cs⁺ front in a debug
    /// build. (Release runs of the undoubled defaults on 1000–4000 graded cells give the same
    /// ordering: plateaus 0.075 / 0.038 / 0.019 for K⁺ / Rb⁺ / Cs⁺ on 1000 cells, and the plateau
    /// changes by < 0.1 % from 1000 to 4000 cells.)
    static func run(_ ion: ForeignIon) throws -> (DepthProfile, ReplacementFront) {
        var scenario = CAITScenario.illustrative(foreign: ion)
        scenario.bulkDiffusivity *= 2
        scenario.foreignDiffusivity *= 2
        scenario.thickness = 0.3e-6
        scenario.cells = 600
        scenario.surfaceCellWidth = nil
        // A coarser step target than the default: the plateau moves by < 3 % against 0.1 on 1200 cells.
        let options = SolverOptions(stepControl: .adaptive(targetChange: 0.2))
        let solution = try NernstPlanckPoissonSolver(problem: try scenario.problem(), options: options)
            .solve(duration: scenario.duration, outputTimes: [scenario.duration])
        return (solution.profiles[0], try ReplacementFront(profile: solution.profiles[0]))
    }

    @Test func sharpFrontAndOrderedPlateaus() throws {
        let sigma = 0.25 / (2 * (2 * log(2.0)).squareRoot())
        let kT = PhysicalConstants.thermalEnergy(temperature: 353)
        var plateaus: [Double] = []
        for ion in ForeignIon.allCases {
            let (profile, front) = try Self.run(ion)
            plateaus.append(front.nativePlateau)
            // Sharp: the 10–90 % width is a small fraction of the penetration depth (seed 002 Fig. 1
            // shows fronts of a few tens of nm at ~100 nm).
            #expect(front.width < 0.2 * front.position, "\(ion): width \(front.width), front \(front.position)")
            // A plateau of immobile native ions behind the front: a level well above 0 that varies
            // across [¼, ¾]·z_f by less than a tenth of the unit step the native fraction makes at the front.
            let zone = profile.depth.indices.filter { profile.depth[$0] >= 0.25 * front.position && profile.depth[$0] <= 0.75 * front.position }
            let levels = zone.map { profile.nativeFraction[$0] }
            #expect(front.nativePlateau > 0.005)
            #expect(levels.max()! - levels.min()! < 0.1, "\(ion): native level \(levels.min()!)…\(levels.max()!)")

            // D_native spans ≥ 4 decades between n/n_b = 1 and the plateau (independent E_F).
            let shift = Self.fermiLevel(fraction: 1, sigma: sigma, vacancyFraction: 0.1)
                - Self.fermiLevel(fraction: front.nativePlateau, sigma: sigma, vacancyFraction: 0.1)
            let decades = shift / (kT * log(10))
            #expect(decades >= 4, "\(ion): D_native spans \(decades) decades to the plateau \(front.nativePlateau)")
        }
        // K⁺ > Rb⁺ > Cs⁺: the plateau falls as D_foreign falls.
        #expect(plateaus[0] > plateaus[1] && plateaus[1] > plateaus[2], "plateaus K, Rb, Cs: \(plateaus)")
    }
}
