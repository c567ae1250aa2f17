import Foundation
import Testing
import Landscape
@testable import KMC

/// A configuration in which no hop is possible holds for ever (docs/kmc.md, "Frozen
/// configurations"): the event loop stops instead of dividing by a zero rate, and a run reports
/// D* = D_σ = 0 without NaN.
@Suite struct FrozenConfigurationTests {
    /// One ion on a 4³ lattice of equal energies but one deep site 10 eV down. At 10 K every way
    /// out of the deep site has βΔε ≈ 11600 > 745, so its rates underflow to 0: once the ion has
    /// fallen in, the configuration is frozen. Before the fix the next event drew Δt = ∞, selected
    /// the empty leaf 0 and wrote the displacement of ion −1 (out of bounds).
    static func trap() throws -> (graph: HoppingGraph, rates: MetropolisRates, deep: Int) {
        let lattice = try CubicLattice(edge: 4)
        var energies = [Double](repeating: 0, count: lattice.siteCount)
        let deep = lattice.index(1, 1, 1)
        energies[deep] = -10
        let landscape = SiteEnergyLandscape(lattice: lattice, energies: energies,
                                            isAccessible: [Bool](repeating: true, count: lattice.siteCount), ionCount: 1)
        let graph = HoppingGraph(landscape: landscape)
        let parameters = try KMCParameters(temperature: 10, attemptFrequency: 1e13, barrier: 0)
        return (graph, MetropolisRates(graph: graph, parameters: parameters), deep)
    }

    @Test func eventLoopStopsWhenTheIonIsTrapped() throws {
        let (graph, rates, deep) = try Self.trap()
        // Start next to the deep site; the compact index equals the landscape index (all accessible).
        let start = graph.lattice.index(2, 1, 1)
        let gas = try LatticeGas(graph: graph, rates: rates, occupiedSites: [start],
                                 stream: RandomStream(seed: 3, point: 0, realisation: 0))
        #expect(!gas.isFrozen)
        let made = gas.run(maxEvents: 1_000_000)
        // The walk on the 63 equal sites reaches the trap long before 1e6 hops (cover time ~ 1e3).
        #expect(made < 1_000_000)
        #expect(gas.isFrozen)
        #expect(gas.ionSites == [deep])
        #expect(gas.energy == -10)
        #expect(gas.time.isFinite)
        #expect(gas.jumps == made)
        // Asked to run on to a finite end, the frozen configuration holds until then.
        let end = gas.time + 5
        #expect(gas.run(maxEvents: 10, until: end) == 0)
        #expect(gas.time == end)
        #expect(gas.ionSites == [deep])
        #expect(gas.tracerSquaredDisplacement.isFinite)
    }

    /// A whole run that freezes during equilibration: D* = D_σ = 0 in every block, f undefined, not
    /// equilibrated, and the frozen configuration as the occupations.
    @Test func runThatFreezesReportsZeroDiffusion() throws {
        let (graph, _, deep) = try Self.trap()
        var energies = [Double](repeating: 0, count: graph.lattice.siteCount)
        energies[deep] = -10
        let landscape = SiteEnergyLandscape(lattice: graph.lattice, energies: energies,
                                            isAccessible: [Bool](repeating: true, count: graph.lattice.siteCount), ionCount: 1)
        let parameters = try KMCParameters(temperature: 10, attemptFrequency: 1e13, barrier: 0)
        let schedule = try KMCSchedule(equilibration: EquilibrationCriterion(), productionHopsPerIon: 100, blocks: 4,
                                       start: .random, recordsOccupations: true)
        let run = try KMCRun.run(landscape: landscape, parameters: parameters, schedule: schedule,
                                 stream: RandomStream(seed: 5, point: 0, realisation: 0))
        let frozenAfter = try #require(run.frozenAfterHops)
        #expect(frozenAfter == run.equilibrationHops)
        #expect(!run.equilibrated)
        #expect(run.tracer.allSatisfy { $0 == 0 } && run.charge.allSatisfy { $0 == 0 })
        #expect(run.meanEnergyPerIon == -10)
        #expect(run.occupations?[deep] == 1)
        let transport = try KMCTransport(runs: [run, run])
        #expect(transport.tracer.mean == 0 && transport.charge.mean == 0 && transport.conductivity.mean == 0)
        #expect(transport.havenRatio == nil && transport.correlationFactor == nil && transport.rattlingRatio == nil)
        #expect(transport.frozenRuns == 2 && transport.equilibratedRuns == 0)
    }

    /// A trap 0.517 eV deep at 10 K (βΔε = 600): the way out is ~e^−600 ≈ 1e-261 of Γ0, so one stay
    /// lasts ~1e261/Γ0 without freezing. A clock that kept counting from the start would then round
    /// every later wait of ~1/Γ0 to nothing (mean time per hop 0, D = 0·∞ = NaN, as `kmc` printed
    /// at 20 K); measured from `rebaseClock()`, the next wait is seen.
    @Test func shortWaitsAfterALongOneAreCounted() throws {
        let lattice = try CubicLattice(edge: 4)
        var energies = [Double](repeating: 0, count: lattice.siteCount)
        let deep = lattice.index(1, 1, 1)
        energies[deep] = -600 * PhysicalConstants.boltzmannEV * 10
        let landscape = SiteEnergyLandscape(lattice: lattice, energies: energies,
                                            isAccessible: [Bool](repeating: true, count: lattice.siteCount), ionCount: 1)
        let graph = HoppingGraph(landscape: landscape)
        let rates = MetropolisRates(graph: graph, parameters: try KMCParameters(temperature: 10, attemptFrequency: 1e13, barrier: 0))
        let gas = try LatticeGas(graph: graph, rates: rates, occupiedSites: [deep], stream: RandomStream(seed: 6, point: 0, realisation: 0))
        #expect(gas.run(maxEvents: 1) == 1)
        #expect(gas.time > 1e200, "the stay in the trap: \(gas.time)/Γ0")
        let before = gas.time
        gas.run(maxEvents: 1)
        #expect(gas.time == before, "on the old clock the next wait (~1/6 Γ0) is lost")
        gas.rebaseClock()
        gas.run(maxEvents: 1)
        // Out of a 0 eV site the total rate is 6Γ0 (five equal neighbours and, maybe, the trap).
        #expect(gas.time > 0 && gas.time < 50)
    }
}
