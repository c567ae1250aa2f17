import Foundation
import SparseSolvers

/// The JSON record of a run: command, parameters, seed, versions of the engine and its
/// libraries, timings, and the result rows.
struct RunRecord {
    static let engineVersion = "0.1.0"

    let command: String
    var parameters: [String: Any] = [:]
    var extra: [String: Any] = [:]
    private let started = Date()

    init(command: String) { self.command = command }

    func write(to path: String, results: ResultTable? = nil) throws {
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
                "started": ISO8601DateFormatter().string(from: started),
                "wall_seconds": Date().timeIntervalSince(started),
            ],
        ]
        for (k, v) in extra { object[k] = v }
        if let results { object["results"] = results.jsonObject }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(data, to: path)
    }
}
