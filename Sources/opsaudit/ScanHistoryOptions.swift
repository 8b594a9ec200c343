import ArgumentParser
import Foundation
import OpsAuditHistory
import OpsAuditArtifacts
import OpsAuditKit
import OpsAuditModel

/// The history options of `scan`: recording the run, reading past commits for SEC-012.
struct ScanHistoryOptions: ParsableArguments {
    @Option(name: .long, help: "Read the last N commits (or `all`) for credentials removed since (SEC-012).")
    var historyDepth: String?

    @Flag(name: .long, help: "Append this run to the history database (see --history).")
    var record = false

    @Option(name: .long, help: "The history database (default: PATH/.opsaudit/history.sqlite).")
    var history: String?

    func validate() throws {
        if let historyDepth, historyDepth != "all", (Int(historyDepth) ?? 0) < 1 {
            throw ValidationError("--history-depth must be a number of commits or `all`, got `\(historyDepth)`")
        }
    }

    /// The secrets of earlier commits when `--history-depth` was given; an unreadable history exits 2.
    func secretHistory(for target: String, limits: SourceLimits) throws -> SecretHistory? {
        guard let historyDepth else { return nil }
        do {
            return try SecretHistoryScanner.scan(repository: target, depth: historyDepth == "all" ? nil : Int(historyDepth), limits: limits)
        } catch {
            throw usageFailure("--history-depth: cannot read the git history of `\(target)`: \(error)")
        }
    }

    /// Records the report when `--record` was given; a store problem exits 2 after saying why.
    func recordIfAsked(_ report: Report, target: String) throws {
        guard record else { return }
        let path = history ?? HistoryStore.defaultPath(target: target)
        do {
            let store = try HistoryStore(path: path)
            try store.record(RunSnapshot(report), origin: .scan)
        } catch {
            throw usageFailure("cannot record the run: \(error)")
        }
    }
}
