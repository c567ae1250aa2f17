import Foundation

/// Runs the built `ionscape` executable (it sits next to the test bundle) and captures its output.
struct CLIResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

enum CLI {
    /// Foundation's `Process.run()` on Linux is not safe to call from several threads at once (a
    /// fuzz run crashed inside it); launches are serialised, the runs themselves overlap.
    private static let launchLock = NSLock()

    static func launch(_ process: Process) throws {
        launchLock.lock()
        defer { launchLock.unlock() }
        try process.run()
    }

    static var executable: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("ionscape")
    }

    /// Runs `ionscape arguments…`, or `launcher… ionscape arguments…` (e.g. mpirun) with
    /// `environment` added to this process's.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil, launcher: [String] = [],
                    environment: [String: String] = [:]) throws -> CLIResult {
        let process = Process()
        if launcher.isEmpty {
            process.executableURL = executable
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = launcher + [executable.path] + arguments
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try launch(process)
        // Read both pipes to the end, at the same time, before waiting: a child that fills one
        // pipe while the other is being read would otherwise block for ever.
        let errors = PipeReader(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.wait()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ionscape-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Parses CSV text with a header into rows of named doubles.
    static func rows(_ csv: String) -> [[String: Double]] {
        let lines = csv.split(separator: "\n").map(String.init)
        guard let header = lines.first?.split(separator: ",").map(String.init) else { return [] }
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false)
                .map { Double($0) ?? .nan }))
        }
    }
}

/// Reads a pipe to its end on a thread of its own.
final class PipeReader: @unchecked Sendable {   // `data` is written before `done` is signalled
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
