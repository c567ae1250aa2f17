import Foundation
import Synchronization

/// A journal of finished realisations, so that `--resume` can continue an interrupted sweep.
///
/// The first line records the run's parameters; each further line holds
/// `key value-bits` for one finished job, the Double stored as its exact bit pattern so that a
/// resumed sweep reproduces the uninterrupted one bit for bit. Lines are appended and flushed
/// as jobs finish; a torn last line (from a kill mid-write) is ignored on resume.
final class SweepJournal: Sendable {
    private let handle: Mutex<FileHandle?>
    private let stored: [String: Double]

    /// Opens `path`. With `resume`, loads finished jobs (the parameters must match);
    /// otherwise starts a new journal.
    init(path: String, parameters: String, resume: Bool) throws {
        let header = "# ionscape sweep journal: " + parameters
        var loaded: [String: Double] = [:]
        let fm = FileManager.default
        if resume, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.first.map(String.init) == header else {
                throw InputError("--resume: \(path) was written with other parameters; rerun without --resume or with the original parameters")
            }
            for line in lines.dropFirst() {
                let parts = line.split(separator: " ")
                guard parts.count == 2, let bits = UInt64(parts[1], radix: 16) else { continue }
                loaded[String(parts[0])] = Double(bitPattern: bits)
            }
            // Rewrite without any torn line, atomically, then append to it.
            let clean = ([header] + loaded.keys.sorted().map { "\($0) \(String(loaded[$0]!.bitPattern, radix: 16))" })
                .joined(separator: "\n") + "\n"
            try AtomicFile.write(clean, to: path)
        } else {
            try AtomicFile.write(header + "\n", to: path)
        }
        guard fm.fileExists(atPath: path), let h = FileHandle(forWritingAtPath: path) else {
            throw ComputationError("cannot open sweep journal \(path)")
        }
        h.seekToEndOfFile()
        handle = Mutex(h)
        stored = loaded
    }

    var storedCount: Int { stored.count }

    func value(for key: String) -> Double? { stored[key] }

    func record(_ value: Double, for key: String) {
        handle.withLock { h in
            h?.write(Data("\(key) \(String(value.bitPattern, radix: 16))\n".utf8))
        }
    }

    deinit { handle.withLock { $0?.closeFile() } }

    /// Wraps a job so that stored results are reused and new ones are journaled.
    func journaled(_ key: @escaping @Sendable (Int, Int) -> String,
                   _ job: @escaping @Sendable (Int, Int) throws -> Double) -> @Sendable (Int, Int) throws -> Double {
        { [self] point, realisation in
            let k = key(point, realisation)
            if let v = value(for: k) { return v }
            let v = try job(point, realisation)
            record(v, for: k)
            return v
        }
    }
}
