import ArgumentParser
import Foundation
import OpsAuditKit

/// `opsaudit`: the root command.
struct OpsAuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opsaudit",
        abstract: "Production-readiness audit of a repository: scored categories, findings at file:line, a roadmap.",
        version: "opsaudit \(OpsAudit.version) (catalog \(Catalog.embeddedVersion))",
        subcommands: [ScanCommand.self, InventoryCommand.self, RulesCommand.self, ExplainCommand.self, ConfigCommand.self,
                      BaselineCommand.self, InitCommand.self, TrendCommand.self, DiffCommand.self, HistoryCommand.self],
        defaultSubcommand: ScanCommand.self)
}

/// Prints a problem that stops the command and exits 2.
func usageFailure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("opsaudit: \(message)\n".utf8))
    return ExitCode(2)
}
