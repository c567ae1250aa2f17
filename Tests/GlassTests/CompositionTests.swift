import Testing
@testable import Glass

@Suite struct CompositionTests {
    /// r = y/(1−y) against hand-computed values (docs/model.md §1).
    @Test func alkaliPerNetworkFormer() throws {
        // y = 0.5 ⇒ r = 1 and y = 0.4 ⇒ r = 2/3; one division each: 1 ulp.
        #expect(try Composition(alkali: .Na, x: 0.3, y: 0.5).r == 1)
        #expect(abs(try Composition(alkali: .Na, x: 0.3, y: 0.4).r - 2.0 / 3.0) <= 2e-16)
    }

    /// Every bound of docs/model.md §1 is enforced and named in the message.
    @Test(arguments: [
        (-0.01, 0.4, "0 ≤ x ≤ 1"), (1.01, 0.4, "0 ≤ x ≤ 1"), (Double.nan, 0.4, "0 ≤ x ≤ 1"),
        (0.5, 0.29, "0.30 ≤ y ≤ 0.60"), (0.5, 0.61, "0.30 ≤ y ≤ 0.60"), (0.5, Double.infinity, "0.30 ≤ y ≤ 0.60"),
    ])
    func outOfRangeIsRejected(x: Double, y: Double, bound: String) {
        do {
            _ = try Composition(alkali: .Li, x: x, y: y)
            Issue.record("x = \(x), y = \(y) was accepted")
        } catch {
            #expect(error.description.contains(bound))
            #expect(error.description.contains(bound.hasPrefix("0 ≤ x") ? "x = " : "y = "))
        }
    }

    /// The bounds themselves are inside the accepted range.
    @Test func boundsAreInclusive() throws {
        for (x, y) in [(0.0, 0.30), (1.0, 0.60)] { _ = try Composition(alkali: .Cs, x: x, y: y) }
    }

    @Test func alkaliSymbolsParse() throws {
        #expect(try Alkali(symbol: "na") == .Na)
        #expect(throws: GlassError.unknownName(kind: "alkali", name: "Fr", accepted: ["Li", "Na", "K", "Rb", "Cs"])) {
            try Alkali(symbol: "Fr")
        }
    }
}
