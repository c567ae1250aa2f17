import Testing
@testable import Landscape
@testable import Transport

/// Δ_c on hand-built landscapes whose answer follows from eq. (8b) by hand (docs/model.md §5).
/// All energies below are dyadic rationals, so every sum and half is exact in binary
/// floating point and the comparisons can be exact.
@Suite struct CriticalBarrierTests {
    /// Eq. (8b) at a few hand-evaluated points.
    @Test func effectiveBarrierMatchesEquation8b() throws {
        let barrier = try EffectiveBarrier(hopBarrier: 0.0625, fermiLevel: 0.25)
        // ½(|−0.5 − 1| + |−0.5 − 0.25| + |1 − 0.25|) = ½(1.5 + 0.75 + 0.75) = 1.5.
        #expect(barrier(-0.5, 1) == 0.0625 + 1.5)
        #expect(barrier(1, -0.5) == barrier(-0.5, 1))
        // Both sites on the same side of ε_F: ½(0.25 + 0.5 + 0.75) = 0.75 = |ε_max − ε_F|.
        #expect(barrier(0.75, 1) == 0.0625 + 0.75)
        #expect(throws: TransportError.self) { try EffectiveBarrier(hopBarrier: -0.1, fermiLevel: 0) }
        #expect(throws: TransportError.self) { try EffectiveBarrier(hopBarrier: .nan, fermiLevel: 0) }
    }

    /// Uniform ε with a given ε_F: every link has Δ = u0 + ½(0 + 2|ε − ε_F|) = u0 + |ε − ε_F|.
    @Test(arguments: [(0.25, -0.5), (0.25, 0.25), (-1.0, 0.375)])
    func uniformEnergiesGiveHopBarrierPlusFermiDistance(energy: Double, fermi: Double) throws {
        let landscape = try patternLandscape(edge: 6, ionCount: 100) { _, _, _ in energy }
        let link = try CriticalBarrier.of(landscape, hopBarrier: 0.0625, fermiLevel: fermi)
        #expect(link.value == 0.0625 + abs(energy - fermi))
    }

    /// Uniform ε = 0.25 on most sites with traps at ε_t = −0.5 on the sites with x, y, z all
    /// even (no two traps are neighbours; the trap-free rows y = z = 1 span). With N = number
    /// of traps, ε_F = (ε_t + ε)/2 = −0.125 sits between the levels, and
    ///   uniform–uniform: u0 + |ε − ε_F| = u0 + 0.375,
    ///   uniform–trap:    u0 + ½(0.75 + 0.375 + 0.375) = u0 + 0.75,
    /// so Δ_c = u0 + |ε − ε_F| = u0 + 0.375. With N = traps + 5, ε_F = ε and Δ_c = u0.
    @Test func trapsSetTheFermiLevelOfAUniformNetwork() throws {
        let edge = 6, traps = 27
        let level = { (x: Int, y: Int, z: Int) -> Double in
            x % 2 == 0 && y % 2 == 0 && z % 2 == 0 ? -0.5 : 0.25
        }
        let between = try patternLandscape(edge: edge, ionCount: traps, energy: level)
        #expect(try Occupation.fermiLevel(of: between) == -0.125)
        #expect(try CriticalBarrier.of(between, hopBarrier: 0.0625).value == 0.0625 + 0.375)
        let filled = try patternLandscape(edge: edge, ionCount: traps + 5, energy: level)
        #expect(try CriticalBarrier.of(filled, hopBarrier: 0.0625).value == 0.0625)
    }

    /// ε = 0 everywhere except plane x = k at ε = h = 0.75, with ε_F = 0 (N below the number
    /// of ε = 0 sites). Any spanning path enters plane k: bulk–plane and in-plane links have
    /// Δ = u0 + ½(h + 0 + h) = u0 + h, bulk links u0. So Δ_c = u0 + h, for any k.
    @Test(arguments: [0, 2, 5])
    func singleHighPlaneSetsTheBarrier(plane: Int) throws {
        let landscape = try patternLandscape(edge: 6, ionCount: 50) { x, _, _ in x == plane ? 0.75 : 0 }
        #expect(try Occupation.fermiLevel(of: landscape) == 0)
        let link = try CriticalBarrier.of(landscape, hopBarrier: 0.0625)
        #expect(link.value == 0.0625 + 0.75)
        let touched = [link.site, link.neighbour].map { landscape.lattice.plane(of: $0) }
        #expect(touched.contains(plane))
    }

    /// A blocked plane leaves no spanning cluster: a typed error, not a value.
    @Test func blockedPlaneIsAnError() throws {
        let lattice = try CubicLattice(edge: 5)
        let open = (0..<lattice.siteCount).map { lattice.plane(of: $0) != 2 }
        let energies = open.map { $0 ? 0.0 : .nan }
        let landscape = SiteEnergyLandscape(lattice: lattice, energies: energies, isAccessible: open, ionCount: 10)
        #expect(throws: TransportError.self) { try CriticalBarrier.of(landscape, hopBarrier: 0.064) }
    }

    /// A NaN energy on an accessible site is rejected with the site named.
    @Test func nonFiniteEnergyIsAnError() throws {
        let lattice = try CubicLattice(edge: 4)
        var energies = [Double](repeating: 0, count: lattice.siteCount)
        energies[7] = .nan
        let landscape = SiteEnergyLandscape(lattice: lattice, energies: energies,
                                            isAccessible: [Bool](repeating: true, count: lattice.siteCount), ionCount: 10)
        #expect(throws: TransportError.invalidParameter(name: "site energy ε[7]", value: "nan",
                                                        accepted: "finite on accessible sites")) {
            try CriticalBarrier.of(landscape, hopBarrier: 0.064, fermiLevel: 0)
        }
    }
}
