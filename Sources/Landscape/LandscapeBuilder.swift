import Glass

/// Builds site-energy landscapes of one composition (docs/model.md §3).
///
/// Each realisation draws one word from its own `RandomStream`, which keys a stream per
/// (stage, plane x) (`PlaneStreams`), so that any range of planes — one MPI rank's slab — can be
/// drawn alone and bit-identically to the whole lattice:
/// 1. the blocked ion sites, exactly round(f_bl·N_tot) with f_bl = 1 − r/(1 − f0): the count of
///    each plane from one stream, then each plane's sites from its own (`SiteBlocking`);
/// 2. the unit type of every NFU site from the NFU fractions, and the placement of its
///    countercharge on neighbouring accessible ion sites, giving Q_i (one stream per NFU plane);
/// 3. the noise η_i ~ N(0, σ_ε²) of every accessible site (one stream per ion plane, in index
///    order),
/// and sets ε_i = V0·(Q_i + η_i). Rounding is to nearest, halves away from zero.
/// Memory: the energies (8 bytes per site) and the accessibility flags (1 byte per site); a
/// slab of p planes needs p + 2 planes of flags.
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
        let slab = buildSlab(planes: 0..<lattice.edge, stream: &stream)
        return SiteEnergyLandscape(lattice: lattice, energies: slab.energies, isAccessible: slab.isAccessible,
                                   ionCount: ionCount,
                                   lostChargeFraction: slab.totalCharge > 0 ? Double(slab.lostCharge) / Double(slab.totalCharge) : 0)
    }

    /// The ion planes `planes` (a range of x) of realisation `realisation`, drawn without the
    /// rest of the lattice: bit for bit the same values as the same planes of `build(seed:realisation:)`.
    public func buildSlab(seed: UInt64, realisation: UInt64, planes: Range<Int>) -> LandscapeSlab {
        var stream = RandomStream(seed: seed, point: RandomStream.pointKey(x: composition.x, y: composition.y),
                                  realisation: realisation)
        return buildSlab(planes: planes, stream: &stream)
    }

    /// The planes `planes` of the realisation drawn from `stream` (see `build(stream:)`).
    public func buildSlab(planes: Range<Int>, stream: inout RandomStream) -> LandscapeSlab {
        precondition(planes.lowerBound >= 0 && planes.upperBound <= lattice.edge && !planes.isEmpty,
                     "slab planes must lie in 0..<N_L")
        let drawn = countercharges(planes: planes, stream: &stream, unitTypes: nil)
        var energies = drawn.charges
        addNoise(toCharges: &energies, isAccessible: drawn.isAccessible, planes: planes, streams: drawn.streams)
        return LandscapeSlab(lattice: lattice, planes: planes, energies: energies, isAccessible: drawn.isAccessible,
                             accessibleCount: accessibleCount, ionCount: ionCount,
                             totalCharge: drawn.total, lostCharge: drawn.lost)
    }

    /// Steps 1–2 only, keeping Q_i and the unit types: draws exactly what `build(stream:)`
    /// draws before the noise, so a copy of the stream reproduces the same Q_i.
    public func countercharges(stream: inout RandomStream) -> CounterchargeLayout {
        var units = [NetworkFormerUnit](repeating: .B3, count: lattice.siteCount)
        let drawn = units.withUnsafeMutableBufferPointer { types in
            countercharges(planes: 0..<lattice.edge, stream: &stream, unitTypes: types)
        }
        return CounterchargeLayout(isAccessible: drawn.isAccessible, charges: drawn.charges, unitTypes: units,
                                   totalCharge: drawn.total, lostCharge: drawn.lost)
    }

    /// The streams of one realisation: one per (stage, plane), keyed by a word drawn from the
    /// realisation's stream, so that any plane can be drawn without the others.
    struct PlaneStreams {
        let base: UInt64
        enum Stage: UInt64 { case blockedCounts = 1, blocking, units, noise }
        func stream(_ stage: Stage, plane: Int) -> RandomStream {
            RandomStream(seed: base, point: stage.rawValue, realisation: UInt64(plane))
        }
    }

    /// Steps 1–2 for the ion planes `planes`: their accessibility and Q_i (0 on blocked sites),
    /// and Σ|q| and the lost Σ|q| of the NFU planes with the same indices.
    func countercharges(planes: Range<Int>, stream: inout RandomStream,
                        unitTypes: UnsafeMutableBufferPointer<NetworkFormerUnit>?)
        -> (isAccessible: [Bool], charges: [Double], total: Int, lost: Int, streams: PlaneStreams) {
        let streams = PlaneStreams(base: stream.next())
        let planeSize = lattice.planeSize
        var countStream = streams.stream(.blockedCounts, plane: 0)
        let counts = SiteBlocking.planeCounts(planeCount: lattice.edge, planeSize: planeSize,
                                              blockedCount: blockedCount, stream: &countStream)
        let window = PlaneWindow(edge: lattice.edge, planes: planes)
        var access = [Bool](repeating: true, count: window.accessCount * planeSize)
        access.withUnsafeMutableBufferPointer { all in
            for (local, x) in window.accessPlanes.enumerated() {
                var planeStream = streams.stream(.blocking, plane: x)
                SiteBlocking.markAccessible(UnsafeMutableBufferPointer(rebasing: all[(local * planeSize)..<((local + 1) * planeSize)]),
                                            blockedCount: counts[x], stream: &planeStream)
            }
        }
        var charges = [Double](repeating: 0, count: planes.count * planeSize)
        var total = 0, lost = 0
        access.withUnsafeBufferPointer { open in
            charges.withUnsafeMutableBufferPointer { q in
                for x in window.nfuPlanes {
                    var planeStream = streams.stream(.units, plane: x)
                    let (t, l) = placement.placePlane(x, lattice: lattice, window: window, isAccessible: open, charges: q,
                                                      unitTypes: unitTypes, stream: &planeStream)
                    if planes.contains(x) { total += t; lost += l }
                }
            }
        }
        if planes.count == lattice.edge { return (access, charges, total, lost, streams) }
        var own = [Bool]()
        own.reserveCapacity(planes.count * planeSize)
        for x in planes {
            let local = window.accessLocal(x)
            own.append(contentsOf: access[(local * planeSize)..<((local + 1) * planeSize)])
        }
        return (own, charges, total, lost, streams)
    }

    /// Step 3 in place, plane by plane from each plane's stream: ε_i = V0·(Q_i + σ_ε·ξ_i), ξ_i
    /// standard normal, drawn for the accessible sites in index order; NaN on blocked sites.
    func addNoise(toCharges values: inout [Double], isAccessible: [Bool], planes: Range<Int>, streams: PlaneStreams) {
        let v0 = parameters.v0, sigma = parameters.sigmaEpsilon, planeSize = lattice.planeSize
        isAccessible.withUnsafeBufferPointer { open in
            values.withUnsafeMutableBufferPointer { e in
                for (local, x) in planes.enumerated() {
                    var stream = streams.stream(.noise, plane: x)
                    for i in (local * planeSize)..<((local + 1) * planeSize) {
                        e[i] = open[i] ? v0 * (e[i] + sigma * stream.normal()) : .nan
                    }
                }
            }
        }
    }
}

/// Ion planes [first, end) of a landscape, drawn alone (`LandscapeBuilder.buildSlab`): the same
/// values as those planes of the whole landscape, with the whole landscape's counts.
public struct LandscapeSlab: Sendable {
    public let lattice: CubicLattice
    public let planes: Range<Int>
    /// ε_i of the slab's sites (plane by plane, as `CubicLattice` indexes them), NaN if blocked.
    public let energies: [Double]
    public let isAccessible: [Bool]
    /// N_acc and N of the whole landscape.
    public let accessibleCount: Int
    public let ionCount: Int
    /// Σ|q| and the lost Σ|q| of the NFU planes with the slab's indices (they add up over slabs).
    public let totalCharge: Int
    public let lostCharge: Int

    /// Global index of the slab's first site.
    public var firstSite: Int { planes.lowerBound * lattice.planeSize }
}
