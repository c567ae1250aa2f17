import Foundation

/// The memory a run may use, and a check made before a large allocation, so that a run too big
/// for the machine stops with a clear message (exit 2) instead of being killed mid-way.
///
/// The budget is the least of: the memory the kernel reports as available (MemAvailable in
/// /proc/meminfo), the limit of the process's cgroup less what the cgroup already uses
/// (cgroup v2 memory.max/memory.current up the hierarchy, or v1 memory.limit_in_bytes), and the
/// address-space limit (RLIMIT_AS) less the address space already mapped.
enum MemoryBudget {
    struct Limit: CustomStringConvertible {
        let bytes: Double
        /// Which bound it is ("MemAvailable", "cgroup memory.max", "RLIMIT_AS").
        let source: String
        var description: String { "\(MemoryBudget.format(bytes)) (\(source))" }
    }

    /// The tightest of the bounds that can be read; nil when none can.
    static func available() -> Limit? {
        var limits: [Limit] = []
        if let free = meminfo("MemAvailable") { limits.append(Limit(bytes: free, source: "MemAvailable in /proc/meminfo")) }
        if let cgroup = cgroupHeadroom() { limits.append(cgroup) }
        var rl = rlimit()
        if getrlimit(Int32(RLIMIT_AS.rawValue), &rl) == 0, rl.rlim_cur != rlim_t.max {
            let mapped = processStatus("VmSize") ?? 0
            limits.append(Limit(bytes: max(0, Double(rl.rlim_cur) - mapped), source: "RLIMIT_AS (ulimit -v) less the mapped address space"))
        }
        return limits.min { $0.bytes < $1.bytes }
    }

    /// Throws an `InputError` when `bytes` exceeds the budget. `what` names the run and how its
    /// need was estimated ("landscape --size 1024: 1024³ sites × 2 landscapes × 17 bytes").
    static func require(_ bytes: Double, for what: String) throws {
        guard let limit = available(), bytes > limit.bytes else { return }
        throw InputError("\(what) needs about \(format(bytes)) of memory, but this machine allows \(limit); "
                         + "use a smaller --size or fewer --threads")
    }

    static func format(_ bytes: Double) -> String {
        bytes >= 1e9 ? String(format: "%.1f GB", bytes / 1e9) : String(format: "%.0f MB", bytes / 1e6)
    }

    /// A field of /proc/meminfo in bytes.
    private static func meminfo(_ field: String) -> Double? {
        kilobytes(field, in: "/proc/meminfo")
    }

    /// A field of /proc/self/status in bytes.
    private static func processStatus(_ field: String) -> Double? {
        kilobytes(field, in: "/proc/self/status")
    }

    private static func kilobytes(_ field: String, in path: String) -> Double? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let parts = line.split(separator: " ")
            if parts.count >= 2, let kb = Double(parts[1]) { return kb * 1024 }
        }
        return nil
    }

    /// The smallest limit − usage over the process's cgroup and its ancestors.
    private static func cgroupHeadroom() -> Limit? {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        var best: Limit?
        func consider(limitPath: String, usagePath: String, name: String) {
            guard let limitText = try? String(contentsOfFile: limitPath, encoding: .utf8),
                  let limit = Double(limitText.trimmingCharacters(in: .whitespacesAndNewlines)) else { return }   // "max": none
            // cgroup v1 reports "no limit" as a huge number.
            guard limit < 1e18 else { return }
            let usageText = (try? String(contentsOfFile: usagePath, encoding: .utf8)) ?? "0"
            let usage = Double(usageText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            let headroom = Limit(bytes: max(0, limit - usage), source: "cgroup \(name) \(format(limit)) less \(format(usage)) in use")
            if best == nil || headroom.bytes < best!.bytes { best = headroom }
        }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            if parts[0] == "0" && parts[1].isEmpty {
                // cgroup v2: check the process's group and every ancestor.
                var path = String(parts[2])
                while true {
                    let dir = "/sys/fs/cgroup" + (path == "/" ? "" : path)
                    consider(limitPath: dir + "/memory.max", usagePath: dir + "/memory.current", name: "memory.max")
                    if path == "/" || path.isEmpty { break }
                    path = URL(fileURLWithPath: path).deletingLastPathComponent().path
                }
            } else if parts[1].split(separator: ",").contains("memory") {
                let dir = "/sys/fs/cgroup/memory" + (parts[2] == "/" ? "" : String(parts[2]))
                consider(limitPath: dir + "/memory.limit_in_bytes", usagePath: dir + "/memory.usage_in_bytes",
                         name: "memory.limit_in_bytes")
            }
        }
        return best
    }
}

/// Peak memory per lattice site of the stages that hold landscapes, measured as the growth of
/// the peak resident set between two lattice sizes (benchmarks/RESULTS.md, "Memory per site").
/// A run needs `perSite × N_L³` for each landscape in work at once (one per thread).
enum MemoryModel {
    /// Building a landscape and its SED and Fermi level (`landscape`).
    static let landscape = 17.0
    /// A landscape and its critical barrier (`ea`, `fit --ea`).
    static let criticalBarrier = 30.0
    /// Route 1 of one σ with its windows and CHOLMOD factors (≈ 410 B/site at N_L = 100 and 160
    /// for a single σ, which factorises two windows at once).
    static let directSolve = 450.0
    /// Route 3 (route 1's windows solved by CG + BoomerAMG): 158 and 130 B/site at N_L = 200 and
    /// 320 for one σ (peak resident set over sites; no factor).
    static let iterativeSolve = 160.0
    /// Route 2: the Kron reduction's fill grows like N_L⁴, i.e. this many bytes × N_L per site.
    static let kronPerSiteAndEdge = 10.0

    /// Bytes per site of one σ by `route` on a lattice of edge `edge`; `iterative` for route 3.
    static func conductivity(route: String, edge: Int, iterative: Bool = false) -> Double {
        route == "kron" ? kronPerSiteAndEdge * Double(edge) : iterative ? iterativeSolve : directSolve
    }
}

extension ResolvedSampling {
    /// Refuses (exit 2) a run whose landscapes need more memory than the machine allows:
    /// `perSite` bytes for each site of each landscape in work at once (at most one per thread
    /// and per job).
    func requireMemory(perSite: Double, jobs: Int, command: String) throws {
        let concurrent = max(1, min(threads, jobs))
        let bytes = Double(lattice.siteCount) * perSite * Double(concurrent)
        try MemoryBudget.require(bytes, for: "\(command) --size \(lattice.edge) (\(lattice.edge)³ sites × \(Int(perSite)) bytes"
                                 + (concurrent > 1 ? " × \(concurrent) landscapes at once)" : ")"))
    }
}
