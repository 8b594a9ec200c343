import ArgumentParser
import Foundation
import OpsAuditKit
import OpsAuditModel

/// `opsaudit inventory [PATH]`: what opsaudit found and could not read, without judging it.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "List the files opsaudit recognised, by kind, with parse diagnostics.")

    @Argument(help: "The repository (or directory) to inspect.")
    var path: String = "."

    @Option(name: [.short, .long], help: "Output format: text or json.")
    var format: String = "text"

    func run() throws {
        guard ["text", "json"].contains(format) else { throw usageFailure("unknown format `\(format)`; use text or json") }
        var options = ScanOptions()
        options.targetPath = path
        options.timestamp = "1970-01-01T00:00:00Z"
        let report: Report
        do {
            report = try Scanner(rules: []).scan(WorkingDirectorySource(root: path), options: options).report
        } catch {
            throw usageFailure("cannot scan `\(path)`: \(error)")
        }
        print(format == "json" ? InventoryView.json(report) : InventoryView.text(report), terminator: "")
    }
}

/// Renders the inventory part of a report.
enum InventoryView {
    struct Document: Encodable {
        var target: String
        var inventory: Inventory
        var diagnostics: [Diagnostic]
    }

    static func json(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = (try? encoder.encode(Document(target: report.target.path, inventory: report.inventory, diagnostics: report.diagnostics))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func text(_ report: Report) -> String {
        let inventory = report.inventory
        var out = "\(report.target.path): \(inventory.filesSeen) files seen, \(inventory.filesRead) read, \(inventory.filesSkipped) skipped, \(inventory.sourceFiles) source files\n"
        for kind in inventory.filesByKind.keys.sorted() {
            let files = inventory.filesByKind[kind] ?? []
            out += "\n\(kind) (\(files.count))\n"
            for file in files { out += "  \(Terminal.sanitize(file))\n" }
        }
        if !inventory.skippedByReason.isEmpty {
            out += "\nskipped\n"
            for reason in inventory.skippedByReason.keys.sorted() { out += "  \(reason): \(inventory.skippedByReason[reason] ?? 0)\n" }
        }
        if !report.diagnostics.isEmpty {
            out += "\ndiagnostics (\(report.diagnostics.count))\n"
            for diagnostic in report.diagnostics {
                let place = diagnostic.location.map { "\($0.path):\($0.line)" } ?? "-"
                out += "  \(diagnostic.kind.rawValue)  \(Terminal.sanitize(place))  \(Terminal.sanitize(diagnostic.message))\n"
            }
        }
        return out
    }
}
