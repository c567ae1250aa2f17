import ArgumentParser
import Foundation
import Landscape
import Transport

/// `ionscape landscape`: SED statistics per x (docs/model.md §3–§4), averaged over realisations.
struct LandscapeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landscape",
        abstract: "Site-energy landscape statistics per composition (docs/model.md §3–§4): sites, ions, SED mean/sd, Fermi level, averaged over realisations with standard errors.",
        discussion: "Defaults here: --x 0.5, --size 30, --realizations 1.")

    @OptionGroup var composition: CompositionOptions
    @OptionGroup var landscape: LandscapeOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Write the SED and PSED histogram of the first realisation of each x to this CSV (columns x,energy_eV,sed_density_per_eV,psed_density_per_eV; default: none).")
    var histogram: String?

    @Option(parsing: .unconditional, help: "Temperature in K for the PSED of --histogram (0 < T ≤ 1e5; default 300).")
    var temperature: Double?

    @Option(parsing: .unconditional, help: "Bins of the --histogram (1 … 100000; default 80).")
    var bins: Int?

    func run() throws {
        let settings = try config.load(for: self)
        let glass = try ResolvedGlass(composition, settings: settings, defaultX: "0.5")
        let resolved = try ResolvedLandscape(landscape, glass: glass, settings: settings, defaultSize: 30, defaultRealizations: 1)
        let histogram = settings.text("histogram", flag: self.histogram)
        var t = 300.0, bins = 80
        if histogram != nil {
            t = try settings.double("temperature", flag: temperature, default: t, unit: "K",
                                    accepted: "0 < T ≤ 1e5 K", valid: { $0 > 0 && $0 <= 1e5 })
            bins = try settings.integer("bins", flag: self.bins, default: bins, accepted: "1 ≤ bins ≤ 100000",
                                        valid: { $0 >= 1 && $0 <= 100_000 })
        } else {
            for key in ["temperature", "bins"] { settings.notUsed(key, because: "without --histogram") }
        }
        if try config.finish(settings, output: output) { return }
        if let histogram { try OutputDirectory.prepareFile(histogram, option: "--histogram") }
        try resolved.sampling.requireMemory(perSite: MemoryModel.landscape, jobs: 1, command: "landscape")

        var table = ResultTable(columns: ["x", "sites", "accessible", "ions", "blocked_fraction", "lost_charge_fraction",
                                          "energy_mean_eV", "energy_sd_eV", "fermi_level_eV",
                                          "realizations", "energy_mean_se_eV", "energy_sd_se_eV", "fermi_level_se_eV"])
        var histogramTable = ResultTable(columns: ["x", "energy_eV", "sed_density_per_eV", "psed_density_per_eV"])
        for x in glass.xs {
            let builder = try resolved.builder(glass: glass, x: x)
            var means: [Double] = [], sds: [Double] = [], fermis: [Double] = [], lost = 0.0
            for r in 0..<resolved.realizations {
                let l = builder.build(seed: resolved.seed, realisation: UInt64(r))
                let sed = try l.siteEnergyDistribution(binCount: bins)
                means.append(sed.mean); sds.append(sed.standardDeviation); lost += l.lostChargeFraction
                fermis.append(try Occupation.fermiLevel(of: l))
                if r == 0 && histogram != nil {
                    let psed = try l.populatedEnergyDistribution(temperature: t, binCount: bins)
                    let norm = Double(l.accessibleCount) * sed.histogram.binWidth
                    for (k, e) in sed.histogram.binCentres.enumerated() {
                        histogramTable.append([.number(x), .number(e), .number(sed.histogram.weights[k] / norm),
                                               .number(psed.histogram.weights[k] / norm)])
                    }
                }
            }
            // Means over the realisations with their standard errors (empty for one realisation).
            let (mean, sd, fermi) = try (DisorderAverage(values: means), DisorderAverage(values: sds), DisorderAverage(values: fermis))
            func error(_ a: DisorderAverage) -> Cell { a.standardError.map { .number($0) } ?? .text("") }
            table.append([.number(x), .integer(resolved.lattice.siteCount), .integer(builder.accessibleCount),
                          .integer(builder.ionCount), .number(builder.blockedFraction), .number(lost / Double(resolved.realizations)),
                          .number(mean.mean), .number(sd.mean), .number(fermi.mean),
                          .integer(resolved.realizations), error(mean), error(sd), error(fermi)])
        }
        if let histogram { try histogramTable.write(to: histogram) }
        var record = RunRecord(command: "landscape")
        record.add(settings)
        record.extra["nfu_model"] = glass.modelName
        try output.emit(table, name: "landscape", record: record)
    }
}
