import ArgumentParser
import Foundation
import OpsAuditKit
import OpsAuditModel

/// `opsaudit rules list|show`.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rule catalog or show one rule with its examples.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every rule: ID, severity, level, name and title.")

        @Option(name: .long, help: "Only this category (ci, containers, deploy, backups, security, observability, resilience, operations).")
        var category: String?

        func run() throws {
            var rules = Catalog.embedded.rules
            if let category {
                guard let parsed = Category(rawValue: category.lowercased()) else {
                    throw usageFailure("unknown category `\(category)`; use one of: \(Category.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                rules = rules.filter { $0.category == parsed }
            }
            print(RuleText.table(rules), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a rule's text and examples.")

        @Argument(help: "A rule ID (CI-003) or name (tests-must-block).")
        var rule: String

        func run() throws {
            guard let metadata = Catalog.embedded.lookup(rule) else {
                let suggestion = RuleText.suggestion(for: rule, in: Catalog.embedded).map { " (did you mean \($0)?)" } ?? ""
                throw usageFailure("no rule `\(rule)`\(suggestion); `opsaudit rules list` shows them all")
            }
            print(RuleText.show(metadata), terminator: "")
        }
    }
}
