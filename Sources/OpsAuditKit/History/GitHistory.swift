import Foundation
import OpsAuditModel

/// One commit of a branch's first-parent line: its id and committer time.
public struct GitCommit: Sendable, Hashable {
    public var id: String
    public var date: Date

    public init(id: String, date: Date) {
        self.id = id
        self.date = date
    }

    public var shortID: String { String(id.prefix(10)) }
}

/// Which commits of a history to replay.
public struct CommitSelection: Sendable, Equatable {
    /// One point per calendar period (UTC): the last commit of each day or ISO week.
    public enum Period: String, Sendable {
        case daily, weekly
    }

    public var since: Date?
    /// Exclusive.
    public var until: Date?
    /// Every Nth commit, counted from the newest (so the newest is always in).
    public var every: Int?
    public var period: Period?
    /// At most this many points, spread evenly, newest and oldest kept.
    public var max: Int?

    public init(since: Date? = nil, until: Date? = nil, every: Int? = nil, period: Period? = nil, max: Int? = nil) {
        self.since = since
        self.until = until
        self.every = every
        self.period = period
        self.max = max
    }

    /// The selected commits, oldest first. `commits` is newest first, as `git rev-list` gives it.
    public func select(_ commits: [GitCommit]) -> [GitCommit] {
        var chosen = commits.filter { commit in
            (since.map { commit.date >= $0 } ?? true) && (until.map { commit.date < $0 } ?? true)
        }
        if let period {
            var calendar = Calendar(identifier: .iso8601)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            var seen: Set<String> = []
            chosen = chosen.filter { commit in
                let key: String
                switch period {
                case .daily:
                    let parts = calendar.dateComponents([.year, .month, .day], from: commit.date)
                    key = "\(parts.year!)-\(parts.month!)-\(parts.day!)"
                case .weekly:
                    let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: commit.date)
                    key = "\(parts.yearForWeekOfYear!)-W\(parts.weekOfYear!)"
                }
                // Newest first: the first commit seen in a period is its last one.
                return seen.insert(key).inserted
            }
        }
        if let every, every > 1 {
            chosen = chosen.enumerated().filter { $0.offset % every == 0 }.map(\.element)
        }
        if let max, max > 0, chosen.count > max {
            if max == 1 {
                chosen = [chosen[0]]
            } else {
                let step = Double(chosen.count - 1) / Double(max - 1)
                chosen = (0..<max).map { chosen[Int((Double($0) * step).rounded())] }
            }
        }
        return chosen.reversed()
    }
}

/// Reads a branch's history with git plumbing.
public enum GitHistory {
    /// The commits reachable from `revision` (only its first-parent line by default), newest first.
    public static func commits(in repository: String, from revision: String = "HEAD", firstParent: Bool = true) throws(SourceError) -> [GitCommit] {
        guard let git = GitCommand.locate() else { throw SourceError("git was not found on PATH") }
        let head = try GitRevisionSource.resolve(revision, in: repository)
        guard let output = git.run(["rev-list"] + (firstParent ? ["--first-parent"] : []) + ["--timestamp", head], in: repository, timeout: 120),
              output.succeeded else {
            throw SourceError("`git rev-list` failed in \(repository)")
        }
        return String(decoding: output.stdout, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let seconds = TimeInterval(parts[0]) else { return nil }
            return GitCommit(id: String(parts[1]), date: Date(timeIntervalSince1970: seconds))
        }
    }

    /// The current branch name, nil on a detached HEAD.
    public static func currentBranch(in repository: String) -> String? {
        guard let git = GitCommand.locate(),
              let output = git.run(["symbolic-ref", "--short", "-q", "HEAD"], in: repository, timeout: 20), output.succeeded else {
            return nil
        }
        let name = String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }
}

/// Scans past commits with the current catalog, so every point of a trend is judged by the same
/// rules. One `cat-file` process and one analysis cache serve the whole replay.
public struct GitReplay: Sendable {
    public var repository: String
    public var scanner: Scanner
    public var options: ScanOptions
    public let cache: AnalysisCache

    public init(repository: String, scanner: Scanner = Scanner(), options: ScanOptions = ScanOptions()) {
        self.repository = repository
        self.cache = scanner.analysisCache ?? AnalysisCache()
        var scanner = scanner
        scanner.analysisCache = cache
        self.scanner = scanner
        self.options = options
    }

    /// Reports of `commits` in order; `progress(done, total)` is called after each one. The report's
    /// time is the commit's time.
    public func run(_ commits: [GitCommit], progress: (Int, Int) -> Void = { _, _ in }) throws(SourceError) -> [Report] {
        let reader = try GitObjectReader(repository: repository)
        let branch = GitHistory.currentBranch(in: repository)
        var reports: [Report] = []
        for (index, commit) in commits.enumerated() {
            cache.startGeneration()
            let source = try GitRevisionSource(repository: repository, revision: commit.id, branch: branch, reader: reader,
                                               limits: options.limits)
            var options = options
            options.timestamp = ISO8601DateFormatter().string(from: commit.date)
            reports.append(try scanner.scan(source, options: options).report)
            progress(index + 1, commits.count)
        }
        return reports
    }
}
