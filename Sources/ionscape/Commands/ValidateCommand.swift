import ArgumentParser
import CAIT
import Foundation
import Glass
import Landscape
import Transport

/// `ionscape validate`: runs the physics oracles against independent references and prints a
/// pass/fail table with the measured numbers. CSV: check,expected,measured,tolerance,pass.
/// Exit status 1 when any check fails.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Run the physics oracles: measured NFU fractions, percolation thresholds, uniform and EMT networks, Kron vs direct, NPP conservation, Gouy–Chapman.")

    @Option(help: "Master seed for the randomised checks (non-negative integer; default \(defaultSeed)).")
    var seed: UInt64?

    @Option(help: "Worker threads (1 … 1024; default: the cores this process may use).")
    var threads: Int?

    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let seedText = settings.string("seed", flag: self.seed.map { String($0) }, default: String(defaultSeed))
        guard let seed = UInt64(seedText) else {
            throw InputError(name: "--seed", value: seedText, accepted: "an integer 0…\(UInt64.max)")
        }
        let cores = try settings.integer("threads", flag: threads, default: Cores.usable,
                                         from: "the cores this process may use", accepted: "1 ≤ threads ≤ 1024", valid: { $0 >= 1 && $0 <= 1024 })
        if try config.finish(settings, output: output) { return }
        let progress = ProgressReporter(label: "validate", quiet: output.quiet)
        var table = ResultTable(columns: ["check", "expected", "measured", "tolerance", "pass"])
        func add(_ name: String, expected: Double, measured: Double, tolerance: Double) {
            let pass = measured.isFinite && abs(measured - expected) <= tolerance
            table.append([.text(name), .number(expected), .number(measured), .number(tolerance), .flag(pass)])
            progress.note(String(format: "validate: %@: expected %.10g, measured %.10g (tolerance %.3g) %@",
                                 name, expected, measured, tolerance, pass ? "pass" : "FAIL"))
        }

        // NFU model against measurements: the fraction N4 of four-coordinated boron in lithium
        // borate at 33.3 mol% Li2O is ≈ 0.42 by ¹¹B NMR (Bray and O'Keefe, Phys. Chem. Glasses 4,
        // 37 (1963)), ± 0.02 between studies; binary Na phosphate at 40 mol% Na2O has Q² ≈ 0.67 by
        // ³¹P NMR (Brow, J. Non-Cryst. Solids 263–264, 1 (2000)), ± 0.03. And stoichiometry: the unit
        // charges of a na35 glass at x = 0.5 per formula unit equal its 2y alkali ions (rounding).
        let borate = try HierarchicalNFUModel().fractions(for: Composition(alkali: .Li, x: 1, y: 1.0 / 3.0))
        add("nfu_N4_Li_borate_33mol%", expected: 0.42, measured: borate[.B4], tolerance: 0.02)
        let phosphate = try HierarchicalNFUModel().fractions(for: Composition(alkali: .Na, x: 0, y: 0.4))
        add("nfu_Q2_Na_phosphate_40mol%", expected: 0.67, measured: phosphate[.P2], tolerance: 0.03)
        let mixed = try Composition(alkali: .Na, x: 0.5, y: 0.35)
        let f = try HierarchicalNFUModel().fractions(for: mixed)
        let unitCharge = 2 * (1 - mixed.y) * (f[.B4] + f[.B2] + f[.P2] + 2 * f[.P1] + 3 * f[.P0])
        add("nfu_charge_per_formula_unit_na35_x0.5", expected: 2 * mixed.y, measured: unitCharge, tolerance: 1e-12)

        // Simple-cubic percolation thresholds (Wang et al., PRE 87, 052107 (2013)). The median of
        // the per-sample spanning thresholds is where P_span = ½; on N_L = 16 it may sit within the
        // finite-size window ½·N_L^(−1/ν) (ν = 0.876) of p_c, plus 4 standard errors of the median.
        let lattice = try CubicLattice(edge: 16)
        for (kind, pc) in [(PercolationKind.site, 0.3116077), (.bond, 0.2488118)] {
            let samples = 400
            let thresholds = try LatticePercolation.spanningThresholds(kind, lattice: lattice, samples: samples,
                                                                        seed: seed, threads: cores).sorted()
            let median = 0.5 * (thresholds[samples / 2 - 1] + thresholds[samples / 2])
            // SE of a median ≈ √(π/2) × SE of the mean, for a near-normal sample.
            let medianSE = 1.2533 * (Estimate(samples: thresholds).standardError ?? .infinity)
            add("percolation_\(kind.rawValue)_pc_NL16", expected: pc, measured: median,
                tolerance: 0.5 * pow(16, -1 / 0.876) + 4 * medianSE)
        }

        // Uniform network: every link g gives σ = g/a exactly (docs/model.md §6), on both routes.
        let g = 1e-9, a = 5e-10
        let uniform = try ConductanceNetwork.cubicLattice(edge: 8, latticeConstant: a) { _, _ in log(g) }
        for route in KirchhoffRoute.allCases {
            let sigma = try Conductivity.sigma(of: uniform, route: route).sigma
            // S/m → S/cm is a factor 1/100; rounding in a 512-node solve: 1e-12 relative.
            add("uniform_network_sigma_\(route.rawValue)", expected: g / a / 100, measured: sigma, tolerance: 1e-12 * g / a / 100)
        }

        // Bond-diluted lattice at p = 0.8 against effective-medium theory σ/σ0 = (3p − 1)/2.
        // EMT is accurate to ~0.02 away from threshold (Kirkpatrick, RMP 45, 574 (1973)); plus 3 SE.
        let p = 0.8, edge = 12
        let values = try (0..<8).map { k -> Double in
            var random = RandomStream(seed: seed, point: 8, realisation: UInt64(k))
            let net = try ConductanceNetwork.cubicLattice(edge: edge, latticeConstant: 1) { _, _ in random.uniform() < p ? 0 : nil }
            return try KronReduction.solve(net).totalConductance * Double(edge - 1) / Double(edge * edge)
        }
        let emt = try DisorderAverage(values: values)
        add("emt_bond_diluted_p0.8", expected: (3 * p - 1) / 2, measured: emt.mean, tolerance: 0.02 + 3 * (emt.standardError ?? 0))

        // Route 1 vs route 2 on li33 landscapes: route 2's σ (within its rounding bound) must lie
        // in route 1's certified bracket, the two being independent algorithms; and the bracket
        // must meet the default window tolerance (relative width ≤ 1e-3).
        let composition = try Preset.li33.composition(x: 0.5)
        let builder = try LandscapeBuilder(lattice: CubicLattice(edge: 10), composition: composition,
                                           fractions: HierarchicalNFUModel().fractions(for: composition),
                                           parameters: LandscapeParameters(preset: .li33))
        let hopping = try HoppingParameters(attemptFrequency: Preset.li33.attemptFrequency, barrier: Preset.li33.u0)
        for t in [303.0, 563.0] {
            let network = try ConductanceNetwork(landscape: builder.build(seed: seed, realisation: 0), temperature: t, hopping: hopping)
            let c = try RouteValidation.compare(name: "T=\(t)", network: network)
            let outside = c.kronInsideBracket ? 0 : c.relativeDifference
            add(String(format: "kron_outside_cholmod_bracket_li33_T%.0f_spread1e%.0f", t, c.logSpread / M_LN10), expected: 0,
                measured: outside, tolerance: 0)
            add(String(format: "cholmod_bracket_width_li33_T%.0f", t), expected: 0,
                measured: c.direct.bracket.relativeWidth, tolerance: WindowPolicy().tolerance)
        }

        // NPP conservation (docs/model.md §9): ions in − ions out = change in content, ≤ 1e-10 relative.
        var scenario = CAITScenario.illustrative(foreign: .potassium)
        scenario.cells = 200; scenario.thickness = 0.6e-6; scenario.duration = 2 * 3600
        let run = try scenario.simulate(outputTimes: [scenario.duration])
        add("npp_conservation_residual", expected: 0, measured: run.solution.diagnostics.maximumConservationResidual, tolerance: 1e-10)

        // Poisson coupling: steady Debye layer vs the Gouy–Chapman closed form (ψ in thermal
        // voltages); second-order finite volumes at 200 cells give a few 1e-3 of ψ0 = 4.
        let gc = GouyChapmanBenchmark()
        let (profile, lambda) = try gc.steadyState(cells: 200)
        add("gouy_chapman_max_error_kT", expected: 0, measured: gc.maximumError(of: profile, screeningLength: lambda), tolerance: 0.01)

        var record = RunRecord(command: "validate")
        record.add(settings)
        try output.emit(table, name: "validate", record: record)
        let failures = table.rows.filter { if case .flag(false) = $0[4] { return true } else { return false } }.count
        if failures > 0 { throw ComputationError("\(failures) validation check(s) failed") }
    }
}
