import CAIT
import Foundation
import Landscape
import SparseSolvers
import Transport
import WorkUnits

/// Fillings at which `cait --diffusion network` evaluates D_chem(c): dense where CAIT depletes
/// the native ions (c → 0) and near the bulk filling; the landscape's own filling is added.
let networkDiffusionFillings: [Double] = [0.01, 0.02, 0.03, 0.05, 0.075] + stride(from: 0.1, through: 0.9001, by: 0.05).map { $0 }
    + [0.925, 0.95, 0.97, 0.98, 0.99]

/// D_chem(c) of the conductance network of `landscape` at temperature T (route 1, one solve per
/// filling, fillings in parallel): the native law of `cait --diffusion network`. The network is
/// built with ν = 1e13 Hz, u0 = 0 and a = 5 Å: each of them multiplies every D_chem by the same
/// factor, and CAIT uses only ratios D(c)/D(c_bulk). Fillings that round to the same ion count
/// are evaluated once; each row's filling is N/N_acc.
func networkDiffusionTable(_ landscape: SiteEnergyLandscape, temperature: Double, threads: Int) throws -> FillingDiffusionTable {
    var counts = Set<Int>()
    for c in networkDiffusionFillings + [landscape.filling] {
        if let n = try? SiteEnergyLandscape.ionCount(filling: c, accessibleCount: landscape.accessibleCount) { counts.insert(n) }
    }
    let ions = counts.sorted()
    let hopping = try HoppingParameters(attemptFrequency: 1e13, barrier: 0, latticeConstant: 5e-10)
    let policy = WindowPolicy().forRealisationSweeps
    BLASThreads.set(1)
    let results = try LocalUnits.run(count: ions.count, threads: threads) { p in
        let filled = SiteEnergyLandscape(lattice: landscape.lattice, energies: landscape.energies,
                                         isAccessible: landscape.isAccessible, ionCount: ions[p])
        return try ChemicalDiffusion(landscape: filled, temperature: temperature, hopping: hopping, policy: policy).diffusivity
    }
    let rows = zip(ions, results).filter { $0.1 > 0 }
    guard rows.count >= 2 else {
        throw ComputationError("the network of the \(landscape.lattice.edge)³ landscape carries no current at T = \(temperature) K "
                               + "for the fillings tried, so it gives no native diffusion law")
    }
    return FillingDiffusionTable(fillings: rows.map { Double($0.0) / Double(landscape.accessibleCount) },
                                 diffusivities: rows.map(\.1),
                                 source: "network D_chem(c) of a \(landscape.lattice.edge)³ landscape at \(temperature) K (\(rows.count) fillings)")
}
