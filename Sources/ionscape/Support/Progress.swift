import MPIFarm
import Foundation

/// Progress on stderr: a bar with ETA on a terminal, plain lines otherwise, nothing when quiet
/// or on a rank other than 0 of an MPI job.
final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let quiet: Bool
    private let isTerminal: Bool
    private let start = Date()
    private let lock = NSLock()
    private var lastPlainPercent = -1
    private var lastDraw = Date.distantPast

    init(label: String, quiet: Bool) {
        self.label = label
        self.quiet = quiet || !Launch.current.isRoot
        self.isTerminal = isatty(STDERR_FILENO) == 1
    }

    /// Called from worker threads; serialised internally.
    func update(completed: Int, total: Int) {
        guard !quiet, total > 0 else { return }
        lock.lock(); defer { lock.unlock() }
        let fraction = Double(completed) / Double(total)
        let elapsed = Date().timeIntervalSince(start)
        let eta = completed > 0 ? elapsed * (1 - fraction) / fraction : .nan
        if isTerminal {
            guard completed == total || Date().timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = Date()
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let etaText = eta.isFinite ? String(format: "ETA %.0fs", eta) : "ETA --"
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(completed)/\(total) \(etaText)   ".utf8))
            if completed == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            let percent = Int(fraction * 100) / 10 * 10
            guard percent > lastPlainPercent else { return }
            lastPlainPercent = percent
            let etaText = eta.isFinite ? String(format: ", eta %.0f s", eta) : ""
            FileHandle.standardError.write(Data("\(label): \(completed)/\(total) (\(percent)%\(etaText))\n".utf8))
        }
    }

    /// A log line on stderr (suppressed when quiet).
    func note(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// A warning about the validity of a result: printed even with --quiet.
    func warn(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }
}
