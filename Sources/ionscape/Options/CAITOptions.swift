import ArgumentParser
import CAIT
import Foundation
import Landscape

/// CAIT flags (docs/model.md §9). Defaults are the illustrative Li3B7O12 values, which are not measured.
struct CAITOptions: ParsableArguments {
    /// The scenario's illustrative beam current in the flag's unit, µA/cm² (1 µA/cm² = 0.01 A/m²),
    /// rounded to the 15 digits a double always holds so the conversion adds no digits of its own
    /// (×100 turns 9e-3 into 0.8999999999999999).
    static let illustrativeCurrentDensity = Double(String(format: "%.15g", CAITScenario.illustrativeCurrentDensity * 100))!

    @Option(help: "Foreign ion K, Rb or Cs; selects an illustrative (not measured) D_foreign (default K).")
    var foreign: String?

    @Option(help: "Front boundary: galvanostatic (beam current) or potentiostatic (surface potential); default galvanostatic.")
    var mode: String?

    @Option(name: .customLong("current-density"), parsing: .unconditional,
            help: "Beam current density j in µA/cm² (galvanostatic; 0 … 1e6; default \(Self.illustrativeCurrentDensity), illustrative).")
    var currentDensity: Double?

    @Option(parsing: .unconditional, help: "Surface potential U in V (potentiostatic; |U| ≤ 100; default 0.05).")
    var potential: Double?

    @Option(help: "Site energy distribution of the native ions: gaussian:fwhm=0.25 (eV), gaussian:sigma=0.1 (eV), table:FILE (CSV columns energy_eV,density, or the `landscape --histogram` file: its sed_density_per_eV column, with table:FILE,x=X when it holds several x, and f_v from its PSED), or landscape (the SED of the --preset/--x landscape: the bridge); default gaussian:fwhm=\(CAITScenario.illustrativeFWHM).")
    var sed: String?

    @Option(parsing: .unconditional, help: "Run time in hours (0 < t ≤ 1e6; default 13).")
    var duration: Double?

    @Option(parsing: .unconditional, help: "Sample thickness d in µm (0.01 … 1e4; default 2).")
    var thickness: Double?

    @Option(parsing: .unconditional, help: "Finite-volume cells (20…100000; default 2000).")
    var cells: Int?

    @Option(name: .customLong("bulk-diffusion"), parsing: .unconditional,
            help: "Native bulk diffusion coefficient D_bulk in m²/s (1e-40 … 1; default \(CAITScenario.illustrativeBulkDiffusivity), illustrative).")
    var bulkDiffusion: Double?

    @Option(name: .customLong("foreign-diffusion"), parsing: .unconditional,
            help: "Foreign diffusion coefficient D_foreign in m²/s (1e-40 … 1; default: the illustrative value of --foreign, \(ForeignIon.allCases.map { "\($0.rawValue) \($0.illustrativeDiffusivity)" }.joined(separator: ", ")); overrides it).")
    var foreignDiffusion: Double?

    @Option(name: .customLong("vacancy-fraction"), parsing: .unconditional,
            help: "Vacancy fraction f_v of native sites (0 < f_v < 1; default 0.10, or the landscape's with --sed landscape).")
    var vacancyFraction: Double?

    @Option(parsing: .unconditional, help: "Output times in hours: 13, 1,6.5,13 or start:stop:step (default: the run time).")
    var times: String?

    @Option(parsing: .unconditional, help: "Temperature in K (0 < T ≤ 1e5; default 353).")
    var temperature: Double?

    @Option(help: "Native ions' D(n): seed ([GSW]'s E_F-shift law from --sed; default), network (D_chem(c) of the conductance network of the --preset/--x landscape at --temperature, as `ionscape diffusion` computes it), or table:FILE (CSV columns filling,D_chem_m2_per_s, as `ionscape diffusion` writes). network and table give the shape of D(n) and --bulk-diffusion its value at n = n_b (docs/kmc.md).")
    var diffusion: String?

    @Option(help: "Transport model: npp (Nernst–Planck–Poisson) or electroneutral (its λ_D → 0 limit, n1 + n2 = n_b: one unknown per cell, several times faster; galvanostatic mode only); default npp.")
    var model: String?

    @Option(parsing: .unconditional,
            help: "Local error tolerance of the time stepping: the largest error per step in n/n_b (1e-8 … 0.1; default 1e-3; docs/cait.md §3 gives its effect on a profile).")
    var tolerance: Double?

    @Option(name: .customLong("beam-energy"), parsing: .unconditional,
            help: "Kinetic energy of the beam ions per charge in eV (0 < E ≤ 1e6; default \(CAITScenario.illustrativeBeamEnergy), illustrative): a warning is printed when the surface potential exceeds it, since such a beam cannot land ions.")
    var beamEnergy: Double?
}

/// A CAIT scenario after defaults, config and flags are combined.
struct ResolvedCAIT {
    let scenario: CAITScenario
    let solverOptions: SolverOptions
    let foreign: ForeignIon
    let outputTimes: [Double]
    let sedDescription: String
    /// The native law: "seed", or where its D(c) table came from.
    let diffusionDescription: String

    /// `landscapeSED` builds the bridge landscape when `--sed landscape` or `--diffusion network`
    /// asks for it. `readsTimes` false: the command has no output times (`cait-fit` compares at the
    /// run's end). `networkTable` computes the network's D(c) of a landscape at a temperature; nil:
    /// the command keeps [GSW]'s law and does not read `--diffusion` (`cait-fit` fits its SED width).
    init(_ options: CAITOptions, settings: Settings, readsTimes: Bool = true,
         networkTable: ((SiteEnergyLandscape, Double) throws -> FillingDiffusionTable)? = nil,
         landscapeSED: () throws -> SiteEnergyLandscape) throws {
        let ionText = settings.string("foreign", flag: options.foreign, default: "K")
        guard let ion = ForeignIon(rawValue: ionText) else {
            throw InputError(name: "--foreign", value: ionText, accepted: "K, Rb or Cs")
        }
        foreign = ion
        let sedText = settings.string("sed", flag: options.sed, default: "gaussian:fwhm=\(CAITScenario.illustrativeFWHM)")
        var diffusionText = "seed"
        if networkTable != nil {
            diffusionText = settings.string("diffusion", flag: options.diffusion, default: "seed")
        } else {
            settings.notUsed("diffusion", because: "(it fits the SED width of [GSW]'s law)")
        }
        var bridge: SiteEnergyLandscape? = nil
        func landscape() throws -> SiteEnergyLandscape {
            if let bridge { return bridge }
            bridge = try landscapeSED()
            return bridge!
        }
        let distribution: any SiteEnergyDistribution
        var landscapeVacancies: Double?
        (distribution, sedDescription, landscapeVacancies) = try Self.distribution(sedText, landscape: landscape)
        if diffusionText == "network" { landscapeVacancies = landscapeVacancyFraction(try landscape()) }
        if sedText != "landscape" && diffusionText != "network" {
            for key in ["preset", "x", "y", "alkali", "nfu-table", "v0", "sigma", "f0", "size", "realizations", "seed", "threads"] {
                settings.notUsed(key, because: "(the composition and landscape keys apply with --sed landscape or --diffusion network)")
            }
        }
        var s = CAITScenario.illustrative(foreign: ion)
        s.distribution = distribution
        s.temperature = try settings.double("temperature", flag: options.temperature, default: s.temperature, unit: "K",
                                            accepted: "0 < T ≤ 1e5 K", valid: { $0 > 0 && $0 <= 1e5 })
        s.duration = 3600 * (try settings.double("duration", flag: options.duration, default: s.duration / 3600, unit: "h",
                                                 accepted: "> 0 h, at most 1e6 h", valid: { $0 > 0 && $0 <= 1e6 }))
        s.thickness = 1e-6 * (try settings.double("thickness", flag: options.thickness, default: s.thickness * 1e6, unit: "µm",
                                                  accepted: "0.01 … 1e4 µm", valid: { $0 >= 0.01 && $0 <= 1e4 }))
        s.cells = try settings.integer("cells", flag: options.cells, default: s.cells, accepted: "20 … 100000",
                                       valid: { $0 >= 20 && $0 <= 100_000 })
        s.bulkDiffusivity = try settings.double("bulk-diffusion", flag: options.bulkDiffusion, default: s.bulkDiffusivity,
                                                unit: "m²/s", accepted: "1e-40 … 1 m²/s", valid: { $0 >= 1e-40 && $0 <= 1 })
        s.foreignDiffusivity = try settings.double("foreign-diffusion", flag: options.foreignDiffusion,
                                                   default: ion.illustrativeDiffusivity, from: "from foreign = \(ion.rawValue)",
                                                   unit: "m²/s", accepted: "1e-40 … 1 m²/s", valid: { $0 >= 1e-40 && $0 <= 1 })
        s.vacancyFraction = try settings.double("vacancy-fraction", flag: options.vacancyFraction,
                                                default: landscapeVacancies ?? s.vacancyFraction,
                                                from: landscapeVacancies == nil ? nil : "from the landscape's occupied fraction (1 − N/N_acc)",
                                                unit: "", accepted: "0 < f_v < 1", valid: { $0 > 0 && $0 < 1 })
        switch diffusionText {
        case "seed":
            diffusionDescription = "[GSW]'s E_F-shift law"
        case "network":
            s.nativeDiffusionTable = try networkTable!(try landscape(), s.temperature)
            diffusionDescription = s.nativeDiffusionTable!.source
        case let text where text.hasPrefix("table:"):
            s.nativeDiffusionTable = try Self.diffusionTable(path: String(text.dropFirst(6)))
            diffusionDescription = s.nativeDiffusionTable!.source
        case let other:
            throw InputError(name: "--diffusion", value: other, accepted: "seed, network or table:FILE")
        }
        if let table = s.nativeDiffusionTable {
            // Checks the table against D_bulk and f_v now, so that a bad table is bad input.
            do { _ = try s.nativeDiffusionLaw() } catch {
                throw InputError("--diffusion \(diffusionText): \(error)" + (table.fillings.isEmpty ? "" :
                    " (the table covers fillings \(table.fillings.first!) … \(table.fillings.last!); the bulk filling is 1 − f_v)"))
            }
        }

        let modelText = settings.string("model", flag: options.model, default: CAITModel.nernstPlanckPoisson.rawValue)
        guard let model = CAITModel(rawValue: modelText) else {
            throw InputError(name: "--model", value: modelText, accepted: "npp or electroneutral")
        }
        s.model = model
        var solver = SolverOptions()
        solver.errorTolerance = try settings.double("tolerance", flag: options.tolerance, default: solver.errorTolerance, unit: "",
                                                    accepted: "1e-8 … 0.1", valid: { $0 >= 1e-8 && $0 <= 0.1 })
        solverOptions = solver
        s.beamEnergy = try settings.double("beam-energy", flag: options.beamEnergy, default: s.beamEnergy, unit: "eV",
                                           accepted: "0 < E ≤ 1e6 eV", valid: { $0 > 0 && $0 <= 1e6 })
        switch settings.string("mode", flag: options.mode, default: "galvanostatic") {
        case "galvanostatic":
            let j = try settings.double("current-density", flag: options.currentDensity,
                                        default: CAITOptions.illustrativeCurrentDensity, unit: "µA/cm²",
                                        accepted: "0 … 1e6 µA/cm²", valid: { $0 >= 0 && $0 <= 1e6 })
            s.mode = .galvanostatic(currentDensity: j / 100)       // 1 µA/cm² = 0.01 A/m²
            settings.notUsed("potential", because: "with --mode galvanostatic (it applies to --mode potentiostatic)")
        case "potentiostatic":
            let u = try settings.double("potential", flag: options.potential, default: 0.05, unit: "V",
                                        accepted: "|U| ≤ 100 V", valid: { abs($0) <= 100 })
            s.mode = .potentiostatic(surfacePotential: u)
            settings.notUsed("current-density", because: "with --mode potentiostatic (it applies to --mode galvanostatic)")
            if model == .electroneutral {
                throw InputError(name: "--model", value: "electroneutral with --mode potentiostatic",
                                 accepted: "--model npp for the potentiostatic mode (with a fixed surface potential the current is not prescribed, and the surface Debye layer carries a potential jump that the electroneutral limit does not resolve)")
            }
        case let other:
            throw InputError(name: "--mode", value: other, accepted: "galvanostatic or potentiostatic")
        }
        if readsTimes {
            let hours = try settings.list("times", flag: options.times, default: String(s.duration / 3600), from: "the run time",
                                          unit: "h", accepted: "0 < t ≤ the run time",
                                          valid: { $0 > 0 && $0 * 3600 <= s.duration * (1 + 1e-12) })
            outputTimes = hours.map { min($0 * 3600, s.duration) }
        } else {
            outputTimes = [s.duration]
        }
        scenario = s
    }

    /// A D(c) table from a CSV with columns filling and D_chem_m2_per_s (`ionscape diffusion`'s),
    /// one row per filling.
    static func diffusionTable(path: String) throws -> FillingDiffusionTable {
        let csv = try NumericCSV(path: path, required: ["filling", "D_chem_m2_per_s"], what: "--diffusion table")
        let (c, d) = (csv.columns["filling"]!, csv.columns["D_chem_m2_per_s"]!)
        let order = c.indices.sorted { c[$0] < c[$1] }
        for (a, b) in zip(order, order.dropFirst()) where c[a] == c[b] {
            throw InputError("\(path), lines \(csv.lineNumbers[a]) and \(csv.lineNumbers[b]): two rows for filling \(c[a]) "
                             + "(several x or T?); accepted: one row per filling, one x and one T")
        }
        return FillingDiffusionTable(fillings: order.map { c[$0] }, diffusivities: order.map { d[$0] }, source: "table \(path)")
    }

    /// Parses `--sed`. For a landscape SED it also returns the landscape's own vacancy fraction
    /// 1 − N/N_acc, so that the bulk filling n_b puts the native ions exactly on the landscape's
    /// occupied sites (its PSED at T → 0).
    static func distribution(_ text: String, landscape: () throws -> SiteEnergyLandscape) throws
        -> (any SiteEnergyDistribution, String, Double?) {
        if text == "landscape" {
            let l = try landscape()
            return (try TabulatedSiteEnergyDistribution(landscape: l), "SED of a \(l.lattice.edge)³ landscape (bridge)",
                    landscapeVacancyFraction(l))
        }
        if text.hasPrefix("table:") { return try tabulatedDistribution(String(text.dropFirst(6))) }
        if text.hasPrefix("gaussian:") {
            let parts = text.dropFirst(9).split(separator: "=")
            if parts.count == 2, let v = Double(parts[1]), v > 0, v.isFinite {
                switch parts[0] {
                case "fwhm": return (try GaussianSiteEnergyDistribution(fwhm: v), "Gaussian, FWHM \(v) eV", nil)
                case "sigma": return (try GaussianSiteEnergyDistribution(standardDeviation: v), "Gaussian, σ \(v) eV", nil)
                default: break
                }
            }
        }
        throw InputError(name: "--sed", value: text,
                         accepted: "gaussian:fwhm=E, gaussian:sigma=E (E > 0 eV), table:FILE, or landscape")
    }
}

extension ResolvedCAIT {
    /// `--sed table:FILE[,x=X]`: either a plain table (columns energy_eV,density) or the file of
    /// `landscape --histogram` (columns x,energy_eV,sed_density_per_eV,psed_density_per_eV). From
    /// the latter the SED of one x is used — the only one in the file, or the one chosen by ",x=X" —
    /// and, like `--sed landscape`, its vacancy fraction 1 − ∫PSED/∫SED (the landscape's ions fill
    /// its occupied sites).
    static func tabulatedDistribution(_ argument: String) throws -> (any SiteEnergyDistribution, String, Double?) {
        var path = argument, chosenX: Double? = nil
        if let range = argument.range(of: ",x=", options: .backwards) {
            path = String(argument[..<range.lowerBound])
            let value = String(argument[range.upperBound...])
            guard let x = Double(value), x.isFinite else {
                throw InputError(name: "--sed", value: "table:\(argument)", accepted: "table:FILE or table:FILE,x=X with X a number")
            }
            chosenX = x
        }
        let header = try NumericCSV.header(path: path, what: "--sed table")
        if header.contains("density") {
            if chosenX != nil {
                throw InputError(name: "--sed", value: "table:\(argument)", accepted: ",x=X only for a `landscape --histogram` file (columns x,energy_eV,sed_density_per_eV)")
            }
            let table = try NumericCSV(path: path, required: ["energy_eV", "density"], what: "--sed table")
            return (try TabulatedSiteEnergyDistribution(energies: table.columns["energy_eV"]!, density: table.columns["density"]!),
                    "table \(path)", nil)
        }
        let hasPopulated = header.contains("psed_density_per_eV")
        let table = try NumericCSV(path: path, required: ["x", "energy_eV", "sed_density_per_eV"] + (hasPopulated ? ["psed_density_per_eV"] : []),
                                   what: "--sed table (columns energy_eV,density, or x,energy_eV,sed_density_per_eV from landscape --histogram)")
        let xs = table.columns["x"]!
        var distinct: [Double] = []
        for x in xs where !distinct.contains(x) { distinct.append(x) }
        let x: Double
        if let chosenX {
            guard let match = distinct.first(where: { abs($0 - chosenX) <= 1e-9 }) else {
                throw InputError(name: "--sed", value: "table:\(argument)", accepted: "x = one of \(distinct.map { "\($0)" }.joined(separator: ", ")) (the x values in \(path))")
            }
            x = match
        } else {
            guard distinct.count == 1 else {
                throw InputError(name: "--sed", value: "table:\(path)",
                                 accepted: "table:\(path),x=X to choose one of the SEDs it holds, x = \(distinct.map { "\($0)" }.joined(separator: ", "))")
            }
            x = distinct[0]
        }
        let rows = xs.indices.filter { xs[$0] == x }
        let energies = rows.map { table.columns["energy_eV"]![$0] }
        let sed = rows.map { table.columns["sed_density_per_eV"]![$0] }
        let distribution: TabulatedSiteEnergyDistribution
        do { distribution = try TabulatedSiteEnergyDistribution(energies: energies, density: sed) } catch {
            throw InputError("\(path) (x = \(x)): \(error)")
        }
        var vacancies: Double? = nil
        if hasPopulated {
            let occupied = rows.map { table.columns["psed_density_per_eV"]![$0] }.reduce(0, +) / sed.reduce(0, +)
            guard occupied > 0, occupied < 1 else {
                throw InputError(name: "--sed", value: "table:\(argument)",
                                 accepted: "a histogram whose PSED holds a fraction 0 … 1 of its SED (found \(occupied))")
            }
            vacancies = 1 - occupied
        }
        return (distribution, "SED of \(path) at x = \(x)", vacancies)
    }
}

/// The vacancy fraction of a landscape's accessible sites, 1 − N/N_acc: the CAIT f_v that makes
/// the bulk native density fill exactly the landscape's occupied sites (the bridge).
func landscapeVacancyFraction(_ landscape: SiteEnergyLandscape) -> Double {
    1 - Double(landscape.ionCount) / Double(landscape.accessibleCount)
}
