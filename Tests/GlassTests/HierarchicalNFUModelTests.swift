import Testing
@testable import Glass

@Suite struct HierarchicalNFUModelTests {
    let model = HierarchicalNFUModel()

    /// Over a grid of (x, y): the balances of SPEC §2 written out here unit by unit, the
    /// B4–B4 avoidance inequality of rule 1, and feasibility exactly where the total charge
    /// capacity 3 − 2x (B4 + B2 on borate, up to 3 per P) reaches r.
    @Test func balancesOverCompositionGrid() throws {
        for i in 0...20 {
            for j in 0...12 {
                let x = Double(i) / 20, y = Double(300 + 25 * j) / 1000
                let c = try Composition(alkali: .Na, x: x, y: y)
                let r = y / (1 - y)
                // Keep away from the feasibility boundary, where rule 4 rests on rounding.
                if abs(r - (3 - 2 * x)) < 1e-9 { continue }
                guard r < 3 - 2 * x else {
                    #expect(throws: GlassError.self) { try model.fractions(for: c) }
                    continue
                }
                let f = try model.fractions(for: c)
                let (b4, b3, b2) = (f[.B4], f[.B3], f[.B2])
                let (p3, p2, p1, p0) = (f[.P3], f[.P2], f[.P1], f[.P0])
                #expect([b4, b3, b2, p3, p2, p1, p0].allSatisfy { $0 >= 0 }, "x=\(x) y=\(y)")
                // Sums of ≤ 4 terms of order 1: a few ulp; 1e-14 leaves margin.
                #expect(abs(b4 + b3 + b2 - x) <= 1e-14, "x=\(x) y=\(y)")
                #expect(abs(p3 + p2 + p1 + p0 - (1 - x)) <= 1e-14, "x=\(x) y=\(y)")
                #expect(abs(b4 + b2 + p2 + 2 * p1 + 3 * p0 - r) <= 1e-14, "x=\(x) y=\(y)")
                #expect(4 * b4 <= 3 * b3 + 2 * b2 + 3 * p3 + 2 * p2 + p1 + 1e-14, "x=\(x) y=\(y)")
            }
        }
    }

    /// Binary phosphate x = 0: every alkali makes one P2 while r ≤ 1, so P2 = r and P3 = 1 − r.
    @Test func binaryPhosphateEndMember() throws {
        for y in stride(from: 0.30, through: 0.50, by: 0.02) {
            let f = try model.fractions(for: Composition(alkali: .Li, x: 0, y: y))
            let r = y / (1 - y)
            // One subtraction: 1 ulp of numbers ≤ 1.
            #expect(abs(f[.P2] - r) <= 1e-15 && abs(f[.P3] - (1 - r)) <= 1e-15)
            #expect(f[.P1] == 0 && f[.P0] == 0 && f[.B4] == 0)
        }
    }

    /// Binary borate x = 1, y = 0.25 (r = 1/3 < 3/7): N4 = r, all charge on B4.
    @Test func binaryBorateBelowThreeSevenths() throws {
        let f = try model.fractions(x: 1, r: 0.25 / 0.75)
        #expect(f[.B4] == 0.25 / 0.75 && f[.B2] == 0)
    }

    /// Li borate at 33.3 mol% Li2O: B3/B4/B2 = 1 − r, (3 − r)/6, (7r − 3)/6 in closed form
    /// (r = 1/2), and the measured 50/41.67/8.33 % (published to 4 digits).
    @Test func lithiumBorateSplit() throws {
        let y = 1.0 / 3.0, r = y / (1 - y)
        let f = try model.fractions(for: Composition(alkali: .Li, x: 1, y: y))
        // Closed form evaluated in the test; the model subtracts numbers of order 1: 1e-12 per SPEC issue 3.
        #expect(abs(f[.B4] - (3 - r) / 6) <= 1e-12)
        #expect(abs(f[.B3] - (1 - r)) <= 1e-12)
        #expect(abs(f[.B2] - (7 * r - 3) / 6) <= 1e-12)
        // Published values are rounded to 4 decimals: half a unit in the last place.
        #expect(abs(f[.B3] - 0.5) <= 5e-5 && abs(f[.B4] - 0.4167) <= 5e-5 && abs(f[.B2] - 0.0833) <= 5e-5)
    }

    /// Rule 2 order: with x = 0 and r > 1 (y = 0.55), P2→P1 follows P3→P2 completely.
    @Test func phosphateStepsInOrder() throws {
        let y = 0.55, r = y / (1 - y)
        let f = try model.fractions(for: Composition(alkali: .Na, x: 0, y: y))
        // P3 exhausted; P1 = r − 1 extra charges, P2 = 1 − P1. A few ulp of order-1 numbers.
        #expect(f[.P3] == 0 && f[.P0] == 0)
        #expect(abs(f[.P1] - (r - 1)) <= 1e-15 && abs(f[.P2] - (2 - r)) <= 1e-15)
    }

    /// Rule 4: x = 1, y = 0.6 (r = 1.5 > capacity 1) is infeasible, and the message says so.
    @Test func infeasibleCompositionIsRejected() throws {
        let c = try Composition(alkali: .Na, x: 1, y: 0.6)
        do {
            _ = try model.fractions(for: c)
            Issue.record("accepted an infeasible composition")
        } catch {
            #expect(error.description.contains("infeasible") && error.description.contains("x = 1.0"))
        }
    }
}
