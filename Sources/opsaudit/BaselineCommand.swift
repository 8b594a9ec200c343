import ArgumentParser
import Foundation
import OpsAuditKit
import OpsAuditModel

/// `opsaudit baseline write [FILE]`: records today's findings so a gate can count only new ones.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Record current findings by fingerprint, for `scan --baseline FILE --new-only`.",
        subcommands: [Write.self],
        defaultSubcommand: Write.self)

    struct Write: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Scan and write the unsuppressed findings to FILE (sorted by fingerprint, diff-friendly).")

        @Argument(help: "The baseline file to write.")
        var file: String = Baseline.defaultFileName

        @Option(name: .long, help: "The repository to scan.")
        var path: String = "."

        @OptionGroup var options: ConfigOptions

        func run() throws {
            let loaded = try options.load(scanning: path)
            var scanOptions = ScanOptions()
            scanOptions.targetPath = path
            scanOptions.timestamp = "1970-01-01T00:00:00Z"
            let report = try ScanRunner.scan(path: path, options: scanOptions, loaded: loaded)
            let baseline = Baseline.of(report, path: file)
            do { try baseline.rendered().write(toFile: file, atomically: true, encoding: .utf8) } catch {
                throw usageFailure("cannot write `\(file)`: \(error.localizedDescription)")
            }
            print("wrote \(Terminal.sanitize(file)): \(baseline.entries.count) finding\(baseline.entries.count == 1 ? "" : "s")")
        }
    }
}

/// `opsaudit explain ID`: a rule's text and examples (the same page as `rules show`).
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a rule: why it matters, how to fix it, references and examples.")

    @Argument(help: "A rule ID (CI-003) or name (tests-must-block).")
    var rule: String

    func run() throws {
        guard let metadata = Catalog.embedded.lookup(rule) else {
            let suggestion = RuleText.suggestion(for: rule, in: Catalog.embedded).map { " (did you mean \($0)?)" } ?? ""
            throw usageFailure("no rule `\(rule)`\(suggestion); `opsaudit rules list` shows them all")
        }
        print(RuleText.show(metadata), terminator: "")
        print("\nSilence one finding with a reason, on its line or the line above:\n  # opsaudit:ignore \(metadata.id) -- why this is accepted\n")
    }
}
