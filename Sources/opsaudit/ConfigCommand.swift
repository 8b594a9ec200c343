import ArgumentParser
import Foundation
import OpsAuditKit
import OpsAuditModel

/// `opsaudit config check`: validates `.opsaudit.yml` (and its custom rules) without scanning.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Work with .opsaudit.yml.",
        subcommands: [Check.self],
        defaultSubcommand: Check.self)

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration and its custom rules; exit 2 with file:line for each problem.")

        @Argument(help: "The repository whose .opsaudit.yml to check.")
        var path: String = "."

        @OptionGroup var options: ConfigOptions

        func run() throws {
            guard let file = options.configPath(scanning: path) else {
                throw usageFailure("no configuration: `\((path as NSString).appendingPathComponent(".opsaudit.yml"))` does not exist (write one with `opsaudit init`)")
            }
            let loaded = try options.load(scanning: path)
            let config = loaded.configuration
            var parts = ["\(config.rules.count) rule setting\(config.rules.count == 1 ? "" : "s")"]
            if !config.exclude.isEmpty { parts.append("\(config.exclude.count) exclude pattern\(config.exclude.count == 1 ? "" : "s")") }
            if !loaded.customRules.isEmpty { parts.append("\(loaded.customRules.count) custom rule\(loaded.customRules.count == 1 ? "" : "s") (\(loaded.customRules.map(\.metadata.id.rawValue).joined(separator: ", ")))") }
            let gate = loaded.gate
            if !gate.isEmpty { parts.append("gate: " + GateText.describe(gate)) }
            print("\(Terminal.sanitize(file)): ok — " + parts.joined(separator: ", "))
        }
    }
}

/// Gate conditions in the words of the command line.
enum GateText {
    static func describe(_ gate: Gate) -> String {
        var parts: [String] = []
        if let value = gate.failUnder { parts.append("--fail-under \(value)") }
        if let value = gate.failOn { parts.append("--fail-on \(value.rawValue)") }
        for category in Category.allCases { if let value = gate.minCategory[category] { parts.append("--min-category \(category.rawValue)=\(value)") } }
        if let value = gate.minLevel { parts.append("--min-level \(value)") }
        return parts.joined(separator: " ")
    }
}
