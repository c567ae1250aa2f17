import Testing
@testable import Landscape

@Suite struct LatticeNeighbourhoodTests {
    /// Periodic minimum-image displacement along one axis, in lattice units.
    func displacement(_ a: Double, _ b: Double, edge: Int) -> Double {
        let n = Double(edge)
        var d = (a - b).truncatingRemainder(dividingBy: n)
        if d > n / 2 { d -= n }
        if d < -n / 2 { d += n }
        return d
    }

    /// Every NFU–ion adjacency is seen from both sides, each ion site has 8 NFU neighbours,
    /// and each pair is a bcc nearest-neighbour pair (|Δ| = ½ on every axis, from the
    /// positions (i,j,k) and (i+½, j+½, k+½) of docs/model.md §3).
    @Test(arguments: [4, 5, 7])
    func nfuIonAdjacencyIsSymmetric(edge: Int) throws {
        let lattice = try CubicLattice(edge: edge)
        var touches = [Int](repeating: 0, count: lattice.siteCount)
        for nfu in 0..<lattice.siteCount {
            let ions = lattice.ionSites(aroundNFU: nfu)
            #expect(Set(ions).count == 8)
            let (i, j, k) = lattice.coordinates(of: nfu)
            for ion in ions {
                touches[ion] += 1
                #expect(lattice.nfuSites(aroundIon: ion).contains(nfu))
                let (a, b, c) = lattice.coordinates(of: ion)
                let d = [displacement(Double(a) + 0.5, Double(i), edge: edge),
                         displacement(Double(b) + 0.5, Double(j), edge: edge),
                         displacement(Double(c) + 0.5, Double(k), edge: edge)]
                #expect(d.allSatisfy { abs($0) == 0.5 })
            }
        }
        #expect(touches.allSatisfy { $0 == 8 })
        for ion in 0..<lattice.siteCount {
            for nfu in lattice.nfuSites(aroundIon: ion) { #expect(lattice.ionSites(aroundNFU: nfu).contains(ion)) }
        }
    }

    /// Hop neighbours: 6 distinct sites at periodic distance exactly 1, symmetric.
    @Test func hopNeighboursAreNearestIonSites() throws {
        let lattice = try CubicLattice(edge: 4)
        for ion in 0..<lattice.siteCount {
            let hops = lattice.hopNeighbours(of: ion)
            #expect(Set(hops).count == 6)
            let (a, b, c) = lattice.coordinates(of: ion)
            for other in hops {
                #expect(lattice.hopNeighbours(of: other).contains(ion))
                let (p, q, s) = lattice.coordinates(of: other)
                let d = [displacement(Double(p), Double(a), edge: 4), displacement(Double(q), Double(b), edge: 4),
                         displacement(Double(s), Double(c), edge: 4)]
                #expect(d.map { $0 * $0 }.reduce(0, +) == 1)
            }
        }
    }
}
