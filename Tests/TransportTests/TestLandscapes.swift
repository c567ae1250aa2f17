import Foundation
@testable import Landscape
@testable import Transport

/// Test-only generator (xorshift64*, Vigna 2016), independent of the library's SplitMix64Stream.
struct XorShiftStar {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x2545_F491_4F6C_DD1D : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    /// Standard normal by Box–Muller.
    mutating func normal() -> Double {
        (-2 * log(1 - uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
}

/// Hand-made Gaussian landscape: ε_i = scale·z_i with z_i standard normal, a fraction of the
/// sites blocked, ions on `filling` of the accessible sites. The same seed gives the same z_i
/// and blocking for every `scale`.
func gaussianLandscape(edge: Int, seed: UInt64, scale: Double, blocked: Double = 0.05,
                       filling: Double = 0.9, quantum: Double? = nil) throws -> SiteEnergyLandscape {
    let lattice = try CubicLattice(edge: edge)
    var random = XorShiftStar(seed: seed)
    var energies = [Double](repeating: .nan, count: lattice.siteCount)
    var open = [Bool](repeating: false, count: lattice.siteCount)
    for i in energies.indices {
        let z = random.normal()
        guard random.uniform() >= blocked else { continue }
        open[i] = true
        energies[i] = quantum.map { ((scale * z) / $0).rounded() * $0 } ?? scale * z
    }
    let accessible = open.filter { $0 }.count
    return SiteEnergyLandscape(lattice: lattice, energies: energies, isAccessible: open,
                               ionCount: Int((filling * Double(accessible)).rounded()))
}

/// A landscape from a closure of the coordinates; every site accessible.
func patternLandscape(edge: Int, ionCount: Int, energy: (Int, Int, Int) -> Double) throws -> SiteEnergyLandscape {
    let lattice = try CubicLattice(edge: edge)
    var energies = [Double](repeating: 0, count: lattice.siteCount)
    for x in 0..<edge { for y in 0..<edge { for z in 0..<edge { energies[lattice.index(x, y, z)] = energy(x, y, z) } } }
    return SiteEnergyLandscape(lattice: lattice, energies: energies,
                               isAccessible: [Bool](repeating: true, count: lattice.siteCount), ionCount: ionCount)
}

/// Brute-force reference for the first spanning link, written independently of the library:
/// its own link enumeration from coordinates (open x, periodic y and z), a plain sort of all
/// links, and after each added link a breadth-first search from plane x = 0.
enum BruteForceSpanning {
    struct Link { let value: Double; let i: Int; let j: Int }

    static func links(edge n: Int, isAccessible: [Bool], value: (Int, Int) -> Double) -> [Link] {
        func id(_ x: Int, _ y: Int, _ z: Int) -> Int { (x * n + y) * n + z }
        var out: [Link] = []
        for x in 0..<n { for y in 0..<n { for z in 0..<n {
            let i = id(x, y, z)
            guard isAccessible[i] else { continue }
            var neighbours = [id(x, (y + 1) % n, z), id(x, y, (z + 1) % n)]
            if x + 1 < n { neighbours.append(id(x + 1, y, z)) }
            for j in neighbours where isAccessible[j] { out.append(Link(value: value(i, j), i: min(i, j), j: max(i, j))) }
        } } }
        return out
    }

    /// First spanning link value (nil if none), adding links in increasing value.
    static func threshold(edge n: Int, isAccessible: [Bool], value: (Int, Int) -> Double) -> Link? {
        let sorted = links(edge: n, isAccessible: isAccessible, value: value).sorted { $0.value < $1.value }
        var adjacency = [[Int]](repeating: [], count: n * n * n)
        for link in sorted {
            adjacency[link.i].append(link.j)
            adjacency[link.j].append(link.i)
            if spans(edge: n, isAccessible: isAccessible, adjacency: adjacency) { return link }
        }
        return nil
    }

    static func spans(edge n: Int, isAccessible: [Bool], adjacency: [[Int]]) -> Bool {
        var seen = [Bool](repeating: false, count: n * n * n)
        var queue = (0..<(n * n)).filter { isAccessible[$0] }
        for s in queue { seen[s] = true }
        var head = 0
        while head < queue.count {
            let s = queue[head]
            head += 1
            if s / (n * n) == n - 1 { return true }
            for t in adjacency[s] where !seen[t] {
                seen[t] = true
                queue.append(t)
            }
        }
        return false
    }
}

/// Δ_ij of eq. (8b), written out again for the tests.
func referenceBarrier(_ a: Double, _ b: Double, u0: Double, fermi: Double) -> Double {
    u0 + 0.5 * (abs(a - b) + abs(a - fermi) + abs(b - fermi))
}
