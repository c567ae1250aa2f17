import Foundation

/// Resolves each parameter as: explicit flag, else the config file, else the default.
/// Records the effective text of every parameter read, for `--dump-config` and the run record.
final class Settings {
    private let config: ConfigFile
    private(set) var effective: [(String, String)] = []

    init(config: ConfigFile) { self.config = config }

    /// Text of `key`: the flag if given, else the config entry, else nil.
    func text(_ key: String, flag: String?) -> String? {
        let value = flag ?? config.values[key]
        if let value { record(key, value) }
        return value
    }

    func record(_ key: String, _ value: String) {
        if let k = effective.firstIndex(where: { $0.0 == key }) { effective[k].1 = value } else { effective.append((key, value)) }
    }

    func double(_ key: String, flag: Double?, default fallback: Double, unit: String,
                accepted: String, valid: (Double) -> Bool) throws -> Double {
        let raw = text(key, flag: flag.map { String($0) })
        guard let raw else { record(key, String(fallback)); return fallback }
        guard let v = Double(raw), v.isFinite, valid(v) else {
            throw InputError(name: "--\(key)", value: "\(raw)\(unit.isEmpty ? "" : " " + unit)", accepted: accepted)
        }
        return v
    }

    /// Like `double`, for a parameter without a default (nil when neither flag nor config sets it).
    func optionalDouble(_ key: String, flag: Double?, unit: String, accepted: String,
                        valid: (Double) -> Bool) throws -> Double? {
        guard text(key, flag: flag.map { String($0) }) != nil else { return nil }
        return try double(key, flag: flag, default: .nan, unit: unit, accepted: accepted, valid: valid)
    }

    func integer(_ key: String, flag: Int?, default fallback: Int, accepted: String,
                 valid: (Int) -> Bool) throws -> Int {
        let raw = text(key, flag: flag.map { String($0) })
        guard let raw else { record(key, String(fallback)); return fallback }
        guard let v = Int(raw), valid(v) else {
            throw InputError(name: "--\(key)", value: raw, accepted: accepted)
        }
        return v
    }

    func list(_ key: String, flag: String?, default fallback: String, unit: String,
              accepted: String, valid: (Double) -> Bool) throws -> [Double] {
        let raw = text(key, flag: flag) ?? { record(key, fallback); return fallback }()
        let values = try ValueList(parsing: raw, name: "--\(key)").values
        guard !values.isEmpty else { throw InputError(name: "--\(key)", value: "'\(raw)'", accepted: accepted) }
        for v in values where !valid(v) {
            throw InputError(name: "--\(key)", value: "\(v)\(unit.isEmpty ? "" : " " + unit)", accepted: accepted)
        }
        return values
    }

    func string(_ key: String, flag: String?, default fallback: String) -> String {
        text(key, flag: flag) ?? { record(key, fallback); return fallback }()
    }
}
