import Testing
@testable import Glass

@Suite struct TabulatedNFUModelTests {
    // Hand-made valid rows at y = 1/3 (r = 1/2), from the closed forms of docs/model.md §2:
    // x = 0: P3 = P2 = 1/2; x = 1: B3 = 1/2, B4 = 5/12, B2 = 1/12.
    static let y = 1.0 / 3.0
    static let phosphate = NFUFractions(B4: 0, B3: 0, B2: 0, P3: 0.5, P2: 0.5, P1: 0, P0: 0)
    static let borate = NFUFractions(B4: 5.0 / 12, B3: 0.5, B2: 1.0 / 12, P3: 0, P2: 0, P1: 0, P0: 0)

    func table() throws -> TabulatedNFUModel {
        try TabulatedNFUModel(rows: [NFUTableRow(x: 1, y: Self.y, fractions: Self.borate),
                                     NFUTableRow(x: 0, y: Self.y, fractions: Self.phosphate)])
    }

    /// Tabulated x returns the row unchanged; between rows the fractions are the
    /// average of the two rows at the midpoint, computed here by hand.
    @Test func lookupAndInterpolation() throws {
        let model = try table()
        #expect(try model.fractions(for: Composition(alkali: .Li, x: 1, y: Self.y)) == Self.borate)
        let mid = try model.fractions(for: Composition(alkali: .Li, x: 0.5, y: Self.y))
        let expected = [5.0 / 24, 0.25, 1.0 / 24, 0.25, 0.25, 0, 0]
        // One multiply-add per entry: 1e-15 on values ≤ 1.
        #expect(zip(mid.values, expected).allSatisfy { abs($0 - $1) <= 1e-15 })
    }

    /// No extrapolation and no other y: both refused with the tabulated range in the message.
    @Test func outsideTableIsRejected() throws {
        let model = try table()
        #expect(throws: GlassError.self) { try model.fractions(for: Composition(alkali: .Li, x: 0.5, y: 0.4)) }
        let single = try TabulatedNFUModel(rows: [NFUTableRow(x: 0, y: Self.y, fractions: Self.phosphate)])
        do {
            _ = try single.fractions(for: Composition(alkali: .Li, x: 0.1, y: Self.y))
            Issue.record("extrapolated")
        } catch { #expect(error.description.contains("no extrapolation")) }
    }

    /// A row off by 5e-7 (inside the 1e-6 tolerance) is kept exactly as given, not renormalised.
    @Test func acceptedRowsAreNotRenormalised() throws {
        var f = Self.phosphate
        f[.P3] += 5e-7
        let model = try TabulatedNFUModel(rows: [NFUTableRow(x: 0, y: Self.y, fractions: f)])
        #expect(try model.fractions(for: Composition(alkali: .Li, x: 0, y: Self.y)) == f)
    }

    /// Each docs/model.md §2 condition rejects the table, with a message naming the failed condition.
    @Test(arguments: [
        (NFUFractions(B4: 0, B3: 0, B2: 0, P3: 0.6, P2: 0.5, P1: -0.1, P0: 0), "P1 = -0.1"),
        (NFUFractions(B4: 0, B3: 0.01, B2: 0, P3: 0.49, P2: 0.5, P1: 0, P0: 0), "B4 + B3 + B2"),
        (NFUFractions(B4: 0, B3: 0, B2: 0, P3: 0.5, P2: 0.4, P1: 0, P0: 0), "P3 + P2 + P1 + P0"),
        (NFUFractions(B4: 0, B3: 0, B2: 0, P3: 0.4, P2: 0.6, P1: 0, P0: 0), "charge balance"),
    ])
    func invalidRowsAreRejected(fractions: NFUFractions, condition: String) {
        do {
            _ = try TabulatedNFUModel(rows: [NFUTableRow(x: 0, y: Self.y, fractions: fractions)])
            Issue.record("accepted \(fractions)")
        } catch {
            #expect(error.description.contains("row 1") && error.description.contains(condition), "\(error)")
        }
    }

    @Test func duplicateRowsAndBadTextAreRejected() throws {
        let row = NFUTableRow(x: 0, y: Self.y, fractions: Self.phosphate)
        #expect(throws: GlassError.invalidTable(row: 2, reason: "x = 0.0, y = \(Self.y) repeats row 1")) {
            try TabulatedNFUModel(rows: [row, row])
        }
        let header = ["x", "y", "B4", "B3", "B2", "P3", "P2", "P1", "P0"]
        #expect(throws: GlassError.invalidTable(row: 1, reason: "column 'p2' holds 'abc', not a number")) {
            try TabulatedNFUModel(header: header, records: [["0", "0.4", "0", "0", "0", "0.5", "abc", "0", "0"]])
        }
        // The same table as text parses to the same model.
        let text = try TabulatedNFUModel(header: header.reversed(),
                                         records: [["0", "0", "0.5", "0.5", "0", "0", "0", "\(Self.y)", "0"]])
        #expect(text.rows == [row])
    }
}
