import Foundation
import TOMLKit

/// A TOML run configuration (`--config FILE`). Keys are the long flag names without dashes
/// (e.g. `preset = "li33"`, `x = "0:1:0.04"` or `x = [0.0, 0.5, 1.0]`, `size = 100`).
/// Which keys a command accepts follows from the parameters it reads (`Settings.rejectUnused`):
/// a misspelt key, or one the command does not use, is an error, never silently ignored.
struct ConfigFile {
    /// Values in their command-line text form.
    let values: [String: String]
    /// The file, for messages (nil when there is none).
    let path: String?

    init(values: [String: String], path: String? = nil) {
        self.values = values
        self.path = path
    }

    init(path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError(name: "--config", value: path, accepted: "a readable TOML file")
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            throw InputError("config file \(path) is not valid TOML: \(error)")
        }
        var out: [String: String] = [:]
        for key in table.keys {
            guard let value = table[key], let text = Self.commandLineText(value) else {
                throw InputError(name: "config key", value: "'\(key)' in \(path)",
                                 accepted: "a string, number, boolean or array of numbers")
            }
            out[key] = text
        }
        values = out
        self.path = path
    }

    private static func commandLineText(_ value: TOMLValueConvertible) -> String? {
        if let s = value.string { return s }
        if let i = value.int { return String(i) }
        if let d = value.double { return String(d) }
        if let b = value.bool { return String(b) }
        if let a = value.array {
            let parts = a.map { commandLineText($0) }
            guard parts.allSatisfy({ $0 != nil }) else { return nil }
            return parts.map { $0! }.joined(separator: ",")
        }
        return nil
    }

    /// One `key = value` TOML line: a value in TOML's number syntax is written bare, anything
    /// else as a basic string, so that reading the line back gives the same text.
    static func line(_ key: String, _ value: String) -> String {
        "\(key) = \(isTOMLNumber(value) ? value : quoted(value))"
    }

    private static func isTOMLNumber(_ text: String) -> Bool {
        text.wholeMatch(of: /[+-]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/) != nil
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
