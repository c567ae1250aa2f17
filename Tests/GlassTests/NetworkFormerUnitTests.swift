import Testing
@testable import Glass

@Suite struct NetworkFormerUnitTests {
    /// q, k, b and the charge placement against the docs/model.md §2 table, typed in here.
    @Test func unitTableMatchesSpec() {
        let table: [(NetworkFormerUnit, Int, Int, Int, ChargePlacement)] = [
            (.B4, -1, 0, 4, .delocalised), (.B3, 0, 0, 3, .none), (.B2, -1, 1, 2, .localised),
            (.P3, 0, 1, 3, .none), (.P2, -1, 2, 2, .localised), (.P1, -2, 3, 1, .localised),
            (.P0, -3, 4, 0, .localised),
        ]
        for (unit, q, k, b, placement) in table {
            #expect(unit.charge == q && unit.nonBridgingOxygens == k && unit.bridgingOxygens == b
                    && unit.chargePlacement == placement, "\(unit)")
        }
    }

    /// Formal-charge rule of trigonal borate and phosphate tetrahedra, independent of the
    /// table: each bridging oxygen below 3 adds one negative charge, q = b − 3 (not B4).
    @Test func formalChargeRule() {
        for unit in NetworkFormerUnit.allCases where unit != .B4 {
            #expect(unit.charge == unit.bridgingOxygens - 3, "\(unit)")
        }
    }
}
