import Foundation
import Transport

extension Reproduce {
    /// li33 (x = 0.5) spectra σ'(f) at 300, 400 and 500 K and their master curve under Summerfield
    /// scaling (docs/model.md §14), with the spread of the collapse.
    func acSpectra(sizes: FigureSizes, common: [String], progress: ProgressReporter, report: inout FigureReport) throws {
        let command = try ACCommand.parse(["--preset", "li33", "--x", "0.5", "--size", String(sizes.acSize),
                                           "--realizations", String(sizes.acRealizations), "--temperature", "300,400,500",
                                           "--frequency", sizes.acFrequencies] + common)
        let settings = Settings(command: "reproduce", config: ConfigFile(values: [:]))
        let source = try ACLandscapes(filling: command.filling, composition: command.composition, landscape: command.landscape,
                                      settings: settings)
        let hopping = try ResolvedHopping(command.hopping, preset: source.preset, v0: source.v0, settings: settings,
                                          defaultTemperatures: "400")
        let points = try ACCommand.compute(source, hopping: hopping, frequencies: try command.spectrum.frequencies(settings: settings),
                                           options: ACOptions(), progress: ProgressReporter(label: "ac li33", quiet: quiet))
        try ACCommand.table(points).write(to: "\(out)/ac-li33.csv")
        var spectra = ACCommand.spectraFigure(points)
        spectra.title = "ac conductivity of li33, x = 0.5 (N_L = \(sizes.acSize), R = \(sizes.acRealizations))"
        try report.add(spectra, stem: "ac-spectra", caption: "σ'(f) of the periodic bulk network (docs/model.md §14) at three temperatures: the dc plateau, the dispersion above f ~ σ_dc/(2πε0Δε), and the rise towards σ_∞; mean ± standard error over realisations.",
                       tables: ["ac-li33.csv"])
        let spread = ACCommand.masterCurveSpread(points)
        try report.add(ACCommand.masterCurve(points), stem: "ac-master",
                       caption: "The same spectra under Summerfield scaling, σ'/σ_dc against f/(σ_dc T): time–temperature superposition. "
                           + (spread.map { String(format: "The curves agree within %.2f in log10(σ'/σ_dc) where 1.1 ≤ σ'/σ_dc ≤ 30 on all of them.", $0) } ?? ""),
                       tables: ["ac-li33.csv"])
        progress.note("reproduce: ac spectra done" + (spread.map { String(format: " (master curve spread %.2f in log10)", $0) } ?? ""))
    }
}
