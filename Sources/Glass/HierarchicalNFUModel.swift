/// Low-temperature limit of the hierarchical NFU model (docs/model.md §2, after Schuch, Trott &
/// Maass, RSC Adv. 1, 1370 (2011)), applied exactly as docs/model.md §2 states its four rules:
///
/// 1. B4 = min(x, r, (3 − r)/6); the last bound is B4–B4 avoidance.
/// 2. The remaining charge r − B4 converts phosphate one charge per step:
///    P3→P2 (up to all 1 − x), then P2→P1, then P1→P0.
/// 3. Charge still left converts B3→B2.
/// 4. Charge still left makes the composition infeasible (`GlassError.infeasibleComposition`).
public struct HierarchicalNFUModel: NFUModel {
    /// Leftover charge per network former below which rule 4 does not fire. The rules
    /// subtract numbers of order 1, so a leftover that is exactly zero in exact arithmetic
    /// comes out as at most a few ulp here.
    public static let leftoverTolerance = 1e-12

    public init() {}

    public func fractions(for composition: Composition) throws(GlassError) -> NFUFractions {
        try fractions(x: composition.x, r: composition.r)
    }

    /// The rules in terms of x and r alone, for any 0 ≤ x ≤ 1 and 0 ≤ r ≤ 3 (r > 3 could not
    /// be placed even on pure P0). Unlike `Composition`, this does not restrict y to
    /// 0.30…0.60, so binary end members such as the y = 0.25 borate can be studied.
    public func fractions(x: Double, r: Double) throws(GlassError) -> NFUFractions {
        guard (0...1).contains(x) else {
            throw .outOfRange(name: "x", value: x, accepted: "0 ≤ x ≤ 1 (borate fraction)")
        }
        guard (0...3).contains(r) else {
            throw .outOfRange(name: "r", value: r, accepted: "0 ≤ r ≤ 3 (alkali ions per network former)")
        }
        // Rule 1.
        let b4 = min(x, r, (3 - r) / 6)
        var charge = r - b4
        // Rule 2: each conversion step takes min(charge left, units available).
        let toP2 = min(charge, 1 - x)
        charge -= toP2
        let toP1 = min(charge, toP2)
        charge -= toP1
        let toP0 = min(charge, toP1)
        charge -= toP0
        // Rule 3.
        let toB2 = min(charge, x - b4)
        charge -= toB2
        // Rule 4.
        guard charge <= Self.leftoverTolerance else {
            throw .infeasibleComposition(x: x, y: r / (1 + r), leftoverCharge: charge)
        }
        return NFUFractions(B4: b4, B3: x - b4 - toB2, B2: toB2,
                            P3: 1 - x - toP2, P2: toP2 - toP1, P1: toP1 - toP0, P0: toP0)
    }
}
