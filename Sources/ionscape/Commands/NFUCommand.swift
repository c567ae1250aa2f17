import ArgumentParser
import Glass

/// `ionscape nfu`: network-former unit fractions vs x (docs/model.md §2). CSV: x,y,B4,B3,B2,P3,P2,P1,P0.
struct NFUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nfu",
        abstract: "Network-former unit fractions per network-forming cation vs borate fraction x (docs/model.md §2).",
        discussion: "Defaults here: --x \(defaultX).")

    static let defaultX = "0:1:0.1"

    @OptionGroup var composition: CompositionOptions
    @OptionGroup var config: ConfigOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let settings = try config.load(for: self)
        let glass = try ResolvedGlass(composition, settings: settings, defaultX: Self.defaultX)
        if try config.finish(settings, output: output) { return }
        var table = ResultTable(columns: ["x", "y"] + NetworkFormerUnit.allCases.map(\.description))
        for x in glass.xs {
            let fractions = try glass.model.fractions(for: try glass.composition(x: x))
            table.append([.number(x), .number(glass.y)] + NetworkFormerUnit.allCases.map { .number(fractions[$0]) })
        }
        var record = RunRecord(command: "nfu")
        record.add(settings)
        record.extra["nfu_model"] = glass.modelName
        try output.emit(table, name: "nfu", record: record)
    }
}
