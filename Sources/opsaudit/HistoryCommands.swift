import ArgumentParser
import Foundation
import OpsAuditHistory
import OpsAuditKit
import OpsAuditModel

/// `opsaudit history import REPORT.json...`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Manage the run history (.opsaudit/history.sqlite).",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import JSON reports produced elsewhere (CI artifacts); a report of a commit already recorded with the same catalog is skipped.")

        @Argument(help: "JSON reports written by `opsaudit scan --format json`.")
        var reports: [String]

        @Option(name: .long, help: "The repository whose history receives the runs.")
        var repo: String = "."

        @Option(name: .long, help: "The history database (default: REPO/.opsaudit/history.sqlite).")
        var history: String?

        func validate() throws {
            if reports.isEmpty { throw ValidationError("name at least one JSON report") }
        }

        func run() throws {
            let store = try openStore(history: history, repo: repo, create: true)
            var failed = false
            for path in reports {
                do {
                    let snapshot = try ReportImport.snapshot(atPath: path)
                    switch try store.importRun(snapshot) {
                    case let .imported(id): print("imported run \(id) from \(Terminal.sanitize(path))")
                    case let .alreadyPresent(id): print("already recorded as run \(id): \(Terminal.sanitize(path))")
                    }
                } catch {
                    FileHandle.standardError.write(Data("opsaudit: \(Terminal.sanitize("\(error)"))\n".utf8))
                    failed = true
                }
            }
            if failed { throw ExitCode(2) }
        }
    }
}

/// Opens the store named by `--history`, else the repository's default one; errors exit 2.
func openStore(history: String?, repo: String, create: Bool) throws -> HistoryStore {
    let path = history ?? HistoryStore.defaultPath(target: repo)
    do { return try HistoryStore(path: path, create: create) } catch {
        throw usageFailure("\(error)")
    }
}

/// `--since`/`--until` values: an ISO 8601 time, or a day (`--until` then includes that whole day).
enum DateArgument {
    static func parse(_ text: String?, option: String, endOfDay: Bool = false) throws -> Date? {
        guard let text else { return nil }
        guard let date = Timestamps.parse(text) else {
            throw ValidationError("\(option) must be a date like 2026-01-31 or an ISO 8601 time, got `\(text)`")
        }
        let isDay = text.count == 10
        return endOfDay && isDay ? date.addingTimeInterval(86_400) : date
    }
}

/// `opsaudit trend [PATH]`: scores over time from the history, or computed from git history.
struct TrendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Show readiness scores over time: recorded runs, or past commits replayed with --git.",
        discussion: """
        Without --git the runs come from the history database (`scan --record`, `history import`).
        With --git the current catalog judges past commits of the current branch (first parent),
        read straight from git objects without a checkout.
        """)

    @Argument(help: "The repository.")
    var path: String = "."

    @Option(name: .long, help: "The history database (default: PATH/.opsaudit/history.sqlite).")
    var history: String?

    @Option(name: [.short, .long], help: "text, markdown, json, csv or html.")
    var format: String = "text"

    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Only runs (or commits) at or after this date or time.")
    var since: String?

    @Option(name: .long, help: "Only runs (or commits) before the end of this day, or before this time.")
    var until: String?

    @Option(name: .long, help: "Only the last N runs (or commits).")
    var last: Int?

    @Flag(name: .long, help: "Compute the trend from the branch's git history instead of recorded runs.")
    var git = false

    @Option(name: .long, help: "With --git: every Nth commit (the newest is always included).")
    var every: Int?

    @Flag(name: .long, help: "With --git: the last commit of each day.")
    var daily = false

    @Flag(name: .long, help: "With --git: the last commit of each week.")
    var weekly = false

    @Option(name: .long, help: "With --git: at most N commits, spread evenly over the range.")
    var max: Int?

    @Flag(name: .long, help: "With --git: also record the replayed commits in the history (skipping commits already there).")
    var record = false

    @Flag(name: .long, help: "With --git: print commits per second and the share of files served from the parse cache on stderr.")
    var timing = false

    func validate() throws {
        guard TrendFormat(rawValue: format) != nil else {
            throw ValidationError("unknown format `\(format)`; use text, markdown, json, csv or html")
        }
        if !git, every != nil || daily || weekly || max != nil || record || timing {
            throw ValidationError("--every, --daily, --weekly, --max, --record and --timing need --git")
        }
        if daily && weekly { throw ValidationError("--daily and --weekly exclude each other") }
        for (name, value) in [("--every", every), ("--max", max), ("--last", last)] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1") }
        }
        _ = try DateArgument.parse(since, option: "--since")
        _ = try DateArgument.parse(until, option: "--until", endOfDay: true)
    }

    func run() throws {
        let sinceDate = try DateArgument.parse(since, option: "--since")
        let untilDate = try DateArgument.parse(until, option: "--until", endOfDay: true)
        let runs: [RunSnapshot]
        let title = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        if git {
            runs = try replay(since: sinceDate, until: untilDate)
        } else {
            let store = try openStore(history: history, repo: path, create: false)
            runs = try store.runs(RunFilter(since: sinceDate.map(Timestamps.format), until: untilDate.map(Timestamps.format), last: last))
        }
        let format = TrendFormat(rawValue: format)!
        let text = TrendRenderer.render(runs, as: format, title: title)
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw usageFailure("cannot write `\(output)`: \(error.localizedDescription)")
            }
        } else {
            print(text, terminator: "")
        }
    }

    private func replay(since: Date?, until: Date?) throws -> [RunSnapshot] {
        let commits: [GitCommit]
        do { commits = try GitHistory.commits(in: path) } catch {
            throw usageFailure("cannot read the git history of `\(path)`: \(error)")
        }
        var selection = CommitSelection(since: since, until: until, every: every,
                                        period: daily ? .daily : (weekly ? .weekly : nil), max: max)
        var chosen = selection.select(commits)
        if let last, chosen.count > last { chosen = Array(chosen.suffix(last)) }
        selection.max = nil
        var options = ScanOptions()
        options.targetPath = path
        let replay = GitReplay(repository: path, options: options)
        let progress = ProgressBar(total: chosen.count, unit: "commits")
        let reports: [Report]
        let started = Date()
        do {
            reports = try replay.run(chosen) { done, _ in progress.update(done) }
        } catch {
            progress.finish()
            throw usageFailure("replay failed: \(error)")
        }
        progress.finish()
        if timing {
            let seconds = Date().timeIntervalSince(started)
            let (hits, misses) = replay.cache.statistics
            let share = hits + misses > 0 ? 100 * Double(hits) / Double(hits + misses) : 0
            let line = String(format: "replayed %d commits in %.1f s (%.1f commits/s); %d of %d file analyses from the cache (%.1f%%)\n",
                              reports.count, seconds, seconds > 0 ? Double(reports.count) / seconds : 0, hits, hits + misses, share)
            FileHandle.standardError.write(Data(line.utf8))
        }
        let runs = reports.map(RunSnapshot.init)
        if record {
            let store = try openStore(history: history, repo: path, create: true)
            do {
                for run in runs { _ = try store.importRun(run, origin: .git) }
            } catch {
                throw usageFailure("cannot record the replay: \(error)")
            }
        }
        return runs
    }
}

/// A one-line progress bar on stderr (done/total, rate, ETA), drawn only when stderr is a terminal.
final class ProgressBar {
    private let total: Int
    private let unit: String
    private let enabled: Bool
    private let started = Date()

    init(total: Int, unit: String) {
        self.total = total
        self.unit = unit
        enabled = isatty(STDERR_FILENO) == 1 && total > 1
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = "\r\(bar) \(done)/\(total) \(unit)  \(String(format: "%.1f", rate))/s  ETA \(Self.duration(remaining))  "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
