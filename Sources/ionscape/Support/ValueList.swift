import Foundation

/// A list of numbers given as `0.4`, `0,0.4,1` or `start:stop:step` (inclusive).
struct ValueList: Sendable, Equatable {
    /// The longest list accepted.
    static let maximumCount = 100_000

    let values: [Double]

    /// Parses `text` for the option `name` (used in error messages).
    init(parsing text: String, name: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.contains(":") {
            let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let start = Double(parts[0]), let stop = Double(parts[1]),
                  let step = Double(parts[2]), start.isFinite, stop.isFinite, step.isFinite else {
                throw InputError(name: name, value: "'\(text)'", accepted: "start:stop:step with three finite numbers")
            }
            guard step > 0, stop >= start else {
                throw InputError(name: name, value: "'\(text)'", accepted: "step > 0 and stop ≥ start")
            }
            // Count from the span so that 0:1:0.04 gives exactly 26 points despite rounding. The
            // span/step ratio can overflow (a subnormal step) or exceed Int: check it as a Double.
            let intervals = ((stop - start) / step + 1e-9).rounded(.down)
            guard intervals.isFinite, intervals < Double(Self.maximumCount) else {
                throw InputError(name: name, value: "'\(text)'", accepted: "at most \(Self.maximumCount) points")
            }
            let count = Int(intervals) + 1
            // start + k·step accumulates rounding (0.1·3 = 0.30000000000000004); the points are
            // meant as decimals, so round them to 12 significant digits, and land on stop exactly.
            values = (0..<count).map { k in
                let v = start + Double(k) * step
                if k == count - 1 && abs(v - stop) < 1e-9 * max(1, abs(stop)) { return stop }
                return Double(String(format: "%.12g", v)) ?? v
            }
        } else {
            var out: [Double] = []
            for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                    throw InputError(name: name, value: "'\(text)'", accepted: "finite numbers separated by commas, or start:stop:step")
                }
                out.append(v)
            }
            guard out.count <= Self.maximumCount else {
                throw InputError(name: name, value: "\(out.count) values", accepted: "at most \(Self.maximumCount) points")
            }
            values = out
        }
    }
}
