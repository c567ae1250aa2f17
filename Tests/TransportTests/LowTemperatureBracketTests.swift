import Foundation
import Glass
import Landscape
import Testing
@testable import Transport

/// Certified brackets where log σ is large (0.3 K and 1 K: log G ≈ −11600 and −3500), whose last
/// bit is worth ~1e-12 relative: both routes must round their logarithms outward, so that the
/// bracket keeps a positive width and still holds (docs/certified-conductivity.md).
@Suite struct LowTemperatureBracketTests {
    /// A Wheatstone bridge B+ → {a, b} → B− with the bridge a–b, every conductance g_k = e^{L0 + x_k}.
    /// G_tot is homogeneous of degree one, so G_tot = e^{L0}·G(e^{x_k}) with the bridge's closed form
    ///   G = [g1 g2 (g3 + g4) + g3 g4 (g1 + g2) + g5 (g1 + g2)(g3 + g4)] / [(g1 + g3)(g2 + g4) + g5 (g1 + g2 + g3 + g4)]
    /// (g1 = B+a, g2 = B+b, g3 = aB−, g4 = bB−, g5 = ab), evaluated in Double with relative error
    /// ≲ 1e-15. The reference log G_tot = L0 + log G is compared without forming that sum: both
    /// bracket ends minus L0 are exact (Sterbenz), so the comparison is accurate to ~1e-15,
    /// a thousand times below the ~1e-12 widths at stake.
    static func bridge(logScale l0: Double) throws -> (network: ConductanceNetwork, offset: Double) {
        let x = [0.3, 1.7, 2.9, 0.0, 1.1]
        let g = x.map { exp($0) }
        let numerator = g[0] * g[1] * (g[2] + g[3]) + g[2] * g[3] * (g[0] + g[1]) + g[4] * (g[0] + g[1]) * (g[2] + g[3])
        let denominator = (g[0] + g[2]) * (g[1] + g[3]) + g[4] * (g[0] + g[1] + g[2] + g[3])
        // Nodes: 0 = B+, 1 = B−, 2 = a, 3 = b.
        let network = try ConductanceNetwork(roles: [.source, .drain, .interior, .interior],
                                             links: [(0, 2), (0, 3), (2, 1), (3, 1), (2, 3)],
                                             logConductances: x.map { l0 + $0 })
        return (network, log(numerator / denominator))
    }

    /// −11604.5 and −3481.4: Δ = 1.0 eV at 1 K and 0.3 eV at 1 K (β = 11604.5/eV at 1 K).
    @Test(arguments: [-11604.5, -3481.4])
    func bothRoutesBracketTheClosedForm(logScale l0: Double) throws {
        let (network, offset) = try Self.bridge(logScale: l0)
        let routes = [try Conductivity.sigma(of: network, route: .sparseDirect), try Conductivity.sigma(of: network, route: .kron)]
        for result in routes {
            let b = result.bracket
            #expect(b.logLower - l0 <= offset && offset <= b.logUpper - l0,
                    "\(result.route): [\(b.logLower - l0), \(b.logUpper - l0)] ∌ \(offset)")
            #expect(result.relativeHalfWidth > 0)
            // Rounding of logs of this size is ~1e-12 relative; the bracket stays that tight.
            #expect(result.relativeHalfWidth < 1e-10)
        }
        #expect(routes[1].bracket.contains(logValue: routes[0].logSigma))
        #expect(routes[0].bracket.contains(logValue: routes[1].logSigma))
    }

    /// Preset landscapes at 0.3 K and 1 K (σ ~ 1e-14000 and 1e-4000 S/cm): each route's σ lies in
    /// the other's bracket, and every bracket has a positive width.
    @Test(arguments: [0.3, 1.0])
    func routesBracketEachOtherOnLandscapes(temperature: Double) throws {
        let preset = Preset.li33
        let composition = try preset.composition(x: 0.5)
        let builder = try LandscapeBuilder(lattice: CubicLattice(edge: 8), composition: composition,
                                           fractions: HierarchicalNFUModel().fractions(for: composition),
                                           parameters: LandscapeParameters(preset: preset))
        let hopping = try HoppingParameters(attemptFrequency: preset.attemptFrequency, barrier: preset.u0)
        for realisation in 0..<3 {
            let landscape = builder.build(seed: 41, realisation: UInt64(realisation))
            let direct = try Conductivity.sigma(landscape: landscape, temperature: temperature, hopping: hopping, route: .sparseDirect)
            let kron = try Conductivity.sigma(landscape: landscape, temperature: temperature, hopping: hopping, route: .kron)
            #expect(direct.relativeHalfWidth > 0 && kron.relativeHalfWidth > 0)
            #expect(direct.bracket.contains(logValue: kron.logSigma), "route 2 outside route 1 at \(temperature) K")
            #expect(kron.bracket.contains(logValue: direct.logSigma), "route 1 outside route 2 at \(temperature) K")
        }
    }

    /// The midpoint of a bracket wider than e^709 (where (1 + e^{U−L})/2 overflowed).
    @Test func midpointOfAVeryWideBracket() {
        let wide = ConductanceBracket(logLower: -2000, logUpper: -100)
        #expect(abs(wide.logMidpoint - (-100 - M_LN2)) <= 1e-13)
        let open = ConductanceBracket(logLower: -.infinity, logUpper: 5)
        #expect(open.logMidpoint == 5 - M_LN2)
        let narrow = ConductanceBracket(logLower: log(2.0), logUpper: log(4.0))
        #expect(abs(narrow.logMidpoint - log(3.0)) <= 4e-16)
    }
}
