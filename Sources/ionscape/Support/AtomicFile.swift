import Foundation

/// Writes files atomically and durably: to a temporary sibling, which is flushed to disk
/// (fsync), then rename(2) over the target, then the directory is flushed too, so that neither
/// an interrupted run nor a power cut leaves a half-written or lost result.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        try OutputDirectory.create(directory, for: path)
        let temporary = "\(directory)/.\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputDirectory.failure(writing: path, errno: errno) }
        var failure: Int32 = 0
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                offset += n
            }
        }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw OutputDirectory.failure(writing: path, errno: failure)
        }
        // The rename is durable once the directory entry is on disk.
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 { _ = fsync(dirFD); close(dirFD) }
    }
}

/// Output locations (`--out DIR`, `--histogram FILE`): created on demand, checked before a run
/// starts, and failures reported in plain words. A path that cannot be a directory or cannot
/// be written is bad input (exit 2); a disk that fails or fills up is a failed computation (exit 1).
enum OutputDirectory {
    /// Creates `path` if missing and checks that files can be written in it.
    static func prepare(_ path: String, option: String) throws {
        do {
            try create(path, for: path)
            try probe(path)
        } catch let error as InputError {
            throw InputError(name: option, value: path, accepted: "a directory that can be created and written (\(error.description))")
        }
    }

    /// Checks that the file `path` can be written: its directory is prepared, and the path is
    /// not itself a directory.
    static func prepareFile(_ path: String, option: String) throws {
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
            throw InputError(name: option, value: path, accepted: "a regular file path (this is a directory or device)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try create(directory, for: path)
            try probe(directory)
        } catch let error as InputError {
            throw InputError(name: option, value: path, accepted: "a file that can be written (\(error.description))")
        }
    }

    /// mkdir -p with plain messages.
    static func create(_ path: String, for target: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw InputError("\(path) exists and is not a directory") }
            return
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if parent != path { try create(parent, for: target) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw failure(writing: target, errno: errno, creating: path)
        }
    }

    /// Creates and removes a probe file in `directory`.
    private static func probe(_ directory: String) throws {
        let probe = "\(directory)/.ionscape-probe.\(ProcessInfo.processInfo.processIdentifier)"
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure(writing: directory, errno: errno) }
        close(fd)
        unlink(probe)
    }

    /// The error for a failed write: bad input for a path that cannot be used, a failed
    /// computation for a device that fails.
    static func failure(writing path: String, errno code: Int32, creating directory: String? = nil) -> Error {
        let reason = String(cString: strerror(code))
        let message = directory.map { "cannot create directory \($0) for \(path): \(reason)" } ?? "cannot write \(path): \(reason)"
        switch code {
        case ENOSPC, EIO, EDQUOT, ENOMEM: return ComputationError(message)
        default: return InputError(message)
        }
    }
}
