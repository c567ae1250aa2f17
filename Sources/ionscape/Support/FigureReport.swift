import Foundation
import WorkUnits

/// The run folder's report.md: one section per figure, linking its PNG, SVG and CSV tables.
struct FigureReport {
    let directory: String
    let title: String
    private(set) var figures: [String] = []
    private var sections: [String] = []
    /// Wall and CPU seconds of each stage, in order (`timed`).
    private(set) var stages: [(name: String, wall: Double, cpu: Double)] = []

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

    /// Runs one stage of the report and records its wall time and the process's CPU time
    /// (all threads), for the stage table.
    mutating func timed(_ name: String, _ stage: (inout FigureReport) throws -> Void) throws {
        let (wall, cpu) = (ContinuousClock.now, Self.processCPUSeconds())
        try stage(&self)
        stages.append((name, (ContinuousClock.now - wall).seconds, Self.processCPUSeconds() - cpu))
        try write()
    }

    /// The stage table as run-record entries.
    var stageRecord: [[String: Any]] {
        stages.map { ["stage": $0.name, "wall_seconds": $0.wall, "cpu_seconds": $0.cpu] }
    }

    func write() throws {
        var text = "# \(title)\n\nMade by `ionscape reproduce` (\(RunRecord.engineVersion)); parameters, seed and versions are in [run.json](run.json) once the run completes.\n\n"
        if !stages.isEmpty {
            text += "| stage | wall (s) | CPU (s, all threads) |\n|---|---|---|\n"
            for s in stages { text += String(format: "| %@ | %.1f | %.1f |\n", s.name, s.wall, s.cpu) }
            let (wall, cpu) = stages.reduce((0.0, 0.0)) { ($0.0 + $1.wall, $0.1 + $1.cpu) }
            text += String(format: "| all | %.1f | %.1f |\n\n", wall, cpu)
        }
        text += sections.joined(separator: "\n")
        try AtomicFile.write(text, to: "\(directory)/report.md")
    }

    /// CPU seconds of the whole process so far (user and system, every thread).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
