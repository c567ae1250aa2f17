import Foundation
import Landscape

/// Ions with site exclusion hopping on a hopping graph: the rejection-free kinetic Monte Carlo
/// of docs/kmc.md (Bortz, Kalos & Lebowitz, J. Comput. Phys. 17, 10 (1975)).
///
/// State: which site holds which ion; for every site a 6-bit mask of its empty neighbours; and a
/// sum tree whose leaf s is the exit rate of the ion on site s, Σ_k w_{s,k} over the empty
/// neighbours k (0 for an empty site). Each event
///   1. advances the clock by Δt = −ln(u₁)/R, R the total rate (exponential waiting time);
///   2. picks a site with probability proportional to its exit rate by walking down the tree
///      with u₂·R, then the hop out of it from the remainder;
///   3. moves the ion, updates the masks of the neighbours of both sites of the hop, and
///      recomputes the exit rates of those two sites and of the occupied neighbours of both
///      (the only rates a hop changes) from their masks, and the ancestors of those leaves.
/// Exit rates are always recomputed from the stored rates, never updated by differences, so a
/// rate many decades smaller than the others of its site is never lost.
/// Times are in units of 1/Γ0 (`MetropolisRates`). Displacements are unwrapped: each hop adds
/// its unit vector to the ion's displacement, whatever the periodic wrap.
///
/// All randomness comes from the `RandomStream` given at construction, so a run is a pure
/// function of its inputs. Not thread-safe: one instance per task.
public final class LatticeGas {
    public let graph: HoppingGraph
    public let rates: MetropolisRates
    /// Number of ions N.
    public let ionCount: Int
    /// Elapsed time in units of 1/Γ0.
    public private(set) var time: Double = 0
    /// Σ ε over occupied sites, eV.
    public private(set) var energy: Double = 0
    /// ∫ E dt since the last `resetEnergyIntegral()`, eV/Γ0.
    public private(set) var energyIntegral: Double = 0
    /// Hops made since the last `resetDisplacements()`.
    public private(set) var jumps: Int = 0
    /// Hops made in total.
    public private(set) var totalJumps: Int = 0
    public private(set) var stream: RandomStream

    private let siteCount: Int
    private let treeShape: RateTree
    private let tree: RateTreeView
    /// Ion on each site, −1 when empty; one more entry for the blocked-neighbour sentinel.
    private let ionAt: UnsafeMutablePointer<Int32>
    /// Bit k set when neighbour slot k of the site is empty (never for a blocked neighbour); one
    /// more entry for the sentinel, which absorbs writes and is never read.
    private let emptyMask: UnsafeMutablePointer<UInt8>
    /// Unwrapped displacement of each ion (x, y, z in units of a) since the last reset.
    private let displacement: UnsafeMutablePointer<Int32>
    /// Σ_i Δr_i since the last reset.
    private var collective: (Int64, Int64, Int64) = (0, 0, 0)
    private let scratch: UnsafeMutablePointer<Int>
    /// Copies of the graph's energies, neighbour slots and relative rates, so the event loop
    /// reads plain pointers.
    private let siteEnergy: UnsafeMutablePointer<Double>
    private let neighbour: UnsafeMutablePointer<Int32>
    private let rate: UnsafeMutablePointer<Double>
    /// Time-integrated occupation per site and the time of each site's last change (nil unless tracked).
    private let occupiedTime: UnsafeMutablePointer<Double>?
    private let lastChange: UnsafeMutablePointer<Double>?
    private var occupationOrigin: Double = 0
    /// The x-steps of the collective displacement (time, ±1) since the last `takeXSteps()`, when
    /// recorded (`recordsXSteps`).
    public var recordsXSteps = false
    private var xSteps: [(time: Double, step: Int8)] = []

    /// - Parameters:
    ///   - occupiedSites: the compact sites that hold ions at t = 0 (distinct, in 0..<N_acc); ion k
    ///     starts on `occupiedSites[k]`.
    ///   - tracksOccupation: also integrate each site's occupation over time (for
    ///     `occupationAverages()`); costs two stores per hop.
    public init(graph: HoppingGraph, rates: MetropolisRates, occupiedSites: [Int], stream: RandomStream,
                tracksOccupation: Bool = false) throws(KMCError) {
        let n = graph.siteCount, z = HoppingGraph.coordination
        guard rates.relative.count == z * n else {
            throw .invalidParameter(name: "rates", value: "\(rates.relative.count) entries",
                                    accepted: "6 per site of the graph (\(z * n))")
        }
        var seen = Set<Int>()
        for s in occupiedSites where s < 0 || s >= n || !seen.insert(s).inserted {
            throw .invalidParameter(name: "occupied site", value: "\(s)", accepted: "distinct sites in 0..<\(n)")
        }
        guard !occupiedSites.isEmpty, occupiedSites.count < n else {
            throw .invalidParameter(name: "ion count", value: "\(occupiedSites.count)", accepted: "1 … N_acc − 1 = \(n - 1)")
        }
        self.graph = graph
        self.rates = rates
        self.ionCount = occupiedSites.count
        self.stream = stream
        self.siteCount = n
        treeShape = RateTree(leaves: n)
        let nodes = UnsafeMutablePointer<Double>.allocate(capacity: treeShape.nodeCount)
        nodes.initialize(repeating: 0, count: treeShape.nodeCount)
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: treeShape.levelOffset.count)
        offsets.initialize(from: treeShape.levelOffset, count: treeShape.levelOffset.count)
        tree = RateTreeView(nodes: nodes, offsets: offsets, levels: treeShape.levelOffset.count)
        ionAt = .allocate(capacity: n + 1)
        ionAt.initialize(repeating: -1, count: n + 1)
        ionAt[n] = Int32.max
        emptyMask = .allocate(capacity: n + 1)
        emptyMask.initialize(repeating: 0, count: n + 1)
        displacement = .allocate(capacity: 3 * occupiedSites.count)
        displacement.initialize(repeating: 0, count: 3 * occupiedSites.count)
        scratch = .allocate(capacity: 16)
        scratch.initialize(repeating: 0, count: 16)
        siteEnergy = .allocate(capacity: n)
        siteEnergy.initialize(from: graph.energies, count: n)
        neighbour = .allocate(capacity: z * n)
        neighbour.initialize(from: graph.neighbours, count: z * n)
        rate = .allocate(capacity: z * n)
        rate.initialize(from: rates.relative, count: z * n)
        if tracksOccupation {
            occupiedTime = .allocate(capacity: n)
            occupiedTime!.initialize(repeating: 0, count: n)
            lastChange = .allocate(capacity: n)
            lastChange!.initialize(repeating: 0, count: n)
        } else {
            occupiedTime = nil
            lastChange = nil
        }
        for (ion, s) in occupiedSites.enumerated() {
            ionAt[s] = Int32(ion)
            energy += graph.energies[s]
        }
        for s in 0..<n {
            var mask: UInt8 = 0
            for k in 0..<z where ionAt[Int(neighbour[z * s + k])] < 0 { mask |= 1 << k }
            emptyMask[s] = mask
            if ionAt[s] >= 0 { tree.setLeaf(s, exitRate(of: s)) }
        }
        treeShape.rebuild(tree.nodes)
    }

    deinit {
        tree.nodes.deallocate()
        tree.offsets.deallocate()
        ionAt.deallocate()
        emptyMask.deallocate()
        displacement.deallocate()
        scratch.deallocate()
        siteEnergy.deallocate()
        neighbour.deallocate()
        rate.deallocate()
        occupiedTime?.deallocate()
        lastChange?.deallocate()
    }

    /// Total hop rate R of the current configuration, in units of Γ0.
    public var totalRate: Double { tree.total }

    /// Σ_k w_{s,k} over the empty neighbours of s: the exit rate of an ion on site s.
    @inline(__always)
    private func exitRate(of s: Int) -> Double {
        let base = HoppingGraph.coordination &* s
        let mask = emptyMask[s]
        var sum = 0.0
        for k in 0..<HoppingGraph.coordination {
            sum += rate[base &+ k] * Double((mask >> UInt8(k)) & 1)
        }
        return sum
    }

    /// Whether no hop can happen: the total rate R is below `frozenRate` (every ion without an
    /// empty neighbour, or every rate out of its site below ~1e-301 Γ0, as when βΔε > 745 at low T).
    /// Such a configuration holds for ever: its expected waiting time 1/R exceeds any run (and
    /// the largest Double).
    public var isFrozen: Bool { !(tree.total >= Self.frozenRate) }

    /// Total rates below 2⁻¹⁰⁰⁰ Γ0 count as frozen: the waiting time −ln(u)/R would overflow
    /// a Double for R ≲ 2e-307, and nothing between changes what a run can measure.
    public static let frozenRate = 0x1p-1000

    /// Makes hops until `maxEvents` have been made, the clock would pass `endTime`, or the
    /// configuration is frozen (`isFrozen`). When the next waiting time would carry the clock
    /// past `endTime`, the clock stops at `endTime` and that hop is not made; since waiting times
    /// are exponential (memoryless), drawing a fresh one on the next call leaves the process
    /// unchanged. A frozen configuration holds until `endTime` (the clock and the energy
    /// integral advance to it) or, when `endTime` is infinite, the call returns at once.
    /// Returns the number of hops made.
    @discardableResult
    public func run(maxEvents: Int, until endTime: Double = .infinity) -> Int {
        let z = HoppingGraph.coordination
        let (ionAt, emptyMask, displacement, tree, scratch) = (self.ionAt, self.emptyMask, self.displacement, self.tree, self.scratch)
        let (e, w, nb) = (siteEnergy, rate, neighbour)
        let (occupiedTime, lastChange) = (self.occupiedTime, self.lastChange)
        var stream = self.stream
        var time = self.time, energy = self.energy, energyIntegral = self.energyIntegral
        var (cx, cy, cz) = collective
        var made = 0
        while made < maxEvents {
            let total = tree.total
            guard total >= Self.frozenRate else {
                // Frozen: the configuration holds for ever.
                if endTime.isFinite {
                    energyIntegral += energy * (endTime - time)
                    time = endTime
                }
                break
            }
            // u₁ in (0, 1], so the logarithm is finite.
            let u1 = Double((stream.next() >> 11) &+ 1) * 0x1p-53
            let dt = -log(u1) / total
            if time + dt > endTime {
                energyIntegral += energy * (endTime - time)
                time = endTime
                break
            }
            energyIntegral += energy * dt
            time += dt

            let (from, remainder) = tree.select(stream.uniform() * total)
            // The hop out of `from`: the slot in whose share the remainder falls, or the last
            // allowed slot when rounding carries the remainder past the leaf's sum.
            var r = remainder, slot = -1, lastAllowed = 0
            let base = z &* from
            let fromMask = emptyMask[from]
            for k in 0..<z where (fromMask >> UInt8(k)) & 1 == 1 {
                let rk = w[base &+ k]
                guard rk > 0 else { continue }
                if r < rk { slot = k; break }
                r -= rk
                lastAllowed = k
            }
            if slot < 0 { slot = lastAllowed }
            let to = Int(nb[base &+ slot])

            let ion = Int(ionAt[from])
            ionAt[to] = Int32(truncatingIfNeeded: ion)
            ionAt[from] = -1
            energy += e[to] - e[from]
            let step = HoppingGraph.sign(ofSlot: slot)
            displacement[3 &* ion &+ (slot >> 1)] &+= step
            switch slot >> 1 {
            case 0:
                cx &+= Int64(step)
                if recordsXSteps { xSteps.append((time, Int8(step))) }
            case 1: cy &+= Int64(step)
            default: cz &+= Int64(step)
            }
            if let occupiedTime, let lastChange {
                occupiedTime[from] += time - lastChange[from]
                lastChange[to] = time
            }

            // Masks: `from` is now empty for each of its neighbours, `to` now full for each of
            // its; the neighbour in slot k sees the site in slot k ^ 1 (the opposite direction).
            // A neighbour of `from` is occupied iff its bit in `from`'s mask is clear (the
            // sentinel's bit always is); likewise for `to`, whose mask the hop leaves unchanged
            // but for the bit of `from`. Those occupied neighbours get new exit rates.
            let toBase = z &* to
            tree.setLeaf(from, 0)
            scratch[0] = from
            scratch[1] = to
            var count = 2
            for k in 0..<z {
                let m = Int(nb[base &+ k])
                emptyMask[m] |= 1 << UInt8(k ^ 1)
                if (fromMask >> UInt8(k)) & 1 == 0 && m != siteCount {
                    tree.setLeaf(m, exitRate(of: m))
                    scratch[count] = m
                    count &+= 1
                }
            }
            let toMask = emptyMask[to]
            for k in 0..<z {
                let m = Int(nb[toBase &+ k])
                emptyMask[m] &= ~(1 << UInt8(k ^ 1))
                if (toMask >> UInt8(k)) & 1 == 0 && m != siteCount {
                    tree.setLeaf(m, exitRate(of: m))
                    scratch[count] = m
                    count &+= 1
                }
            }
            tree.setLeaf(to, exitRate(of: to))
            // Insertion sort of ≤ 12 leaf indices, then one pass per tree level.
            for i in 1..<count {
                let v = scratch[i]
                var j = i &- 1
                while j >= 0 && scratch[j] > v { scratch[j &+ 1] = scratch[j]; j &-= 1 }
                scratch[j &+ 1] = v
            }
            tree.refresh(changed: scratch, count: count)
            made &+= 1
        }
        self.stream = stream
        self.time = time
        self.energy = energy
        self.energyIntegral = energyIntegral
        self.collective = (cx, cy, cz)
        self.jumps += made
        self.totalJumps += made
        return made
    }

    /// The recorded x-steps (see `recordsXSteps`), emptying the record. Times are on the clock of
    /// the step (`rebaseClock` moves the origin, not the recorded times).
    public func takeXSteps() -> [(time: Double, step: Int8)] {
        defer { xSteps.removeAll(keepingCapacity: true) }
        return xSteps
    }

    /// Zeroes every ion's displacement, the collective displacement and the hop count `jumps`.
    public func resetDisplacements() {
        displacement.update(repeating: 0, count: 3 * ionCount)
        collective = (0, 0, 0)
        jumps = 0
    }

    /// Σ_i |Δr_i|² since the last reset, in units of a².
    public var tracerSquaredDisplacement: Double {
        var sum = 0.0
        for k in 0..<(3 * ionCount) {
            let d = Double(displacement[k])
            sum += d * d
        }
        return sum
    }

    /// |Σ_i Δr_i|² since the last reset, in units of a².
    public var collectiveSquaredDisplacement: Double {
        let (x, y, z) = (Double(collective.0), Double(collective.1), Double(collective.2))
        return x * x + y * y + z * z
    }

    public func resetEnergyIntegral() { energyIntegral = 0 }

    /// Moves the clock's origin to now (`time` = 0), keeping every time difference that the
    /// occupation averages use. Callers that measure intervals start each one here: after one
    /// wait of 1e100/Γ0 in a deep trap, a clock that kept counting from the start would round
    /// every later wait of ~1/Γ0 to nothing.
    public func rebaseClock() {
        if let lastChange {
            for s in 0..<siteCount { lastChange[s] -= time }
        }
        occupationOrigin -= time
        time = 0
    }

    /// Starts the occupation averages afresh at the current time.
    public func resetOccupationTimes() {
        guard let occupiedTime, let lastChange else { return }
        occupiedTime.update(repeating: 0, count: siteCount)
        lastChange.update(repeating: time, count: siteCount)
        occupationOrigin = time
    }

    /// Time-averaged occupation ⟨n_i⟩ of each compact site since `resetOccupationTimes()` (or the
    /// start); nil unless tracked or when no time has passed.
    public func occupationAverages() -> [Double]? {
        guard let occupiedTime, let lastChange, time > occupationOrigin else { return nil }
        let span = time - occupationOrigin
        return (0..<siteCount).map { s in
            (occupiedTime[s] + (ionAt[s] >= 0 ? time - lastChange[s] : 0)) / span
        }
    }

    /// The compact sites that hold ions, in ion order.
    public var ionSites: [Int] {
        var sites = [Int](repeating: 0, count: ionCount)
        for s in 0..<siteCount where ionAt[s] >= 0 { sites[Int(ionAt[s])] = s }
        return sites
    }
}
