import MPIFarm
import Foundation

/// Command-line options shared by every benchmark stage.
struct BenchmarkOptions {
    var stage: String?
    var size = 100
    var runs = 5
    var threads = ProcessInfo.processInfo.activeProcessorCount
    var extra: [String: String] = [:]

    init(arguments: [String]) {
        var rest = arguments[...]
        stage = rest.popFirst()
        while let flag = rest.popFirst() {
            let value = rest.popFirst() ?? ""
            switch flag {
            case "--size": size = Int(value) ?? size
            case "--runs": runs = Int(value) ?? runs
            case "--threads": threads = Int(value) ?? threads
            default: extra[String(flag.drop(while: { $0 == "-" }))] = value
            }
        }
    }
}

/// One benchmark stage: `body` runs once per repetition and returns a short note
/// (e.g. the computed value, so the work cannot be optimised away).
struct BenchmarkStage {
    let body: (BenchmarkOptions) throws -> String

    init(_ body: @escaping (BenchmarkOptions) throws -> Void) {
        self.body = { try body($0); return "" }
    }

    init(returning body: @escaping (BenchmarkOptions) throws -> String) {
        self.body = body
    }

    func measure(name: String, options: BenchmarkOptions) throws {
        var times: [Double] = []
        var note = ""
        for _ in 0..<max(1, options.runs) {
            let start = DispatchTime.now().uptimeNanoseconds
            note = try body(options)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
        times.sort()
        let median = times.count % 2 == 1 ? times[times.count / 2]
            : 0.5 * (times[times.count / 2 - 1] + times[times.count / 2])
        let record: [String: Any] = [
            "stage": name, "size": options.size, "runs": times.count, "threads": options.threads,
            "median_s": median, "min_s": times.first!, "max_s": times.last!,
            "peak_rss_mib": peakResidentMiB(), "note": note,
        ]
        let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
        // Under a launcher only rank 0 reports (the others shared its work).
        if Launch.current.isRoot { print(String(decoding: data, as: UTF8.self)) }
    }
}

/// Peak resident set size of this process (VmHWM from /proc/self/status), in MiB.
func peakResidentMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kib = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
        return kib / 1024
    }
    return .nan
}
