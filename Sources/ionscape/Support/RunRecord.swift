import Foundation
import SparseSolvers

/// When this process started its command: `Ionscape.main` reads it first thing, so that run
/// records time the whole run (parsing, resolution, computation and output).
enum RunClock {
    static let launched = Date()
}

/// The JSON record of a run: command, parameters, seed, versions of the engine and its
/// libraries, timings, and the result rows.
struct RunRecord {
    static let engineVersion = "0.1.0"

    let command: String
    var parameters: [String: Any] = [:]
    var extra: [String: Any] = [:]
    /// The start of the run: by default when the process started (`RunClock`), never when the
    /// record was made (usually after the computation).
    var started: Date

    init(command: String, started: Date = RunClock.launched) {
        self.command = command
        self.started = started
    }

    /// The parameters and, for each, where its value came from (flag, config, or the default).
    mutating func add(_ settings: Settings) {
        parameters = Dictionary(uniqueKeysWithValues: settings.effective)
        extra["parameter_sources"] = settings.sources
    }

    func write(to path: String, results: ResultTable? = nil) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var object: [String: Any] = [
            "command": command,
            "arguments": Array(CommandLine.arguments.dropFirst()),
            "parameters": parameters,
            "versions": [
                "ionscape": Self.engineVersion,
                "cholmod": cholmodVersion,
                "openblas": BLASThreads.configuration,
            ],
            "timing": [
                "started": formatter.string(from: started),
                "wall_seconds": Date().timeIntervalSince(started),
            ],
        ]
        for (k, v) in extra { object[k] = v }
        if let results { object["results"] = results.jsonObject }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(data, to: path)
    }
}
