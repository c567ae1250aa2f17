/// Fractions of the network-former units per network-forming cation (B or P), docs/model.md §2.
///
/// A plain value: construction does not validate (models and tables validate with
/// `validate(x:r:tolerance:)`), so that a table row can be inspected before it is judged.
public struct NFUFractions: Sendable, Hashable {
    /// Fractions in `NetworkFormerUnit` order: B4, B3, B2, P3, P2, P1, P0.
    public private(set) var values: [Double]

    public init(B4: Double, B3: Double, B2: Double, P3: Double, P2: Double, P1: Double, P0: Double) {
        values = [B4, B3, B2, P3, P2, P1, P0]
    }

    /// Fractions in `NetworkFormerUnit` order; returns nil unless there are exactly 7.
    public init?(_ values: [Double]) {
        guard values.count == NetworkFormerUnit.allCases.count else { return nil }
        self.values = values
    }

    public subscript(unit: NetworkFormerUnit) -> Double {
        get { values[unit.rawValue] }
        set { values[unit.rawValue] = newValue }
    }

    /// B4 + B3 + B2, which must equal x.
    public var borateSum: Double { self[.B4] + self[.B3] + self[.B2] }
    /// P3 + P2 + P1 + P0, which must equal 1 − x.
    public var phosphateSum: Double { self[.P3] + self[.P2] + self[.P1] + self[.P0] }
    /// Negative network charge per network former, Σ |q_u|·u = B4 + B2 + P2 + 2P1 + 3P0; must equal r.
    public var networkCharge: Double {
        NetworkFormerUnit.allCases.reduce(0) { $0 + Double(-$1.charge) * self[$1] }
    }

    /// Checks the docs/model.md §2 conditions: every fraction finite and ≥ 0, borate sum x,
    /// phosphate sum 1 − x, and charge balance r, the sums and balance to `tolerance`.
    /// Returns the first failure as a sentence, or nil when the fractions are valid.
    public func violation(x: Double, r: Double, tolerance: Double = 1e-6) -> String? {
        for unit in NetworkFormerUnit.allCases where !(self[unit].isFinite && self[unit] >= 0) {
            return "fraction \(unit) = \(self[unit]) must be finite and ≥ 0"
        }
        if abs(borateSum - x) > tolerance {
            return "B4 + B3 + B2 = \(borateSum) must equal x = \(x) within \(tolerance)"
        }
        if abs(phosphateSum - (1 - x)) > tolerance {
            return "P3 + P2 + P1 + P0 = \(phosphateSum) must equal 1 − x = \(1 - x) within \(tolerance)"
        }
        if abs(networkCharge - r) > tolerance {
            return "charge balance B4 + B2 + P2 + 2·P1 + 3·P0 = \(networkCharge) must equal r = y/(1−y) = \(r) within \(tolerance)"
        }
        return nil
    }
}
