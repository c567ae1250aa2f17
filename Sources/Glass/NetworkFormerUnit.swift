/// How a unit's negative charge is placed on neighbouring ion sites (docs/model.md §2 table, §3).
public enum ChargePlacement: Sendable, Hashable {
    /// Spread evenly over all accessible neighbour ion sites (B4).
    case delocalised
    /// Carried by the k non-bridging oxygens, shared by k chosen neighbour ion sites.
    case localised
    /// Neutral unit.
    case none
}

/// Network-former units (docs/model.md §2): B^(n) and P^(n) with n bridging oxygens.
/// `rawValue` is the column order used everywhere (tables, CSV: B4,B3,B2,P3,P2,P1,P0).
public enum NetworkFormerUnit: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case B4, B3, B2, P3, P2, P1, P0

    public var description: String {
        switch self {
        case .B4: "B4"
        case .B3: "B3"
        case .B2: "B2"
        case .P3: "P3"
        case .P2: "P2"
        case .P1: "P1"
        case .P0: "P0"
        }
    }

    /// Charge q in units of e (≤ 0).
    public var charge: Int {
        switch self {
        case .B3, .P3: 0
        case .B4, .B2, .P2: -1
        case .P1: -2
        case .P0: -3
        }
    }

    /// Number k of non-bridging oxygens. For P3 this is its terminal P=O, which carries no
    /// charge; B4 has none (its charge is delocalised).
    public var nonBridgingOxygens: Int {
        switch self {
        case .B4, .B3: 0
        case .B2, .P3: 1
        case .P2: 2
        case .P1: 3
        case .P0: 4
        }
    }

    /// Number b of bridging oxygens.
    public var bridgingOxygens: Int {
        switch self {
        case .B4: 4
        case .B3, .P3: 3
        case .B2, .P2: 2
        case .P1: 1
        case .P0: 0
        }
    }

    public var chargePlacement: ChargePlacement {
        switch self {
        case .B4: .delocalised
        case .B3, .P3: .none
        case .B2, .P2, .P1, .P0: .localised
        }
    }

    /// True for the borate units B4, B3, B2; false for the phosphate units.
    public var isBorate: Bool { self == .B4 || self == .B3 || self == .B2 }

    /// Parses a unit name ("B4", "p2"), case-insensitively.
    public init(name: String) throws(GlassError) {
        guard let unit = Self.allCases.first(where: { $0.description.lowercased() == name.lowercased() }) else {
            throw .unknownName(kind: "network-former unit", name: name, accepted: Self.allCases.map(\.description))
        }
        self = unit
    }
}
