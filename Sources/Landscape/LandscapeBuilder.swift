import Glass

/// Builds site-energy landscapes of one composition (docs/model.md §3).
///
/// Each realisation, from its own `RandomStream`, draws in this order:
/// 1. the blocked ion sites, exactly round(f_bl·N_tot) with f_bl = 1 − r/(1 − f0);
/// 2. the unit type of every NFU site from the NFU fractions, and the placement of its
///    countercharge on neighbouring accessible ion sites, giving Q_i;
/// 3. the noise η_i ~ N(0, σ_ε²) of every accessible site, in index order,
/// and sets ε_i = V0·(Q_i + η_i). Rounding is to nearest, halves away from zero.
/// Memory: the energies (8 bytes per site) and the accessibility flags (1 byte per site).
public struct LandscapeBuilder: Sendable {
    public let lattice: CubicLattice
    public let composition: Composition
    public let fractions: NFUFractions
    public let parameters: LandscapeParameters
    /// Blocked fraction f_bl = 1 − r/(1 − f0).
    public let blockedFraction: Double
    /// Number of blocked ion sites, round(f_bl·N_tot).
    public let blockedCount: Int
    let placement: CounterchargePlacement

    /// Tolerance of the docs/model.md §2 checks on `fractions` (sums and charge balance).
    public static let fractionTolerance = 1e-6

    public init(lattice: CubicLattice, composition: Composition, fractions: NFUFractions,
                parameters: LandscapeParameters) throws(LandscapeError) {
        if let problem = fractions.violation(x: composition.x, r: composition.r, tolerance: Self.fractionTolerance) {
            throw .invalidParameter(name: "NFU fractions", value: "\(fractions.values)", accepted: problem)
        }
        let f0 = parameters.vacancyFraction
        let blocked = 1 - composition.r / (1 - f0)
        guard blocked > 0 && blocked < 1 else {
            throw .invalidParameter(name: "blocked fraction f_bl = 1 − r/(1 − f0)", value: "\(blocked) (r = \(composition.r), f0 = \(f0))",
                                    accepted: "0 < f_bl < 1, i.e. 0 < r < 1 − f0")
        }
        self.lattice = lattice
        self.composition = composition
        self.fractions = fractions
        self.parameters = parameters
        self.blockedFraction = blocked
        self.blockedCount = Int((blocked * Double(lattice.siteCount)).rounded())
        self.placement = CounterchargePlacement(fractions: fractions)
    }

    /// Number of accessible sites N_acc = N_tot − N_bl.
    public var accessibleCount: Int { lattice.siteCount - blockedCount }
    /// Number of ions N = round((1 − f0)·N_acc).
    public var ionCount: Int { Int(((1 - parameters.vacancyFraction) * Double(accessibleCount)).rounded()) }

    /// Realisation `realisation` under master seed `seed`, on the stream of this composition
    /// (`RandomStream.pointKey(x:y:)`).
    public func build(seed: UInt64, realisation: UInt64) -> SiteEnergyLandscape {
        var stream = RandomStream(seed: seed, point: RandomStream.pointKey(x: composition.x, y: composition.y),
                                  realisation: realisation)
        return build(stream: &stream)
    }

    /// A realisation drawn from `stream`.
    public func build(stream: inout RandomStream) -> SiteEnergyLandscape {
        let accessible = SiteBlocking.accessibleSites(siteCount: lattice.siteCount, blockedCount: blockedCount,
                                                      stream: &stream)
        var energies = [Double](repeating: 0, count: lattice.siteCount)
        let (total, lost) = accessible.withUnsafeBufferPointer { open in
            energies.withUnsafeMutableBufferPointer { q in
                placement.place(lattice: lattice, isAccessible: open, charges: q, unitTypes: nil, stream: &stream)
            }
        }
        addNoise(toCharges: &energies, isAccessible: accessible, stream: &stream)
        return SiteEnergyLandscape(lattice: lattice, energies: energies, isAccessible: accessible,
                                   ionCount: ionCount, lostChargeFraction: total > 0 ? Double(lost) / Double(total) : 0)
    }

    /// Steps 1–2 only, keeping Q_i and the unit types: draws exactly what `build(stream:)`
    /// draws before the noise, so a copy of the stream reproduces the same Q_i.
    public func countercharges(stream: inout RandomStream) -> CounterchargeLayout {
        let accessible = SiteBlocking.accessibleSites(siteCount: lattice.siteCount, blockedCount: blockedCount,
                                                      stream: &stream)
        var charges = [Double](repeating: 0, count: lattice.siteCount)
        var units = [NetworkFormerUnit](repeating: .B3, count: lattice.siteCount)
        let (total, lost) = accessible.withUnsafeBufferPointer { open in
            charges.withUnsafeMutableBufferPointer { q in
                units.withUnsafeMutableBufferPointer { types in
                    placement.place(lattice: lattice, isAccessible: open, charges: q, unitTypes: types, stream: &stream)
                }
            }
        }
        return CounterchargeLayout(isAccessible: accessible, charges: charges, unitTypes: units,
                                   totalCharge: total, lostCharge: lost)
    }

    /// Step 3 in place: ε_i = V0·(Q_i + σ_ε·ξ_i), ξ_i standard normal; NaN on blocked sites.
    func addNoise(toCharges values: inout [Double], isAccessible: [Bool], stream: inout RandomStream) {
        let v0 = parameters.v0, sigma = parameters.sigmaEpsilon
        isAccessible.withUnsafeBufferPointer { open in
            values.withUnsafeMutableBufferPointer { e in
                for i in 0..<e.count {
                    e[i] = open[i] ? v0 * (e[i] + sigma * stream.normal()) : .nan
                }
            }
        }
    }
}
