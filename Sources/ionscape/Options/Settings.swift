import Foundation

/// Where a parameter's effective value came from.
enum ParameterSource: Equatable, Sendable {
    /// Given on the command line.
    case flag
    /// Read from the `--config` file.
    case config
    /// Not set by the user: the default, described by `origin` ("default", "from preset na35",
    /// "0.1·V0", …). Such values are never written as active lines by `--dump-config`, so that a
    /// dumped file stays consistent when the key they derive from is edited.
    case fallback(origin: String)

    var isUserSet: Bool { if case .fallback = self { return false } else { return true } }

    var label: String {
        switch self {
        case .flag: return "flag"
        case .config: return "config"
        case let .fallback(origin): return origin
        }
    }
}

/// Resolves each parameter of a command as: explicit flag, else the config file, else the default.
///
/// Every read is recorded with its source. A command reads exactly the parameters it uses, and
/// `ConfigOptions.finish(_:)` then rejects any flag or config key that was given but never read
/// (it would otherwise be silently ignored), prints `--dump-config`, and the run record carries
/// the values and their sources. See docs/model.md §12 (configuration files).
final class Settings {
    struct Entry {
        let key: String
        var value: String
        var source: ParameterSource
    }

    /// The command's name, for messages.
    let command: String
    private let config: ConfigFile
    /// The parameters the command declares, and the subset given on its command line.
    let declared: DeclaredParameters
    private(set) var entries: [Entry] = []
    /// Why a declared parameter is not read in this run ("only with --mode potentiostatic").
    private var unusedReasons: [String: String] = [:]
    /// Whether the command's sweeps spread their work units over the ranks of an MPI job: a
    /// sweep command (`DistributedSweepCommand`) under a launcher. Other commands run on rank 0
    /// alone and keep their sweeps in the process.
    let spreadsOverRanks: Bool

    init(command: String, config: ConfigFile, declared: DeclaredParameters = DeclaredParameters(), spreadsOverRanks: Bool = false) {
        self.command = command
        self.config = config
        self.declared = declared
        self.spreadsOverRanks = spreadsOverRanks
    }

    /// (key, value) of every parameter read, in reading order.
    var effective: [(String, String)] { entries.map { ($0.key, $0.value) } }

    /// Key → source label, for the run record.
    var sources: [String: String] { Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.source.label) }) }

    /// Text of `key`: the flag if given, else the config entry, else nil.
    func text(_ key: String, flag: String?) -> String? {
        if let flag { record(key, flag, .flag); return flag }
        if let value = config.values[key] { record(key, value, .config); return value }
        return nil
    }

    private func record(_ key: String, _ value: String, _ source: ParameterSource) {
        if let k = entries.firstIndex(where: { $0.key == key }) {
            entries[k].value = value; entries[k].source = source
        } else {
            entries.append(Entry(key: key, value: value, source: source))
        }
    }

    /// Records the value a parameter takes when the user does not set it.
    private func recordFallback(_ key: String, _ value: String, origin: String?) {
        record(key, value, .fallback(origin: origin ?? "default"))
    }

    /// A default as shown in `--dump-config`: a real number to 15 significant digits, so that a
    /// product such as 0.1·V0 reads 0.076 rather than 0.07600000000000001. (Only commented
    /// lines are shown so; the run record keeps the exact value.)
    private static func display(ofDefault text: String) -> String {
        guard text.contains("."), let value = Double(text), value.isFinite,
              let rounded = Double(String(format: "%.15g", value)) else { return text }
        return String(rounded)
    }

    /// Declares that `key` is not used in this run, and why; a flag or config entry for it is
    /// then rejected with that reason.
    func notUsed(_ key: String, because reason: String) {
        unusedReasons[key] = reason
    }

    /// A real number. `origin` says where the default comes from when it is not a plain
    /// constant ("from preset li33"); non-finite values are always rejected.
    func double(_ key: String, flag: Double?, default fallback: Double, from origin: String? = nil, unit: String,
                accepted: String, valid: (Double) -> Bool) throws -> Double {
        guard let raw = text(key, flag: flag.map { String($0) }) else {
            recordFallback(key, String(fallback), origin: origin)
            return fallback
        }
        return try Self.parseDouble(raw, key: key, unit: unit, accepted: accepted, valid: valid)
    }

    /// Like `double`, for a parameter without a default (nil when neither flag nor config sets it).
    func optionalDouble(_ key: String, flag: Double?, unit: String, accepted: String,
                        valid: (Double) -> Bool) throws -> Double? {
        guard let raw = text(key, flag: flag.map { String($0) }) else { return nil }
        return try Self.parseDouble(raw, key: key, unit: unit, accepted: accepted, valid: valid)
    }

    private static func parseDouble(_ raw: String, key: String, unit: String, accepted: String,
                                    valid: (Double) -> Bool) throws -> Double {
        guard let v = Double(raw.trimmingCharacters(in: .whitespaces)), v.isFinite, valid(v) else {
            // A flag's number past ±1.8e308 reaches here as "inf": say what it was, not "inf".
            let shown = ["inf", "-inf", "+inf"].contains(raw.lowercased()) ? "a number beyond ±1.8e308" : raw
            throw InputError(name: "--\(key)", value: "\(shown)\(unit.isEmpty ? "" : " " + unit)",
                             accepted: accepted + (accepted.contains("finite") ? "" : " (a finite number)"))
        }
        return v
    }

    func integer(_ key: String, flag: Int?, default fallback: Int, from origin: String? = nil, accepted: String,
                 valid: (Int) -> Bool) throws -> Int {
        guard let raw = text(key, flag: flag.map { String($0) }) else {
            recordFallback(key, String(fallback), origin: origin)
            return fallback
        }
        guard let v = Int(raw.trimmingCharacters(in: .whitespaces)), valid(v) else {
            throw InputError(name: "--\(key)", value: raw, accepted: accepted + " (an integer)")
        }
        return v
    }

    /// A list of numbers (`ValueList`): one value, a comma list, or start:stop:step.
    func list(_ key: String, flag: String?, default fallback: String, from origin: String? = nil, unit: String,
              accepted: String, valid: (Double) -> Bool) throws -> [Double] {
        let raw: String
        if let given = text(key, flag: flag) { raw = given } else { recordFallback(key, fallback, origin: origin); raw = fallback }
        let values = try ValueList(parsing: raw, name: "--\(key)").values
        guard !values.isEmpty else { throw InputError(name: "--\(key)", value: "'\(raw)'", accepted: accepted) }
        for v in values where !valid(v) {
            throw InputError(name: "--\(key)", value: "\(v)\(unit.isEmpty ? "" : " " + unit)", accepted: accepted)
        }
        return values
    }

    func string(_ key: String, flag: String?, default fallback: String, from origin: String? = nil) -> String {
        if let given = text(key, flag: flag) { return given }
        recordFallback(key, fallback, origin: origin)
        return fallback
    }

    /// Rejects every flag and config key that was given but not read: a parameter the command
    /// does not have, or one that does not apply with these settings (`notUsed(_:because:)`).
    func rejectUnused() throws {
        let read = Set(entries.map(\.key))
        for key in declared.given.keys.sorted() where !read.contains(key) {
            throw InputError("--\(key) \(declared.given[key]!) is not used by `\(command)` "
                             + (unusedReasons[key] ?? "with these settings") + "; leave it out")
        }
        for key in config.values.keys.sorted() where !read.contains(key) {
            let location = "config key '\(key)' in \(config.path ?? "the config file")"
            if let reason = unusedReasons[key] {
                throw InputError("\(location) is not used by `\(command)` \(reason); leave it out")
            }
            guard declared.names.contains(key) else {
                throw InputError("\(location) is not a parameter of `\(command)`; its keys are "
                                 + declared.names.sorted().joined(separator: ", "))
            }
            throw InputError("\(location) is not used by `\(command)` with these settings; leave it out")
        }
    }

    /// The TOML text of `--dump-config`: the values the user set as active lines, and every other
    /// parameter as a commented line with the value it resolves to and where that comes from.
    func dump() -> String {
        var lines = [
            "# ionscape \(command): parameters of this run (--dump-config).",
            "# Active lines are the values that were set; commented lines show what every other",
            "# parameter resolves to now, and from what. Uncomment a line to fix its value;",
            "# values left commented follow the keys they derive from (e.g. the preset's V0).",
        ]
        for e in entries where e.source.isUserSet { lines.append(ConfigFile.line(e.key, e.value)) }
        let rest = entries.filter { !$0.source.isUserSet }.map { ConfigFile.line($0.key, Self.display(ofDefault: $0.value)) }
        let width = rest.map(\.count).max() ?? 0
        for (e, line) in zip(entries.filter { !$0.source.isUserSet }, rest) {
            lines.append("# " + line.padding(toLength: width, withPad: " ", startingAt: 0) + "   # \(e.source.label)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The parameters a parsed command declares (its `@Option`s, through its `@OptionGroup`s) and
/// the ones given on its command line, found by reflection on the parsed value. A parameter's
/// key is its long flag name (the property name in kebab case, as ArgumentParser derives it;
/// a test checks the two agree for every command). `--config`, `--out`, `--format` and
/// `--unit-times` say where input and output go rather than what is computed, so they are not
/// parameters (not config keys, never rejected as unused).
struct DeclaredParameters {
    static let nonParameters: Set<String> = ["config", "out", "format", "unit-times"]

    private(set) var names: [String] = []
    private(set) var given: [String: String] = [:]

    init() {}

    init(of command: Any) {
        collect(command)
    }

    private mutating func collect(_ value: Any) {
        for child in Mirror(reflecting: value).children {
            guard let label = child.label, label.hasPrefix("_") else { continue }
            let wrapper = String(describing: type(of: child.value))
            if wrapper.hasPrefix("OptionGroup<") {
                if let group = Self.parsedValue(of: child.value) { collect(group) }
            } else if wrapper.hasPrefix("Option<") {
                let key = Self.flagName(String(label.dropFirst()))
                guard !Self.nonParameters.contains(key) else { continue }
                names.append(key)
                if let parsed = Self.parsedValue(of: child.value), let text = Self.unwrapped(parsed) {
                    given[key] = text
                }
            }
        }
    }

    /// The value inside a property wrapper once ArgumentParser has parsed it.
    private static func parsedValue(of wrapper: Any) -> Any? {
        guard let parsed = Mirror(reflecting: wrapper).children.first(where: { $0.label == "_parsedValue" })?.value,
              let value = Mirror(reflecting: parsed).children.first(where: { $0.label == "value" })?.value else { return nil }
        return value
    }

    /// The text of a parsed option value; nil for an optional that was not given.
    private static func unwrapped(_ value: Any) -> String? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let inner = mirror.children.first?.value else { return nil }
            return unwrapped(inner)
        }
        return "\(value)"
    }

    /// ArgumentParser's default long name of a property: camelCase → kebab-case.
    static func flagName(_ property: String) -> String {
        var out = ""
        var previousIsLowerOrDigit = false
        for c in property {
            if c.isUppercase && previousIsLowerOrDigit { out.append("-") }
            out += c.lowercased()
            previousIsLowerOrDigit = c.isLowercase || c.isNumber
        }
        return out
    }
}
