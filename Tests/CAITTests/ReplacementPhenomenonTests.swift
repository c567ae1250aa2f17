import Landscape
import Foundation
import Testing
@testable import CAIT

/// Seed 002's phenomenon: a Gaussian SED of FWHM 250 meV, constant D_foreign and D_bulk ≫ D_foreign
/// give a replacement front, a native plateau whose level falls as D_foreign falls (K⁺ > Rb⁺ > Cs⁺),
/// and D_native falling by about four decades between n/n_b = 1 and the plateau — with the
/// illustrative defaults, whose surface potential stays below the beam energy.
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

    /// The illustrative scenario (13 h, j = 9e-3 A/m², the defaults' D_bulk and D_foreign) on
    /// 400 graded cells over 0.4 µm: the profile lies within the first 250 nm, and the front and
    /// plateau move by < 5e-4 against 2000 cells over 2 µm (release runs: plateaus 0.1103 / 0.0437
    /// / 0.0200 here against 0.1102 / 0.0438 / 0.0200).
    static func run(_ ion: ForeignIon) throws -> (DepthProfile, ReplacementFront, Double) {
        var scenario = CAITScenario.illustrative(foreign: ion)
        scenario.thickness = 0.4e-6
        scenario.cells = 400
        scenario.surfaceCellWidth = 0.5e-9
        let run = try scenario.simulate(outputTimes: [scenario.duration])
        let profile = run.solution.profiles[0]
        return (profile, try ReplacementFront(profile: profile), run.surfacePotential)
    }

    @Test func frontsPlateausAndLandingBeam() throws {
        let sigma = 0.25 / (2 * (2 * log(2.0)).squareRoot())
        let kT = PhysicalConstants.thermalEnergy(temperature: 353)
        var plateaus: [Double] = [], widths: [Double] = []
        for ion in ForeignIon.allCases {
            let (profile, front, surfacePotential) = try Self.run(ion)
            plateaus.append(front.nativePlateau)
            widths.append(front.width)
            // A plateau of immobile native ions behind the front: a level well above 0 that varies
            // across [¼, ¾]·z_f by less than a tenth of the unit step the native fraction makes at the front.
            let zone = profile.depth.indices.filter { profile.depth[$0] >= 0.25 * front.position && profile.depth[$0] <= 0.75 * front.position }
            let levels = zone.map { profile.nativeFraction[$0] }
            #expect(front.nativePlateau > 0.005)
            #expect(levels.max()! - levels.min()! < 0.1, "\(ion): native level \(levels.min()!)…\(levels.max()!)")

            // D_native falls by about four decades ([GSW]: "approximately 4 orders of magnitude")
            // between n/n_b = 1 and the plateau: ≥ 3.5 (independent E_F by bisection on the closed form).
            let shift = Self.fermiLevel(fraction: 1, sigma: sigma, vacancyFraction: 0.1)
                - Self.fermiLevel(fraction: front.nativePlateau, sigma: sigma, vacancyFraction: 0.1)
            let decades = shift / (kT * log(10))
            #expect(decades >= 3.5, "\(ion): D_native spans \(decades) decades to the plateau \(front.nativePlateau)")

            // The beam lands: the surface potential stays below the 5 eV beam energy. Independent
            // estimate: the foreign ions carry the current through the replaced zone, so
            // U ≈ k_BT·z_f·j/(e²·D_foreign·n_b·(1 − plateau)) (ohmic drop; the zone ahead of the
            // front conducts 1e3× better). It ignores the width of the front (half the depth for K⁺),
            // so agreement within 10 % is asked (measured: 3 % for K⁺, < 1 % for Cs⁺).
            let scenario = CAITScenario.illustrative(foreign: ion)
            guard case let .galvanostatic(j) = scenario.mode else { return }
            let ohmic = kT * front.position * j / (PhysicalConstants.elementaryCharge * scenario.foreignDiffusivity
                                                   * scenario.backgroundDensity * (1 - front.nativePlateau))
            #expect(surfacePotential < scenario.beamEnergy, "\(ion): surface potential \(surfacePotential) V")
            #expect(abs(surfacePotential / ohmic - 1) < 0.1, "\(ion): \(surfacePotential) V against the ohmic \(ohmic) V")
        }
        // K⁺ > Rb⁺ > Cs⁺: the plateau falls as D_foreign falls, and so does the 10–90 % width.
        #expect(plateaus[0] > plateaus[1] && plateaus[1] > plateaus[2], "plateaus K, Rb, Cs: \(plateaus)")
        #expect(widths[0] > widths[1] && widths[1] > widths[2], "widths K, Rb, Cs: \(widths)")
        // The Cs⁺ front is sharp on the scale of the penetration depth ([GSW] Fig. 1).
        #expect(widths[2] < 0.1 * 186e-9, "Cs⁺ width \(widths[2])")
    }

    /// Partial replacement (as with a landscape SED): a mixed zone of n2/n_b = 0.3 never reaches ½,
    /// yet its edge is the front and the native level in it the plateau. Synthetic profile
    /// n2 = 0.15·erfc((z − 500 nm)/20 nm), n1 = 1 − n2: the front is at 500 nm, where n2 = 0.15
    /// (half of its largest value, 0.3), and the plateau is 0.7.
    @Test func partialReplacementHasAFrontAndAPlateau() throws {
        let z = (0..<2000).map { (Double($0) + 0.5) * 0.5e-9 }
        let u2 = z.map { 0.15 * erfc(($0 - 500e-9) / 20e-9) }
        let profile = DepthProfile(time: 1, depth: z, nativeFraction: u2.map { 1 - $0 }, foreignFraction: u2,
                                   potential: z.map { _ in 0 })
        let front = try ReplacementFront(profile: profile)
        // Linear interpolation between centres 0.5 nm apart across an erfc of width 20 nm: ≤ 1e-3 nm.
        #expect(abs(front.position - 500e-9) <= 1e-12, "front \(front.position)")
        // The zone [125, 375] nm lies > 6 widths behind the front: erfc there is 2 − O(1e-17).
        #expect(abs(front.nativePlateau - 0.7) <= 1e-12 && abs(front.foreignLevel - 0.3) <= 1e-12)
    }
}
