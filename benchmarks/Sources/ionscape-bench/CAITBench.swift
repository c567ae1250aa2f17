import CAIT

/// `cait`: one default CAIT run (SPEC §9 illustrative defaults, 2000 cells, 13 h);
/// `--foreign K|Rb|Cs`, `--cells N` override. The note reports the front, the plateau and the
/// solver diagnostics.
func caitRun(_ options: BenchmarkOptions) throws -> String {
    let ion = ForeignIon(rawValue: options.extra["foreign"] ?? "K") ?? .potassium
    var scenario = CAITScenario.illustrative(foreign: ion)
    if let cells = options.extra["cells"].flatMap({ Int($0) }) { scenario.cells = cells }
    if let hours = options.extra["hours"].flatMap({ Double($0) }) { scenario.duration = hours * 3600 }
    var solverOptions = SolverOptions()
    if let target = options.extra["target"].flatMap({ Double($0) }) { solverOptions.stepControl = .adaptive(targetChange: target) }
    let solver = try NernstPlanckPoissonSolver(problem: try scenario.problem(), options: solverOptions)
    let solution = try solver.solve(duration: scenario.duration, outputTimes: [scenario.duration])
    if options.extra["dump"] != nil {
        let p = solution.profiles[0]
        for k in stride(from: 0, to: p.depth.count, by: max(1, p.depth.count / 60)) {
            print(p.depth[k] * 1e9, p.nativeFraction[k], p.foreignFraction[k], p.potential[k])
        }
        print(solution.diagnostics)
    }
    let front = try ReplacementFront(profile: solution.profiles[0])
    let d = solution.diagnostics
    return "foreign=\(ion.rawValue) front_nm=\(front.position * 1e9) width_nm=\(front.width * 1e9) "
        + "plateau=\(front.nativePlateau) steps=\(d.acceptedSteps) rejected=\(d.rejectedSteps) "
        + "newton=\(d.newtonIterations) damped=\(d.dampedNewtonSteps) conservation=\(d.maximumConservationResidual) "
        + "imbalance=\(front.maximumChargeImbalance)"
}
