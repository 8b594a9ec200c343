import ArgumentParser
import Foundation
import OpsAuditHistory
import OpsAuditKit
import OpsAuditModel

/// `opsaudit diff OLD NEW`.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs: score and level changes, findings new, fixed and still open.",
        discussion: """
        Each side is a JSON report file, a recorded run (`run:12`, or a bare run number), a
        directory (scanned as it is now), or a git revision of --repo (`main`, `HEAD~5`, a commit id)
        scanned without a checkout. Findings are matched by fingerprint, which survives line moves.
        Exit codes: 0 done; 1 --fail-on-regression and the new side regressed; 2 usage error.
        """)

    @Argument(help: "The old side.")
    var old: String

    @Argument(help: "The new side.")
    var new: String

    @Option(name: .long, help: "The repository for git revisions and the default history database.")
    var repo: String = "."

    @Option(name: .long, help: "The history database (default: REPO/.opsaudit/history.sqlite).")
    var history: String?

    @Option(name: [.short, .long], help: "text, markdown (for a PR comment) or json.")
    var format: String = "text"

    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Exit 1 when the overall score or level dropped or a new (non-info) finding appeared.")
    var failOnRegression = false

    func validate() throws {
        guard DiffFormat(rawValue: format) != nil else { throw ValidationError("unknown format `\(format)`; use text, markdown or json") }
    }

    func run() throws {
        let resolver = SideResolver(repo: repo, history: history)
        let (oldRun, oldLabel) = try resolver.resolve(old)
        let (newRun, newLabel) = try resolver.resolve(new)
        let diff = RunDiff(old: oldRun, oldLabel: oldLabel, new: newRun, newLabel: newLabel)
        let text = DiffRenderer.render(diff, as: DiffFormat(rawValue: format)!)
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw usageFailure("cannot write `\(output)`: \(error.localizedDescription)")
            }
        } else {
            print(text, terminator: "")
        }
        if failOnRegression, !diff.regressions.isEmpty {
            FileHandle.standardError.write(Data("opsaudit: regression: \(diff.regressions.joined(separator: "; "))\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Turns a diff argument into a run: report file, recorded run, directory or git revision.
final class SideResolver {
    let repo: String
    let history: String?
    private var store: HistoryStore?
    private var reader: GitObjectReader?
    private let scanner: OpsAuditKit.Scanner

    init(repo: String, history: String?) {
        self.repo = repo
        self.history = history
        var scanner = OpsAuditKit.Scanner()
        scanner.analysisCache = AnalysisCache()
        self.scanner = scanner
    }

    func resolve(_ argument: String) throws -> (RunSnapshot, String) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if argument.hasPrefix("run:") {
            return try recorded(String(argument.dropFirst(4)), argument: argument)
        }
        if fm.fileExists(atPath: argument, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                var options = ScanOptions()
                options.targetPath = argument
                do {
                    let report = try scanner.scan(WorkingDirectorySource(root: argument), options: options).report
                    return (RunSnapshot(report), argument == "." ? "working tree" : argument)
                } catch {
                    throw usageFailure("cannot scan `\(argument)`: \(error)")
                }
            }
            do { return (try ReportImport.snapshot(atPath: argument), argument) } catch {
                throw usageFailure("\(error)")
            }
        }
        if argument.count <= 6, argument.allSatisfy(\.isNumber) {
            return try recorded(argument, argument: argument)
        }
        return try revision(argument)
    }

    private func recorded(_ number: String, argument: String) throws -> (RunSnapshot, String) {
        guard let id = Int64(number) else { throw usageFailure("`\(argument)`: a run is named by its number, like run:12") }
        if store == nil { store = try openStore(history: history, repo: repo, create: false) }
        do {
            guard let run = try store?.snapshot(id: id) else {
                throw usageFailure("no run \(id) in `\(store?.path ?? "")`; `opsaudit trend` lists the runs")
            }
            return (run, "run \(id)" + (run.commit.map { " (\(String($0.prefix(10))))" } ?? ""))
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw usageFailure("\(error)")
        }
    }

    private func revision(_ argument: String) throws -> (RunSnapshot, String) {
        do {
            if reader == nil { reader = try GitObjectReader(repository: repo) }
            let branch = GitHistory.currentBranch(in: repo)
            let source = try GitRevisionSource(repository: repo, revision: argument, branch: branch, reader: reader)
            var options = ScanOptions()
            options.targetPath = repo
            options.timestamp = Timestamps.format(source.commitDate() ?? Date())
            scanner.analysisCache?.startGeneration()
            let report = try scanner.scan(source, options: options).report
            return (RunSnapshot(report), "\(argument) (\(String(source.commit.prefix(10))))")
        } catch {
            throw usageFailure("`\(argument)` is not a report file, a recorded run, a directory or a git revision of `\(repo)`: \(error)")
        }
    }
}
