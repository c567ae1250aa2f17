import Foundation
import Landscape

/// The periodic bulk network of the ac conductivity (docs/model.md §14): one node per
/// accessible site with its capacitance C_i = βe² f_i(1 − f_i), one link per pair of nearest
/// accessible neighbours (periodic in x, y and z) with the eq. (7) conductance g_ij, and for
/// each link whether it is a step along +x (from `firstNode` to `secondNode`), which is where
/// the applied field drives it. Capacitances and conductances are held as logarithms.
///
/// In a field E e^{iωt} along x, ψ = V + u with V_i = −E x_i and u periodic solves
/// (L + iωC) u = b, and σ(ω)·V = Σ_links g (Δψ)² + iω Σ_i C_i u_i² with Δψ = u_i − u_j + e_ij
/// (e_ij = 1 on +x links, E·a = 1): `ACConductivity` solves it.
public struct PeriodicNetwork: Sendable {
    /// N_L: the volume is N_L³ sites (blocked ones included: they fill space too).
    public let edge: Int
    /// a in m (1 for an abstract network).
    public let latticeConstant: Double
    /// log C_i per node (C in F, or the caller's unit).
    public let logCapacitances: [Double]
    public let firstNode: [Int32]
    public let secondNode: [Int32]
    /// log g per link (g in S, or the caller's unit).
    public let logConductances: [Double]
    /// Whether the link from `firstNode` to `secondNode` is a step of +a along x.
    public let alongX: [Bool]

    public var nodeCount: Int { logCapacitances.count }
    public var linkCount: Int { logConductances.count }
    /// V in units of a³.
    public var volume: Double { Double(edge) * Double(edge) * Double(edge) }

    /// A network from explicit arrays.
    /// - Throws: `TransportError.invalidParameter` for inconsistent arrays, a link end outside
    ///   the nodes, a self-link, or a non-finite value.
    public init(edge: Int, latticeConstant: Double = 1, logCapacitances: [Double], links: [(Int, Int)],
                logConductances: [Double], alongX: [Bool]) throws(TransportError) {
        guard edge >= 1, latticeConstant.isFinite, latticeConstant > 0 else {
            throw .invalidParameter(name: "edge, lattice constant", value: "\(edge), \(latticeConstant)",
                                    accepted: "N_L ≥ 1 and a > 0")
        }
        guard links.count == logConductances.count, links.count == alongX.count else {
            throw .invalidParameter(name: "link arrays", value: "\(links.count), \(logConductances.count), \(alongX.count)",
                                    accepted: "one entry per link in each")
        }
        for (k, c) in logCapacitances.enumerated() where !c.isFinite {
            throw .invalidParameter(name: "log-capacitance of node \(k)", value: "\(c)", accepted: "finite")
        }
        var first: [Int32] = [], second: [Int32] = []
        for (k, (i, j)) in links.enumerated() {
            guard i >= 0, j >= 0, i < logCapacitances.count, j < logCapacitances.count, i != j,
                  logConductances[k].isFinite else {
                throw .invalidParameter(name: "link \(k)", value: "(\(i), \(j)), log g = \(logConductances[k])",
                                        accepted: "two distinct nodes in 0..<\(logCapacitances.count), finite log g")
            }
            first.append(Int32(i)); second.append(Int32(j))
        }
        self.init(edge: edge, latticeConstant: latticeConstant, logCapacitances: logCapacitances, firstNode: first,
                  secondNode: second, logConductances: logConductances, alongX: alongX)
    }

    init(edge: Int, latticeConstant: Double, logCapacitances: [Double], firstNode: [Int32], secondNode: [Int32],
         logConductances: [Double], alongX: [Bool]) {
        self.edge = edge
        self.latticeConstant = latticeConstant
        self.logCapacitances = logCapacitances
        self.firstNode = firstNode
        self.secondNode = secondNode
        self.logConductances = logConductances
        self.alongX = alongX
    }

    /// The network of a landscape at temperature T (μ(T) for its ion count, docs/model.md §4):
    /// g_ij from eq. (7) and C_i = βe² f_i(1 − f_i), in S and F.
    public init(landscape: SiteEnergyLandscape, temperature: Double, hopping: HoppingParameters) throws(TransportError) {
        let mu: Double
        do {
            mu = try Occupation.chemicalPotential(of: landscape, temperature: temperature)
        } catch {
            throw .computationFailed("chemical potential at \(temperature) K: \(error)")
        }
        let link = try LinkConductance(temperature: temperature, chemicalPotential: mu, hopping: hopping)
        let lattice = landscape.lattice, n = lattice.edge
        var compact = [Int32](repeating: -1, count: lattice.siteCount)
        var logC: [Double] = []
        logC.reserveCapacity(landscape.accessibleCount)
        let logBetaE2 = log(PhysicalConstants.elementaryCharge / (PhysicalConstants.boltzmannEV * temperature))
        for i in 0..<lattice.siteCount where landscape.isAccessible[i] {
            compact[i] = Int32(logC.count)
            let x = landscape.energies[i] - mu
            logC.append(logBetaE2 + Occupation.logFermi(x, beta: link.beta) + Occupation.logOneMinusFermi(x, beta: link.beta))
        }
        var first: [Int32] = [], second: [Int32] = [], logG: [Double] = [], alongX: [Bool] = []
        let estimate = 3 * landscape.accessibleCount
        first.reserveCapacity(estimate); second.reserveCapacity(estimate); logG.reserveCapacity(estimate)
        alongX.reserveCapacity(estimate)
        let energies = landscape.energies
        for x in 0..<n { for y in 0..<n { for z in 0..<n {
            let i = lattice.index(x, y, z)
            guard compact[i] >= 0 else { continue }
            let ahead = [lattice.index((x + 1) % n, y, z), lattice.index(x, (y + 1) % n, z), lattice.index(x, y, (z + 1) % n)]
            for (axis, j) in ahead.enumerated() where compact[j] >= 0 && j != i {
                first.append(compact[i]); second.append(compact[j])
                logG.append(link.logConductance(energies[i], energies[j]))
                alongX.append(axis == 0)
            }
        } } }
        self.init(edge: n, latticeConstant: hopping.latticeConstant, logCapacitances: logC, firstNode: first,
                  secondNode: second, logConductances: logG, alongX: alongX)
    }

    /// The random barrier model (docs/model.md §14): every site of an N_L³ lattice with the same
    /// capacitance 1 (one ion, equal site energies), link rates e^{−B·U}, U uniform on [0, 1)
    /// from `stream`, in link order (+x, +y, +z of each site in index order). Units: g and C of
    /// the hop rate ν = 1 and one unit of capacitance.
    public static func randomBarrier(edge: Int, strength: Double, stream: inout RandomStream) throws(TransportError) -> PeriodicNetwork {
        guard edge >= 2, strength.isFinite, strength >= 0 else {
            throw .invalidParameter(name: "random barrier model", value: "N_L = \(edge), B = \(strength)",
                                    accepted: "N_L ≥ 2, 0 ≤ B < ∞")
        }
        let n = edge, count = n * n * n
        var first: [Int32] = [], second: [Int32] = [], logG: [Double] = [], alongX: [Bool] = []
        for x in 0..<n { for y in 0..<n { for z in 0..<n {
            let i = Int32((x * n + y) * n + z)
            for (axis, j) in [((x + 1) % n, y, z), (x, (y + 1) % n, z), (x, y, (z + 1) % n)].enumerated() {
                first.append(i); second.append(Int32((j.0 * n + j.1) * n + j.2))
                logG.append(-strength * stream.uniform())
                alongX.append(axis == 0)
            }
        } } }
        return PeriodicNetwork(edge: n, latticeConstant: 1, logCapacitances: [Double](repeating: 0, count: count),
                               firstNode: first, secondNode: second, logConductances: logG, alongX: alongX)
    }

    /// The same network with every conductance multiplied by e^`logConductance`, every
    /// capacitance by e^`logCapacitance`, and lattice constant `latticeConstant` (to give the
    /// random barrier model physical units).
    public func scaled(logConductance: Double, logCapacitance: Double, latticeConstant: Double) -> PeriodicNetwork {
        PeriodicNetwork(edge: edge, latticeConstant: latticeConstant, logCapacitances: logCapacitances.map { $0 + logCapacitance },
                        firstNode: firstNode, secondNode: secondNode, logConductances: logConductances.map { $0 + logConductance },
                        alongX: alongX)
    }

    /// σ_∞ = Σ_{+x links} g / V (the ω → ∞ limit: every capacitor shorted, V_i imposed).
    public var logInfiniteFrequencyConductivity: Double {
        var logs: [Double] = []
        for k in 0..<linkCount where alongX[k] { logs.append(logConductances[k]) }
        guard let top = logs.max() else { return -.infinity }
        return top + log(logs.reduce(0) { $0 + exp($1 - top) }) - log(volume)
    }
}
