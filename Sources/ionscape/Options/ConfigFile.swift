import Foundation
import TOMLKit

/// A TOML run configuration (`--config FILE`). Keys are the long flag names without dashes
/// (e.g. `preset = "li33"`, `x = "0:1:0.04"` or `x = [0.0, 0.5, 1.0]`, `size = 100`).
/// Unknown keys are rejected, never ignored, so a misspelt key cannot silently fall back to
/// a default.
struct ConfigFile {
    /// Every key any command reads. Commands ignore keys they do not use.
    static let knownKeys: Set<String> = [
        "preset", "x", "y", "alkali", "nfu-table",
        "v0", "sigma", "u0", "f0", "size", "realizations", "seed", "threads",
        "temperature", "nu", "spacing", "solver", "window", "window-tolerance",
        "foreign", "mode", "current-density", "potential", "sed", "duration", "thickness", "cells",
        "bulk-diffusion", "foreign-diffusion", "vacancy-fraction", "times",
    ]

    /// Values in their command-line text form.
    let values: [String: String]

    init(values: [String: String]) { self.values = values }

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
            guard Self.knownKeys.contains(key) else {
                throw InputError(name: "config key", value: "'\(key)' in \(path)",
                                 accepted: Self.knownKeys.sorted().joined(separator: ", "))
            }
            guard let value = table[key], let text = Self.commandLineText(value) else {
                throw InputError(name: "config key", value: "'\(key)' in \(path)",
                                 accepted: "a string, number, boolean or array of numbers")
            }
            out[key] = text
        }
        values = out
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

    /// TOML text of effective settings, for `--dump-config` (strings quoted, numbers bare).
    static func render(_ settings: [(String, String)]) -> String {
        settings.map { key, value in
            let isNumber = Double(value) != nil || Int(value) != nil
            return "\(key) = \(isNumber ? value : "\"\(value.replacingOccurrences(of: "\"", with: "\\\""))\"")"
        }.joined(separator: "\n") + "\n"
    }
}
