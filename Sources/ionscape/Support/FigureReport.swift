import Foundation

/// The run folder's report.md: one section per figure, linking its PNG, SVG and CSV tables.
struct FigureReport {
    let directory: String
    let title: String
    private(set) var figures: [String] = []
    private var sections: [String] = []

    init(directory: String, title: String) {
        self.directory = directory
        self.title = title
    }

    mutating func add(_ figure: GnuplotFigure, stem: String, caption: String, tables: [String]) throws {
        try OutputDirectory.create(directory, for: directory)
        let files = try figure.render(stem: stem, in: directory)
        figures += files
        let links = tables.map { "[\($0)](\($0))" }.joined(separator: ", ")
        sections.append("## \(figure.title)\n\n![\(figure.title)](\(stem).png)\n\n\(caption)\n\nVector: [\(stem).svg](\(stem).svg). Data: \(links).\n")
        try write()   // the report grows as figures are made, so an interrupted run keeps what it has
    }

    func write() throws {
        let text = "# \(title)\n\nMade by `ionscape reproduce` (\(RunRecord.engineVersion)); parameters, seed and versions are in [run.json](run.json) once the run completes.\n\n"
            + sections.joined(separator: "\n")
        try AtomicFile.write(text, to: "\(directory)/report.md")
    }
}
