import Foundation
import Glass
import Landscape
import SparseSolvers
import Transport

/// Stage `ac-spectrum`: σ(ω) of the li33 landscape of the `sigma-direct` stage (x = 0.5, seed 1,
/// realisation 0, edge `--size`) at `--temperature` (default 403 K), at `--frequencies` (default 60)
/// log-spaced frequencies from 1 Hz to 1e12 Hz, network and spectrum included (the landscape is
/// built once, before the first timed run). `--write FILE` writes the network for the numpy peer.
func acSpectrumStage() -> BenchmarkStage {
    var cache: (edge: Int, landscape: SiteEnergyLandscape)?
    return BenchmarkStage(returning: { options in
        if cache?.edge != options.size {
            cache = (options.size, try li33Builder(edge: options.size, x: 0.5).build(seed: 1, realisation: 0))
        }
        // As the sigma-direct stage: BLAS on --threads (default all cores), which the spectrum's
        // factorisations share; `ac` runs one thread per realisation instead.
        BLASThreads.set(options.extra["blas-threads"].flatMap(Int.init) ?? options.threads)
        let temperature = options.extra["temperature"].flatMap(Double.init) ?? 403
        let count = options.extra["frequencies"].flatMap(Int.init) ?? 60
        let hopping = try HoppingParameters(attemptFrequency: Preset.li33.attemptFrequency, barrier: Preset.li33.u0)
        let network = try PeriodicNetwork(landscape: cache!.landscape, temperature: temperature, hopping: hopping)
        if let path = options.extra["write"] {
            var text = "\(network.edge) \(network.latticeConstant)\n"
            for c in network.logCapacitances { text += "\(c)\n" }
            for k in 0..<network.linkCount {
                text += "\(network.firstNode[k]) \(network.secondNode[k]) \(network.alongX[k] ? 1 : 0) \(network.logConductances[k])\n"
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let omegas = (0..<count).map { 2 * Double.pi * pow(10, 12 * Double($0) / Double(max(1, count - 1))) }
        var acOptions = ACOptions()
        if options.extra["scan"] == "0" { acOptions.scansWindow = false }
        if let w = options.extra["ac-window"].flatMap(Double.init) { acOptions.window = w }
        if let p = options.extra["poles"].flatMap(Double.init) { acOptions.polesPerDecade = p }
        if let b = options.extra["bands"].flatMap(Double.init) { acOptions.bandDecades = b }
        if let path = options.extra["spectrum"] {
            let s = try ACConductivity.spectrum(of: network, angularFrequencies: omegas, options: acOptions)
            try zip(s.real, s.imaginary).map { "\($0) \($1)" }.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let spectrum = try ACConductivity.spectrum(of: network, angularFrequencies: omegas, options: acOptions)
        let worst = zip(spectrum.errors, zip(spectrum.real, spectrum.imaginary)).map { $0 / hypot($1.0, $1.1) }.max() ?? 0
        return String(format: "sigma_dc %.6g S/m, sigma(1 Hz) %.6g, sigma(1 THz) %.6g + %.6gi S/m, nodes %d, factorisations %d, error_rel %.2g",
                      spectrum.dc, spectrum.real[0], spectrum.real[count - 1], spectrum.imaginary[count - 1],
                      spectrum.windowNodes, spectrum.factorisations, worst)
    })
}
