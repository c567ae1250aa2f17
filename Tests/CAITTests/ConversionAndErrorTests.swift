import Foundation
import Testing
@testable import CAIT

@Suite struct ConversionAndErrorTests {
    /// Seed 002 eqs. 8–9 with the SI-defined k_B = 1.380649e-23 J/K (exact since 2019).
    @Test func onsagerAndHaven() throws {
        let l = try OnsagerRelations.onsagerCoefficient(effectiveDiffusivity: 2e-16, density: 1.44e28, temperature: 353)
        // k_B[eV]·e reproduces 1.380649e-23 to the 10 digits of the CODATA eV value.
        #expect(abs(l - 2e-16 * 1.44e28 / (1.380649e-23 * 353)) <= 1e-9 * l)
        #expect(try OnsagerRelations.effectiveDiffusivity(tracerDiffusivity: 3e-17) == 6e-17)
        #expect(try OnsagerRelations.tracerDiffusivity(effectiveDiffusivity: 6e-17) == 3e-17)
        #expect(abs(try OnsagerRelations.havenRatio(tracerDiffusivity: 1e-16, conductivityDiffusivity: 2.5e-16) - 0.4) <= 1e-15)
        // Nernst–Einstein: σ = 2.27e-6 S/m at n_b, 353 K ↔ D_σ ≈ 3e-17 m²/s.
        let d = try OnsagerRelations.conductivityDiffusivity(conductivity: 2.27e-6, density: 1.44e28, temperature: 353)
        let reference = 2.27e-6 * 1.380649e-23 * 353 / (1.44e28 * 1.602176634e-19 * 1.602176634e-19)
        #expect(abs(d - reference) <= 1e-9 * reference)
    }

    /// Bad input names the input, its value and the accepted range.
    @Test func errorsNameInputValueAndRange() throws {
        do {
            _ = try GaussianSiteEnergyDistribution(fwhm: -0.1)
            Issue.record("negative FWHM accepted")
        } catch {
            #expect(error.description.contains("SED FWHM") && error.description.contains("-0.1") && error.description.contains("accepted"))
        }
        do {
            _ = try MeasuredProfile(depth: [1e-9, 2e-9, 3e-9, 4e-9], nativeFraction: [1, 1, .nan, 1], foreignFraction: [0, 0, 0, 0])
            Issue.record("NaN fraction accepted")
        } catch {
            #expect(error.description.contains("native fraction at row 3") && error.description.contains("nan"))
        }
        do {
            _ = try FiniteVolumeGrid(thickness: 1e-6, cells: 100, surfaceCellWidth: 1e-7)
            Issue.record("surface cell wider than d/N accepted")
        } catch {
            #expect(error.description.contains("surface cell width") && error.description.contains("1e-08"))
        }
        do {
            _ = try TabulatedSiteEnergyDistribution(energies: [0, 0.1, 0.05], density: [1, 1, 1])
            Issue.record("non-increasing SED energies accepted")
        } catch {
            #expect(error.description.contains("row 3"))
        }
    }
}
