import MPIFarm
import Foundation
import Synchronization

/// A journal of finished work units, so that `--resume` can continue an interrupted sweep.
///
/// The first line records the run's parameters; each further line holds `key payload` for one
/// finished unit, the payload being the unit's encoded result (`UnitCoding`) in base64, so that
/// a resumed sweep reproduces the uninterrupted one bit for bit. Only rank 0 of a job writes it.
/// Lines are appended as units finish, one write each; a torn or undecodable line (from a kill
/// mid-write) is ignored on resume and its unit computed again.
final class SweepJournal: Sendable {
    private let handle: Mutex<FileHandle?>
    private let stored: [String: Data]

    /// Opens `path`. With `resume`, loads finished units (the parameters must match);
    /// otherwise starts a new journal. On ranks other than 0 (which open it only when they share
    /// every σ with rank 0, `--solver mumps`) it is read, never written, so that every rank skips
    /// the same units.
    init(path: String, parameters: String, resume: Bool) throws {
        let header = "# ionscape sweep journal v2: " + parameters
        var loaded: [String: Data] = [:]
        if resume, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.first.map(String.init) == header else {
                throw InputError("--resume: \(path) was written with other parameters or by another version; rerun without --resume or with the original parameters")
            }
            for line in lines.dropFirst() {
                let parts = line.split(separator: " ")
                guard parts.count == 2, let payload = Data(base64Encoded: String(parts[1])) else { continue }
                loaded[String(parts[0])] = payload
            }
            guard Launch.current.isRoot else {
                handle = Mutex(nil)
                stored = loaded
                return
            }
            // Rewrite without any torn line, atomically, then append to it.
            let clean = ([header] + loaded.keys.sorted().map { "\($0) \(loaded[$0]!.base64EncodedString())" })
                .joined(separator: "\n") + "\n"
            try AtomicFile.write(clean, to: path)
        } else if Launch.current.isRoot {
            try AtomicFile.write(header + "\n", to: path)
        } else {
            handle = Mutex(nil)
            stored = [:]
            return
        }
        guard let h = FileHandle(forWritingAtPath: path) else {
            throw ComputationError("cannot open sweep journal \(path)")
        }
        h.seekToEndOfFile()
        handle = Mutex(h)
        stored = loaded
    }

    /// The stored payload of unit `key`, if any.
    func payload(for key: String) -> Data? { stored[key] }

    /// Appends a finished unit.
    func record(_ payload: Data, for key: String) {
        handle.withLock { h in
            h?.write(Data("\(key) \(payload.base64EncodedString())\n".utf8))
        }
    }

    deinit { handle.withLock { $0?.closeFile() } }
}
