import CAIT
import Foundation

/// CPU seconds of this process (all threads): reported next to the wall time because the machine
/// is shared, and a busy machine stretches the wall time of a run, not its CPU time.
func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + 1e-9 * Double(t.tv_nsec)
}

/// `cait`: one default CAIT run (illustrative defaults, 2000 cells, 13 h); `--foreign K|Rb|Cs`,
/// `--model npp|electroneutral`, `--cells N`, `--hours H`, `--tolerance T` override. The note
/// reports the front, the plateau, the surface potential and the solver diagnostics.
func caitRun(_ options: BenchmarkOptions) throws -> String {
    let cpu = processCPUSeconds()
    let ion = ForeignIon(rawValue: options.extra["foreign"] ?? "K") ?? .potassium
    var scenario = CAITScenario.illustrative(foreign: ion)
    scenario.model = CAITModel(rawValue: options.extra["model"] ?? "npp") ?? .nernstPlanckPoisson
    if let cells = options.extra["cells"].flatMap({ Int($0) }) { scenario.cells = cells }
    if let hours = options.extra["hours"].flatMap({ Double($0) }) { scenario.duration = hours * 3600 }
    var solverOptions = SolverOptions()
    if let tolerance = options.extra["tolerance"].flatMap({ Double($0) }) { solverOptions.errorTolerance = tolerance }
    let solution = try scenario.solve(outputTimes: [scenario.duration], options: solverOptions)
    // The imbalance excludes the first nm: the surface charge layer (Gauss: ε·E(0⁺)/e) is sub-grid.
    let front = try ReplacementFront(profile: solution.profiles[0], surfaceExclusion: 1e-9)
    let d = solution.diagnostics
    return String(format: "cpu %.3f s; ", processCPUSeconds() - cpu) + "\(scenario.model.rawValue) foreign=\(ion.rawValue) cells=\(scenario.cells) front_nm=\(front.position * 1e9) "
        + "width_nm=\(front.width * 1e9) plateau=\(front.nativePlateau) surface_V=\(solution.profiles[0].potential[0]) "
        + "steps=\(d.acceptedSteps) rejected=\(d.rejectedSteps) "
        + "newton=\(d.newtonIterations) conservation=\(d.maximumConservationResidual) "
        + "imbalance=\(front.maximumChargeImbalance)"
}

/// `cait-fit`: Levenberg–Marquardt fit of (FWHM, D_bulk, D_foreign) to a synthetic K⁺ profile:
/// the illustrative run on 2000 cells sampled at 60 depths (5…400 nm) with 2 % Gaussian noise
/// (fixed seed), fitted on 1000 cells from a start 20–100 % off. `--cells N` sets the fit grid.
func caitFit(_ options: BenchmarkOptions) throws -> String {
    let truth = CAITScenario.illustrative(foreign: .potassium)
    let depths = (0..<60).map { 5e-9 + Double($0) * (395e-9 / 59) }
    let solution = try NernstPlanckPoissonSolver(problem: try truth.problem())
        .solve(duration: truth.duration, outputTimes: [truth.duration])
    let profile = solution.profiles[0]
    var state: UInt64 = 2024
    func normal() -> Double {  // SplitMix64 + Box–Muller
        func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return (Double((z ^ (z >> 31)) >> 11) + 0.5) / 9007199254740992
        }
        return (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
    }
    func interpolate(_ values: [Double], at x: Double) -> Double {
        let z = profile.depth
        guard let hi = z.firstIndex(where: { $0 >= x }), hi > 0 else { return values[0] }
        let w = (x - z[hi - 1]) / (z[hi] - z[hi - 1])
        return values[hi - 1] + w * (values[hi] - values[hi - 1])
    }
    let measured = try MeasuredProfile(
        depth: depths,
        nativeFraction: depths.map { interpolate(profile.nativeFraction, at: $0) + 0.02 * normal() },
        foreignFraction: depths.map { interpolate(profile.foreignFraction, at: $0) + 0.02 * normal() })
    var template = truth
    template.cells = options.extra["cells"].flatMap { Int($0) } ?? 1000
    let fitter = try CAITProfileFitter(template: template, measured: measured)
    let result = try fitter.fit(initial: CAITParameters(fwhm: 0.3, bulkDiffusivity: 2 * truth.bulkDiffusivity,
                                                          foreignDiffusivity: 1.2 * truth.foreignDiffusivity))
    let e = result.estimate, s = result.standardErrors
    return "fwhm=\(e.fwhm)±\(s.fwhm) D_bulk=\(e.bulkDiffusivity)±\(s.bulkDiffusivity) "
        + "D_foreign=\(e.foreignDiffusivity)±\(s.foreignDiffusivity) (true 0.25, \(truth.bulkDiffusivity), \(truth.foreignDiffusivity)) "
        + "s=\(result.residualStandardDeviation) iterations=\(result.iterations) solves=\(result.modelEvaluations)"
}

/// `cait-fit-readme`: the README's example, `cait-fit --profile tof_sims.csv --foreign Rb
/// --sed gaussian:fwhm=0.3`, on the profile that `cait --foreign Rb` writes (2000 cells, every
/// cell centre, no noise): started off the true FWHM (0.3 against 0.25 eV) at the true D_bulk and
/// D_foreign. `--model electroneutral` fits with the electroneutral model (the profile still comes
/// from the Nernst–Planck–Poisson model).
func caitFitReadme(_ options: BenchmarkOptions) throws -> String {
    let cpu = processCPUSeconds()
    let truth = CAITScenario.illustrative(foreign: .rubidium)
    let profile = try truth.solve(outputTimes: [truth.duration]).profiles[0]
    let measured = try MeasuredProfile(depth: profile.depth, nativeFraction: profile.nativeFraction,
                                       foreignFraction: profile.foreignFraction)
    var template = truth
    template.model = CAITModel(rawValue: options.extra["model"] ?? "npp") ?? .nernstPlanckPoisson
    let result = try CAITProfileFitter(template: template, measured: measured)
        .fit(initial: CAITParameters(fwhm: 0.3, bulkDiffusivity: truth.bulkDiffusivity, foreignDiffusivity: truth.foreignDiffusivity))
    let e = result.estimate
    return String(format: "cpu %.2f s; ", processCPUSeconds() - cpu) + "\(template.model.rawValue) fwhm=\(e.fwhm) D_bulk=\(e.bulkDiffusivity) D_foreign=\(e.foreignDiffusivity) "
        + "s=\(result.residualStandardDeviation) iterations=\(result.iterations) solves=\(result.modelEvaluations) "
        + "stop=\(result.stoppingReason)"
}
