import Glass

/// Countercharges Q_i of the ion sites before noise (docs/model.md §3), with the NFU unit types drawn.
/// Produced by `LandscapeBuilder.countercharges(stream:)` for inspection and tests; the
/// production path `build` keeps neither `charges` nor `unitTypes`.
public struct CounterchargeLayout: Sendable {
    /// Accessible (non-blocked) ion sites.
    public let isAccessible: [Bool]
    /// Q_i = Σ of the contributions of neighbouring units (≤ 0); 0 on blocked sites.
    public let charges: [Double]
    /// Unit type of every NFU site, in lattice index order.
    public let unitTypes: [NetworkFormerUnit]
    /// Σ |q| over all NFU sites (positive, in units of e).
    public let totalCharge: Int
    /// Σ |q| over units with no accessible neighbour ion site (z = 0).
    public let lostCharge: Int
}

/// Unit types drawn per NFU site and their charge put on neighbouring accessible ion sites.
struct CounterchargePlacement {
    /// Upper ends of the unit intervals on [0, 1): unit u is drawn when
    /// thresholds[u−1] ≤ U < thresholds[u]. The probabilities are the fractions divided by
    /// their sum, which is 1 within the validation tolerance; the fractions are not altered.
    let thresholds: [Double]
    /// Charge q, nbO count k and placement of each unit, in `NetworkFormerUnit` order.
    let charges: [Int]
    let nonBridging: [Int]
    let isDelocalised: [Bool]

    init(fractions: NFUFractions) {
        let total = fractions.values.reduce(0, +)
        var running = 0.0
        var upper: [Double] = []
        for f in fractions.values {
            running += f
            upper.append(running / total)
        }
        // The last nonzero unit takes everything up to 1, so rounding can never leave U unassigned.
        if let last = fractions.values.lastIndex(where: { $0 > 0 }) {
            for u in last..<upper.count { upper[u] = .infinity }
        }
        thresholds = upper
        charges = NetworkFormerUnit.allCases.map(\.charge)
        nonBridging = NetworkFormerUnit.allCases.map(\.nonBridgingOxygens)
        isDelocalised = NetworkFormerUnit.allCases.map { $0.chargePlacement == .delocalised }
    }

    /// Draws the units of NFU plane `x` (in index order, from `stream`) and adds their charge to
    /// the ion sites (docs/model.md §3): a localised unit with k nbO gives q/k to k distinct accessible
    /// neighbours chosen uniformly (partial Fisher–Yates over the accessible ones), or q/z to each
    /// of its z < k; a B4 gives q/z to each of its z accessible neighbours; with z = 0 the charge
    /// is lost. NFU plane x touches ion planes x and x − 1 (mod N_L): `window` says where their
    /// accessibility and charges are stored; charges for planes outside `window.charged` are
    /// drawn but not stored. Records each unit in `unitTypes` (global NFU index) when given.
    /// Returns Σ|q| and the lost Σ|q| of the plane.
    func placePlane(_ x: Int, lattice: CubicLattice, window: PlaneWindow, isAccessible: UnsafeBufferPointer<Bool>,
                    charges siteCharges: UnsafeMutableBufferPointer<Double>,
                    unitTypes: UnsafeMutableBufferPointer<NetworkFormerUnit>?,
                    stream: inout RandomStream) -> (total: Int, lost: Int) {
        let n = lattice.edge, planeSize = lattice.planeSize
        let lastUnit = thresholds.count - 1
        let below = x == 0 ? n - 1 : x - 1
        // Sites b = 0…3 of `ionSitesAroundNFU` lie in ion plane x, b = 4…7 in plane x − 1: local
        // index = global index + the offset of its plane.
        let accessOffset = (window.accessLocal(x) - x) * planeSize, accessOffsetBelow = (window.accessLocal(below) - below) * planeSize
        // Where a share for a site of plane x (b < 4) or x − 1 (b ≥ 4) goes: its charge, or a sink
        // when that plane lies outside the slab (drawn, not stored).
        var sink = 0.0
        let base = siteCharges.baseAddress!
        let chargeOffset = window.chargeLocal(x).map { ($0 - x) * planeSize }
        let chargeOffsetBelow = window.chargeLocal(below).map { ($0 - below) * planeSize }
        // The targets of the current unit's accessible neighbours; compacted without branches,
        // since whether a site is blocked is a coin flip the branch predictor cannot learn.
        let open = UnsafeMutablePointer<UnsafeMutablePointer<Double>>.allocate(capacity: 8)
        defer { open.deallocate() }
        var total = 0, lost = 0
        var nfu = x * planeSize
        withUnsafeMutablePointer(to: &sink) { sink in
            thresholds.withUnsafeBufferPointer { thresholds in
                for y in 0..<n {
                    for z in 0..<n {
                        defer { nfu += 1 }
                        let u = stream.uniform()
                        var unit = 0
                        while unit < lastUnit && u >= thresholds[unit] { unit += 1 }
                        unitTypes?[nfu] = NetworkFormerUnit(rawValue: unit)!
                        let q = charges[unit]
                        if q == 0 { continue }
                        total -= q

                        let around = lattice.ionSitesAroundNFU(x: x, y: y, z: z)
                        var z = 0
                        for b in 0..<4 {
                            let site = Int(around[b])
                            open[z] = chargeOffset.map { base + site + $0 } ?? sink
                            z &+= isAccessible[site + accessOffset] ? 1 : 0
                        }
                        for b in 4..<8 {
                            let site = Int(around[b])
                            open[z] = chargeOffsetBelow.map { base + site + $0 } ?? sink
                            z &+= isAccessible[site + accessOffsetBelow] ? 1 : 0
                        }
                        if z == 0 {
                            lost -= q
                            continue
                        }
                        let k = nonBridging[unit]
                        if isDelocalised[unit] || z <= k {
                            let share = Double(q) / Double(z)
                            for t in 0..<z { open[t].pointee += share }
                        } else {
                            let share = Double(q) / Double(k)
                            for t in 0..<k {
                                let pick = t + stream.index(below: z - t)
                                let target = open[pick]
                                open[pick] = open[t]
                                open[t] = target
                                target.pointee += share
                            }
                        }
                    }
                }
            }
        }
        return (total, lost)
    }
}

/// Where a slab of ion planes [first, end) keeps its data: charges (and energies) for its own
/// planes, accessibility also for the plane below and the plane above it (periodic), which the
/// units of its NFU planes touch. For the whole lattice both cover every plane once.
struct PlaneWindow {
    let edge: Int
    /// The slab's own ion planes.
    let charged: Range<Int>
    /// First plane with accessibility stored (first − 1, periodic) and how many.
    let accessStart: Int
    let accessCount: Int

    init(edge: Int, planes: Range<Int>) {
        self.edge = edge
        charged = planes
        accessCount = min(edge, planes.count + 2)
        // A window over every plane stores them in lattice order, so the slab's own flags are
        // the stored ones.
        accessStart = accessCount == edge ? 0 : (planes.lowerBound - 1 + edge) % edge
    }

    /// Local plane of ion plane `x` in the accessibility arrays.
    func accessLocal(_ x: Int) -> Int { (x - accessStart + edge) % edge }
    /// The ion planes with accessibility stored, in local order.
    var accessPlanes: [Int] { (0..<accessCount).map { (accessStart + $0) % edge } }
    /// Local plane of ion plane `x` in the charge arrays, nil outside the slab.
    func chargeLocal(_ x: Int) -> Int? { charged.contains(x) ? x - charged.lowerBound : nil }
    /// The NFU planes whose units touch the slab (x and x + 1 for each of its planes), in
    /// increasing order, which is the order their charges are added in the whole lattice too.
    var nfuPlanes: [Int] {
        Set(charged.flatMap { [$0, ($0 + 1) % edge] }).sorted()
    }
}
