/// Alkali modifier M of the glass (docs/model.md §1). A label: it selects presets only.
public enum Alkali: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case Li, Na, K, Rb, Cs

    public var description: String { rawValue }

    /// Parses a chemical symbol, case-insensitively ("li", "Na", "CS").
    public init(symbol: String) throws(GlassError) {
        guard let match = Alkali.allCases.first(where: { $0.rawValue.lowercased() == symbol.lowercased() }) else {
            throw .unknownName(kind: "alkali", name: symbol, accepted: Alkali.allCases.map(\.rawValue))
        }
        self = match
    }
}

/// Glass `y M2O – (1−y)[x B2O3 – (1−x) P2O5]` (docs/model.md §1), validated on construction.
public struct Composition: Sendable, Hashable {
    /// Accepted borate fraction range, 0 ≤ x ≤ 1.
    public static let borateRange: ClosedRange<Double> = 0...1
    /// Accepted alkali-oxide fraction range, 0.30 ≤ y ≤ 0.60.
    public static let alkaliRange: ClosedRange<Double> = 0.30...0.60

    public let alkali: Alkali
    /// Borate fraction x of the network formers.
    public let x: Double
    /// Alkali-oxide mole fraction y.
    public let y: Double

    public init(alkali: Alkali, x: Double, y: Double) throws(GlassError) {
        guard Self.borateRange.contains(x) else {
            throw .outOfRange(name: "x", value: x, accepted: "0 ≤ x ≤ 1 (borate fraction)")
        }
        guard Self.alkaliRange.contains(y) else {
            throw .outOfRange(name: "y", value: y, accepted: "0.30 ≤ y ≤ 0.60 (alkali oxide fraction)")
        }
        self.alkali = alkali
        self.x = x
        self.y = y
    }

    /// r = y/(1−y): alkali ions, and negative network charges, per network-forming cation.
    public var r: Double { y / (1 - y) }
}
