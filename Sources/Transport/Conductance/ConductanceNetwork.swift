import Foundation
import Landscape

/// Where a node sits relative to the electrodes (docs/model.md §6).
public enum ElectrodeRole: UInt8, Sendable {
    /// Interior node (set L): its potential is solved for.
    case interior = 0
    /// Node of B+ (plane x = 0), held at φ = 1.
    case source = 1
    /// Node of B− (plane x = N_L − 1), held at φ = 0 (the ground).
    case drain = 2
}

/// An undirected resistor network between two electrodes: nodes with electrode roles and
/// links carrying log-conductances (so conductances spanning hundreds of decades are stored
/// without underflow). Parallel links between the same pair are allowed (they add).
public struct ConductanceNetwork: Sendable {
    /// Role of each node.
    public let roles: [ElectrodeRole]
    /// First end of each link.
    public let firstNode: [Int32]
    /// Second end of each link.
    public let secondNode: [Int32]
    /// log g of each link (g in S, or in the caller's unit for abstract networks).
    public let logConductances: [Double]
    /// Sample geometry turning G_tot into σ_dc; nil for abstract networks.
    public let geometry: SampleGeometry?

    public var nodeCount: Int { roles.count }
    public var linkCount: Int { logConductances.count }

    /// A network from explicit links.
    /// - Throws: `TransportError.invalidParameter` for a link end outside `0..<roles.count`,
    ///   a self-link, or a non-finite log-conductance.
    public init(roles: [ElectrodeRole], links: [(Int, Int)], logConductances: [Double],
                geometry: SampleGeometry? = nil) throws(TransportError) {
        guard links.count == logConductances.count else {
            throw .invalidParameter(name: "log-conductance count", value: "\(logConductances.count)",
                                    accepted: "one per link (\(links.count))")
        }
        guard roles.count < Int(Int32.max) else {
            throw .invalidParameter(name: "node count", value: "\(roles.count)", accepted: "< 2^31 − 1")
        }
        var first = [Int32](), second = [Int32]()
        first.reserveCapacity(links.count); second.reserveCapacity(links.count)
        for (k, (i, j)) in links.enumerated() {
            guard i >= 0, i < roles.count, j >= 0, j < roles.count, i != j else {
                throw .invalidParameter(name: "link \(k)", value: "(\(i), \(j))",
                                        accepted: "two distinct nodes in 0..<\(roles.count)")
            }
            guard logConductances[k].isFinite else {
                throw .invalidParameter(name: "log-conductance of link \(k)", value: "\(logConductances[k])",
                                        accepted: "finite")
            }
            first.append(Int32(i)); second.append(Int32(j))
        }
        self.init(roles: roles, firstNode: first, secondNode: second, logConductances: logConductances,
                  geometry: geometry)
    }

    /// Unchecked memberwise form for callers that built valid arrays themselves.
    init(roles: [ElectrodeRole], firstNode: [Int32], secondNode: [Int32], logConductances: [Double],
         geometry: SampleGeometry?) {
        self.roles = roles
        self.firstNode = firstNode
        self.secondNode = secondNode
        self.logConductances = logConductances
        self.geometry = geometry
    }

    /// The AHL conductance network of a landscape at temperature T (docs/model.md §6): one node per ion
    /// site (blocked sites are isolated and removed by `spanningPart()`), links between
    /// nearest-neighbour accessible sites (open in x, periodic in y and z), log g from eq. (7)
    /// with μ(T) from docs/model.md §4. Plane x = 0 is B+, plane x = N_L − 1 is B−.
    public init(landscape: SiteEnergyLandscape, temperature: Double,
                hopping: HoppingParameters) throws(TransportError) {
        let mu: Double
        do {
            mu = try Occupation.chemicalPotential(of: landscape, temperature: temperature)
        } catch {
            switch error {
            case let .invalidParameter(name, value, accepted):
                throw .invalidParameter(name: name, value: value, accepted: accepted)
            case let .infeasible(message):
                throw .computationFailed(message)
            }
        }
        let link = try LinkConductance(temperature: temperature, chemicalPotential: mu, hopping: hopping)
        let lattice = landscape.lattice
        var roles = [ElectrodeRole](repeating: .interior, count: lattice.siteCount)
        let plane = lattice.planeSize
        for s in 0..<plane {
            roles[s] = .source
            roles[(lattice.edge - 1) * plane + s] = .drain
        }
        var first = [Int32](), second = [Int32](), logG = [Double]()
        let estimate = 3 * landscape.accessibleCount
        first.reserveCapacity(estimate); second.reserveCapacity(estimate); logG.reserveCapacity(estimate)
        let energies = landscape.energies
        IonLinks(lattice: lattice).forEachLink(isAccessible: landscape.isAccessible) { i, j in
            first.append(Int32(i)); second.append(Int32(j))
            logG.append(link.logConductance(energies[i], energies[j]))
        }
        self.init(roles: roles, firstNode: first, secondNode: second, logConductances: logG,
                  geometry: try SampleGeometry(edge: lattice.edge, latticeConstant: hopping.latticeConstant))
    }

    /// Ratio of the largest to the smallest link conductance, g_max/g_min (1 for no links;
    /// +∞ beyond Double's range, see `logConductanceSpread`).
    public var conductanceSpread: Double { exp(logConductanceSpread) }

    /// ln(g_max/g_min) (0 for no links).
    public var logConductanceSpread: Double {
        guard let lo = logConductances.min(), let hi = logConductances.max() else { return 0 }
        return hi - lo
    }

    /// σ_dc in S/cm for a total conductance, or G_tot itself for an abstract network.
    public func conductivity(totalConductance: Double) -> Double {
        geometry?.conductivity(totalConductance: totalConductance) ?? totalConductance
    }

    /// ln(σ_dc/G_tot): σ is G_tot times this factor's exponential (0 for an abstract network).
    public var logConductivityFactor: Double { geometry.map { log($0.conductivity(totalConductance: 1)) } ?? 0 }
}
