import MPIFarm
import ArgumentParser
import Foundation
import Glass

/// `--config` / `--dump-config`: a TOML file holding the parameters of a run.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Read parameters from a TOML file (keys are the long flag names; default: none). Flags override it.")
    var config: String?

    @Flag(name: .customLong("dump-config"),
          help: "Print this run's parameters as TOML and exit: the values set as active lines, the rest commented with their defaults.")
    var dumpConfig = false

    /// The settings of `command` (the parsed command itself: its flags are found by reflection).
    func load<C: ParsableCommand>(for command: C) throws -> Settings {
        Settings(command: C.configuration.commandName ?? String(describing: C.self),
                 config: try config.map { try ConfigFile(path: $0) } ?? ConfigFile(values: [:]),
                 declared: DeclaredParameters(of: command),
                 spreadsOverRanks: command is DistributedSweepCommand && Launch.current.isDistributed)
    }

    /// Ends parameter resolution; call it after reading every parameter and before computing.
    /// Rejects flags and config keys the command did not read, checks `--format` and that
    /// `--out` is writable, and answers `--dump-config` (returns true: the command should stop).
    func finish(_ settings: Settings, output: OutputOptions?) throws -> Bool {
        try settings.rejectUnused()
        if dumpConfig { print(settings.dump(), terminator: ""); return true }
        try output?.check()
        return false
    }
}

/// Composition flags (docs/model.md §12): `--preset`, `--x`, `--y`, `--alkali`, `--nfu-table`.
struct CompositionOptions: ParsableArguments {
    @Option(help: "Glass series preset: li33, na35 or na40 (docs/model.md §7); sets alkali, y, V0, σ_ε, ν (default li33).")
    var preset: String?

    @Option(parsing: .unconditional, help: "Borate fraction(s) x (dimensionless, 0…1): 0.4, 0,0.4,1 or start:stop:step (default: per command, listed below).")
    var x: String?

    @Option(parsing: .unconditional, help: "Alkali-oxide mole fraction y (dimensionless, 0.30…0.60; default: the preset's).")
    var y: Double?

    @Option(help: "Alkali label Li, Na, K, Rb or Cs (a label only; default: the preset's).")
    var alkali: String?

    @Option(name: .customLong("nfu-table"),
            help: "CSV of measured NFU fractions per network former (columns x,y,B4,B3,B2,P3,P2,P1,P0) used instead of the hierarchical model (default: the model).")
    var nfuTable: String?
}

/// The glass series of a run after presets, config and flags are combined.
struct ResolvedGlass {
    let preset: Preset
    let alkali: Alkali
    let y: Double
    let xs: [Double]
    let model: any NFUModel
    let modelName: String

    /// `defaultX` nil: the command takes its x values elsewhere (e.g. from a data file) and
    /// does not read `--x`.
    init(_ options: CompositionOptions, settings: Settings, defaultX: String?) throws {
        preset = try Preset.named(settings.string("preset", flag: options.preset, default: "li33"))
        let fromPreset = "from preset \(preset.name)"
        alkali = try Alkali(symbol: settings.string("alkali", flag: options.alkali, default: preset.alkali.rawValue,
                                                    from: fromPreset))
        y = try settings.double("y", flag: options.y, default: preset.y, from: fromPreset, unit: "",
                                accepted: "0.30 ≤ y ≤ 0.60", valid: { Composition.alkaliRange.contains($0) })
        if let defaultX {
            xs = try settings.list("x", flag: options.x, default: defaultX, unit: "",
                                   accepted: "0 ≤ x ≤ 1", valid: { Composition.borateRange.contains($0) })
        } else {
            xs = []
        }
        if let path = settings.text("nfu-table", flag: options.nfuTable) {
            let names = NetworkFormerUnit.allCases.map(\.description)
            let table = try NumericCSV(path: path, required: ["x", "y"] + names, what: "--nfu-table")
            var rows: [NFUTableRow] = []
            for k in table.lineNumbers.indices {
                let values = names.map { table.columns[$0]![k] }
                rows.append(NFUTableRow(x: table.columns["x"]![k], y: table.columns["y"]![k],
                                        fractions: NFUFractions(values)!))
            }
            do { model = try TabulatedNFUModel(rows: rows) } catch {
                // Name the file line of a failing row rather than its data-row number.
                guard case let .invalidTable(row, reason) = error, row >= 1 else { throw error }
                throw InputError("\(path), line \(table.lineNumbers[row - 1]): \(reason)")
            }
            modelName = "tabulated (\(path))"
        } else {
            model = HierarchicalNFUModel()
            modelName = "hierarchical low-temperature model (docs/model.md §2 reconstruction)"
        }
    }

    /// The same glass series at other borate fractions.
    init(glass: ResolvedGlass, xs: [Double]) {
        preset = glass.preset; alkali = glass.alkali; y = glass.y; model = glass.model; modelName = glass.modelName
        self.xs = xs
    }

    func composition(x: Double) throws -> Composition { try Composition(alkali: alkali, x: x, y: y) }
}
