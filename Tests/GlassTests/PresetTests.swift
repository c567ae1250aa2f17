import Testing
@testable import Glass

@Suite struct PresetTests {
    /// Values typed in from the docs/model.md §7 table.
    @Test func presetsMatchSpecTable() throws {
        let expected: [(String, Alkali, Double, Double, Double, Double)] = [
            ("li33", .Li, 0.33, 0.64, 0.42, 4e14), ("na35", .Na, 0.35, 0.76, 0.30, 5e14),
            ("na40", .Na, 0.40, 0.93, 0.25, 1e14),
        ]
        for (name, alkali, y, v0, sigma, nu) in expected {
            let p = try Preset.named(name.uppercased())
            #expect(p.name == name && p.alkali == alkali && p.y == y && p.v0 == v0
                    && p.sigmaEpsilon == sigma && p.attemptFrequency == nu)
            #expect(p.u0 == 0.1 * v0 && p.vacancyFraction == 0.05 && p.spacing == 5e-10)
        }
    }

    @Test func unknownPresetListsTheNames() {
        do {
            _ = try Preset.named("k30")
            Issue.record("accepted k30")
        } catch {
            #expect(error.description == "unknown preset 'k30'; accepted: li33, na35, na40")
        }
    }
}
