import Foundation

/// The cores this process may run on: the size of its CPU affinity mask (`Cpus_allowed` in
/// /proc/self/status), which is all online cores in a plain run and the rank's share when mpirun
/// or Slurm binds ranks to cores; the online count if the mask cannot be read. The default of
/// `--threads`.
enum Cores {
    static var usable: Int {
        let online = ProcessInfo.processInfo.activeProcessorCount
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return online }
        let hex = line.dropFirst("Cpus_allowed:".count).filter(\.isHexDigit)
        let count = hex.reduce(0) { $0 + (Int(String($1), radix: 16) ?? 0).nonzeroBitCount }
        return count > 0 ? min(count, online) : online
    }
}
