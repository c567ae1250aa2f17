import ArgumentParser
import CAIT
import Foundation

/// `ionscape cait-fit`: Levenberg–Marquardt fit of (SED FWHM, D_bulk, D_foreign) to a measured
/// depth profile (docs/model.md §9 inverse problem). CSV out: parameter,value,standard_error,unit.
struct CAITFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cait-fit",
        abstract: "Fit the Gaussian SED width, D_bulk and D_foreign to a measured CAIT depth profile (docs/model.md §9).",
        discussion: """
        --profile FILE: CSV with columns depth_nm,native_fraction,foreign_fraction (the output of \
        `ionscape cait` at one time works as is). The other CAIT flags fix the experiment (beam, \
        time, thickness, temperature) and give the starting point of the fit.
        """)

    @Option(help: "Measured profile CSV (columns depth_nm,native_fraction,foreign_fraction; depth in nm); required.")
    var profile: String?

    @OptionGroup var cait: CAITOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        guard let profile = settings.text("profile", flag: profile) else {
            throw InputError(name: "--profile", value: "none", accepted: "a CSV file with columns depth_nm,native_fraction,foreign_fraction")
        }
        let resolved = try ResolvedCAIT(cait, settings: settings, readsTimes: false) {
            throw InputError(name: "--sed", value: "landscape", accepted: "a Gaussian start for cait-fit (gaussian:fwhm=E)")
        }
        guard let gaussian = resolved.scenario.distribution as? GaussianSiteEnergyDistribution else {
            throw InputError(name: "--sed", value: resolved.sedDescription, accepted: "gaussian:fwhm=E as the starting point")
        }
        settings.notUsed("times", because: "(the fit compares with the profile at the end of the run)")
        if try config.finish(settings, output: output) { return }
        let data = try NumericCSV(path: profile, required: ["depth_nm", "native_fraction", "foreign_fraction"], what: "--profile")
        let measured: MeasuredProfile
        do {
            measured = try MeasuredProfile(depth: data.columns["depth_nm"]!.map { $0 * 1e-9 },
                                           nativeFraction: data.columns["native_fraction"]!,
                                           foreignFraction: data.columns["foreign_fraction"]!)
        } catch {
            throw InputError("\(profile): \(error)")
        }
        let progress = ProgressReporter(label: "cait-fit", quiet: output.quiet)
        progress.note("cait-fit: fitting \(measured.depth.count) depths with the \(resolved.scenario.model == .electroneutral ? "electroneutral" : "Nernst–Planck–Poisson") model; "
                      + "each iteration solves it 3 times for the Jacobian (one solve per parameter) and once per trial step")
        var fitter = try CAITProfileFitter(template: resolved.scenario, measured: measured)
        fitter.solverOptions = resolved.solverOptions
        let start = CAITParameters(fwhm: gaussian.fwhm, bulkDiffusivity: resolved.scenario.bulkDiffusivity,
                                   foreignDiffusivity: resolved.scenario.foreignDiffusivity)
        let result = try fitter.fit(initial: start) { p in
            let state = p.accepted ? "accepted" : "rejected (damping raised)"
            progress.note("cait-fit: iteration \(p.iteration) \(state): " + String(format: "FWHM %.5g eV, D_bulk %.5g m²/s, D_foreign %.5g m²/s, residual SD %.4g, %d solves so far",
                                 p.parameters.fwhm, p.parameters.bulkDiffusivity, p.parameters.foreignDiffusivity,
                                 p.residualStandardDeviation, p.solves))
        }
        var table = ResultTable(columns: ["parameter", "value", "standard_error", "unit"])
        table.append([.text("sed_fwhm"), .number(result.estimate.fwhm), .number(result.standardErrors.fwhm), .text("eV")])
        table.append([.text("bulk_diffusion"), .number(result.estimate.bulkDiffusivity),
                      .number(result.standardErrors.bulkDiffusivity), .text("m2/s")])
        table.append([.text("foreign_diffusion"), .number(result.estimate.foreignDiffusivity),
                      .number(result.standardErrors.foreignDiffusivity), .text("m2/s")])
        var record = RunRecord(command: "cait-fit")
        record.add(settings)
        record.extra.merge(["iterations": result.iterations, "model_evaluations": result.modelEvaluations,
                            "residual_sd": result.residualStandardDeviation, "log_covariance": result.logCovariance,
                            "stopping_reason": result.stoppingReason, "model": resolved.scenario.model.rawValue]) { $1 }
        progress.note("cait-fit: \(result.iterations) iterations, \(result.modelEvaluations) solves in all, residual SD \(result.residualStandardDeviation); stopped: \(result.stoppingReason)")
        try output.emit(table, name: "cait-fit", record: record)
    }
}
