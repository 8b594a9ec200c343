import ArgumentParser
import Foundation
import OpsAuditKit
import OpsAuditModel
import OpsAuditReports
import Rainbow

/// `opsaudit scan [PATH]`.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan a repository and report its production readiness.",
        discussion: """
        Exit codes: 0 scan done and gate passed; 1 gate failed; 2 usage or configuration error, or unreadable target.
        Gate options may also be set in .opsaudit.yml (`gate:`); options given here win.
        """)

    @Argument(help: "The repository (or directory) to scan.")
    var path: String = "."

    @Option(name: [.short, .long], parsing: .singleValue,
            help: "Output format: text, json, markdown, junit, sarif, html, github, codeclimate. Repeat or separate with commas (--list-formats).")
    var format: [String] = []

    @Option(name: [.short, .long], help: "Write the report to this file (one format) or directory (several formats).")
    var output: String?

    @Option(name: .long, help: "Exit 1 when the overall score is below this (0-10).")
    var failUnder: Double?

    @Option(name: .long, help: "Exit 1 when any unsuppressed, non-baselined finding has this severity or higher (critical, high, medium, low, info).")
    var failOn: String?

    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("Exit 1 when a category scores below SCORE, e.g. security=7. Repeatable.", valueName: "CAT=SCORE"))
    var minCategory: [String] = []

    @Option(name: .long, help: "Exit 1 when the maturity level is below this (1-4).")
    var minLevel: Int?

    @Option(name: .long, help: "Compare with this baseline file: findings are marked new or known, fixed ones counted.")
    var baseline: String?

    @Flag(name: .long, help: "With a baseline: only new findings count for scores and the gate.")
    var newOnly = false

    @Flag(name: .long, help: "On GitHub Actions (GITHUB_ACTIONS=true): also emit annotations and write the Markdown report to $GITHUB_STEP_SUMMARY.")
    var annotations = false

    @Flag(name: .long, help: "List the output formats and exit.")
    var listFormats = false

    @OptionGroup var configuration: ConfigOptions

    @Option(name: .long, help: "Timestamp written in the report (ISO 8601) for reproducible output; SOURCE_DATE_EPOCH also works.")
    var timestamp: String?

    @Option(name: .long, help: "Files larger than this many bytes are not read.")
    var maxFileSize: Int = SourceLimits().maxFileSize

    @Option(name: .long, help: "A Mustache template for the Markdown report (see docs/templates.md).")
    var template: String?

    @Flag(name: [.short, .long], help: "Do not print the summary when writing reports to --output.")
    var quiet = false

    @Flag(name: [.short, .long], help: "List every finding in the text summary, not only the top ten.")
    var verbose = false

    @OptionGroup(title: "History")
    var historyOptions: ScanHistoryOptions

    func validate() throws {
        if let failUnder, !(0...10).contains(failUnder) {
            throw ValidationError("--fail-under must be between 0 and 10, got \(failUnder)")
        }
        _ = try formats()
        _ = try gateFromFlags()
        if maxFileSize <= 0 { throw ValidationError("--max-file-size must be positive") }
    }

    func formats() throws -> [ReportFormat] {
        var result: [ReportFormat] = []
        for item in format.flatMap({ $0.split(separator: ",") }) {
            let name = item.trimmingCharacters(in: .whitespaces).lowercased()
            guard let parsed = ReportFormat.parse(name) else {
                throw ValidationError("unknown format `\(name)`; use one of: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !result.contains(parsed) { result.append(parsed) }
        }
        return result.isEmpty ? [.text] : result
    }

    func run() throws {
        if listFormats {
            for format in ReportFormat.allCases {
                print("\(format.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(format.fileName.padding(toLength: 28, withPad: " ", startingAt: 0)) \(format.summary)")
            }
            return
        }
        let formats = try formats()
        if output == nil, formats.count > 1 {
            throw usageFailure("several formats need --output DIRECTORY")
        }
        let loaded = try configuration.load(scanning: path)
        var options = ScanOptions()
        options.targetPath = path
        options.limits.maxFileSize = maxFileSize
        options.timestamp = try resolvedTimestamp()
        options.secretHistory = try historyOptions.secretHistory(for: path, limits: options.limits)
        let policy = loaded.configuration.gate
        let baselinePath = baseline ?? policy.baseline
        options.newOnly = newOnly || policy.newOnly == true
        if let baselinePath {
            // A path from the configuration is relative to the scanned directory.
            let file = baseline != nil || baselinePath.hasPrefix("/") ? baselinePath : (path as NSString).appendingPathComponent(baselinePath)
            options.baseline = try ScanRunner.baseline(at: file, displayPath: baselinePath)
        } else if options.newOnly {
            throw usageFailure("--new-only needs a baseline (--baseline FILE or `gate.baseline` in .opsaudit.yml)")
        }
        var report = try ScanRunner.scan(path: path, options: options, loaded: loaded)
        let gate = try gateFromFlags(over: loaded.gate)
        if !gate.isEmpty { report.gate = gate.evaluate(report) }
        try historyOptions.recordIfAsked(report, target: path)

        let template = try markdownTemplate(loaded)
        let environment = ProcessInfo.processInfo.environment
        let onActions = environment["GITHUB_ACTIONS"] == "true"
        if formats.contains(.github) || (annotations && onActions), let summaryFile = environment["GITHUB_STEP_SUMMARY"], !summaryFile.isEmpty {
            try appendStepSummary(render(report, as: .markdown, style: .plain, template: template), to: summaryFile)
        }
        let stdoutIsMachine: Bool
        if let output {
            try write(report, formats: formats, to: output, template: template)
            stdoutIsMachine = false
            if !quiet { print(try render(report, as: .text, style: Terminal.style(forDescriptor: STDOUT_FILENO), template: template), terminator: "") }
        } else {
            let format = formats[0]
            stdoutIsMachine = format != .text
            let style = format == .text ? Terminal.style(forDescriptor: STDOUT_FILENO) : .plain
            print(try render(report, as: format, style: style, template: template), terminator: "")
        }
        if annotations, onActions, !formats.contains(.github) {
            // The runner reads workflow commands on both streams; keep stdout clean when it holds JSON or XML.
            let text = GitHubAnnotationsRenderer.render(report)
            if stdoutIsMachine { FileHandle.standardError.write(Data(text.utf8)) } else { print(text, terminator: "") }
        }
        if let gate = report.gate, !gate.passed { throw ExitCode(1) }
    }

    private func appendStepSummary(_ text: String, to file: String) throws {
        if !FileManager.default.fileExists(atPath: file) { FileManager.default.createFile(atPath: file, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: file) else { throw usageFailure("cannot write $GITHUB_STEP_SUMMARY `\(file)`") }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    /// `--template`, else `report.template` of the configuration (relative to it), else the embedded one.
    private func markdownTemplate(_ loaded: LoadedConfiguration) throws -> String? {
        var file = template
        if file == nil, let configured = loaded.configuration.report.template {
            let directory = loaded.path.map { ($0 as NSString).deletingLastPathComponent } ?? ""
            file = configured.hasPrefix("/") || directory.isEmpty ? configured : (directory as NSString).appendingPathComponent(configured)
        }
        guard let file else { return nil }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw usageFailure("cannot read the template `\(file)`")
        }
        return text
    }

    /// The gate conditions given on the command line.
    func gateFromFlags(over configured: Gate = Gate()) throws -> Gate {
        var gate = configured
        if let failUnder { gate.failUnder = failUnder }
        if let minLevel { gate.minLevel = minLevel }
        if let failOn {
            guard let severity = Severity(rawValue: failOn.lowercased()) else {
                throw ValidationError("--fail-on must be one of \(Severity.allCases.map(\.rawValue).joined(separator: ", ")), got `\(failOn)`")
            }
            gate.failOn = severity
        }
        for item in minCategory {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let category = Category(rawValue: parts[0].lowercased()) else {
                throw ValidationError("--min-category takes CATEGORY=SCORE with CATEGORY one of \(Category.allCases.map(\.rawValue).joined(separator: ", ")), got `\(item)`")
            }
            guard let score = Double(parts[1]), (0...10).contains(score) else {
                throw ValidationError("--min-category \(parts[0]) needs a score between 0 and 10, got `\(parts[1])`")
            }
            gate.minCategory[category] = score
        }
        if let minLevel, !(1...4).contains(minLevel) {
            throw ValidationError("--min-level must be between 1 and 4, got \(minLevel)")
        }
        return gate
    }

    private func render(_ report: Report, as format: ReportFormat, style: TextStyle, template: String?) throws -> String {
        do {
            return try format.render(report, style: style, markdownTemplate: format == .markdown ? template : nil, verbose: verbose)
        } catch {
            throw usageFailure(error.description)
        }
    }

    private func write(_ report: Report, formats: [ReportFormat], to output: String, template: String?) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: output, isDirectory: &isDirectory)
        let asDirectory = formats.count > 1 || (exists && isDirectory.boolValue) || output.hasSuffix("/")
        if asDirectory {
            do { try fm.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
                throw usageFailure("cannot create directory `\(output)`: \(error.localizedDescription)")
            }
        }
        if !asDirectory {
            let parent = (output as NSString).deletingLastPathComponent
            if !parent.isEmpty, !fm.fileExists(atPath: parent) {
                do { try fm.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                    throw usageFailure("cannot create directory `\(parent)`: \(error.localizedDescription)")
                }
            }
        }
        for format in formats {
            let target = asDirectory ? (output as NSString).appendingPathComponent(format.fileName) : output
            let text = try render(report, as: format, style: .plain, template: template)
            do { try text.write(toFile: target, atomically: true, encoding: .utf8) } catch {
                throw usageFailure("cannot write `\(target)`: \(error.localizedDescription)")
            }
        }
    }

    /// `--timestamp`, else `SOURCE_DATE_EPOCH` (reproducible builds convention), else now.
    private func resolvedTimestamp() throws -> String? {
        if let timestamp {
            guard ISO8601DateFormatter().date(from: timestamp) != nil else {
                throw usageFailure("--timestamp must be ISO 8601 like 2026-01-31T12:00:00Z, got `\(timestamp)`")
            }
            return timestamp
        }
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = TimeInterval(epoch) else {
                throw usageFailure("SOURCE_DATE_EPOCH must be a number of seconds, got `\(epoch)`")
            }
            let formatter = ISO8601DateFormatter()
            return formatter.string(from: Date(timeIntervalSince1970: seconds))
        }
        return nil
    }
}

/// Terminal colour: on for a terminal, off with NO_COLOR, TERM=dumb or when piped.
enum Terminal {
    /// Replaces control characters (ESC, BEL, CR…) so a hostile file name cannot drive the terminal.
    static func sanitize(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "\u{FFFD}" : $0 }))
    }

    static func style(forDescriptor descriptor: Int32) -> TextStyle {
        let env = ProcessInfo.processInfo.environment
        let colour = isatty(descriptor) == 1 && env["NO_COLOR"].map(\.isEmpty) != false && env["TERM"] != "dumb"
        guard colour else { return .plain }
        return TextStyle(
            bold: { $0.bold }, dim: { $0.dim }, red: { $0.red }, yellow: { $0.yellow }, green: { $0.green })
    }
}
