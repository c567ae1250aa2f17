import Foundation
import Glass
import KMC
import Landscape

/// Stages `kmc-uniform` and `kmc-disordered`: kinetic Monte Carlo hops per second on one core,
/// N_L = `--size`, filling `--filling` (default 0.5), `--events` hops (default 2e6) after
/// `--warmup` hops (default 2e5). Uniform: the lattice gas with site exclusion only.
/// Disordered: every ion site accessible, with Gaussian site energies of width `--sigma-energy`
/// eV (default 0.1) at `--temperature` K (default 1000): the same lattice gas as the peer's.
/// Only the hops are timed; the note carries hops/s.
enum KMCBench {
    static func stage(disordered: Bool) -> BenchmarkStage {
        BenchmarkStage(returning: { options in
            let filling = Double(options.extra["filling"] ?? "") ?? 0.5
            let events = Int(Double(options.extra["events"] ?? "") ?? 2e6)
            let warmup = Int(Double(options.extra["warmup"] ?? "") ?? 2e5)
            let temperature = Double(options.extra["temperature"] ?? "") ?? 1000
            let width = disordered ? (Double(options.extra["sigma-energy"] ?? "") ?? 0.1) : 0
            let lattice = try CubicLattice(edge: options.size)
            var landscape = try SiteEnergyLandscape.uniform(lattice: lattice, filling: filling)
            if disordered {
                var noise = RandomStream(seed: 7, point: 0, realisation: 0)
                landscape = SiteEnergyLandscape(lattice: lattice, energies: landscape.energies.map { _ in width * noise.normal() },
                                                isAccessible: landscape.isAccessible, ionCount: landscape.ionCount)
            }
            let graph = HoppingGraph(landscape: landscape)
            let rates = MetropolisRates(graph: graph, parameters: try KMCParameters(temperature: temperature,
                                                                                    attemptFrequency: 1e13, barrier: 0))
            var placement = RandomStream(seed: 7, point: 1, realisation: 0)
            let start = try InitialConfiguration.random.sites(graph: graph, ionCount: landscape.ionCount, temperature: temperature,
                                                              stream: &placement)
            let gas = try LatticeGas(graph: graph, rates: rates, occupiedSites: start,
                                     stream: RandomStream(seed: 7, point: 2, realisation: 0))
            gas.run(maxEvents: warmup)
            let (t0, c0) = (DispatchTime.now().uptimeNanoseconds, threadCPUSeconds())
            gas.run(maxEvents: events)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            let cpu = threadCPUSeconds() - c0
            return String(format: "events_per_s %.4g (per CPU second %.4g) over %d hops, N = %d ions on %d sites",
                          Double(events) / seconds, Double(events) / cpu, events, landscape.ionCount, graph.siteCount)
        })
    }
}

/// CPU time of the calling thread, s (less sensitive than wall time to other load on the machine).
func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
}
