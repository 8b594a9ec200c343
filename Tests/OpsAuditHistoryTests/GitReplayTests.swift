import Foundation
import OpsAuditArtifacts
import OpsAuditHistory
import OpsAuditKit
import OpsAuditModel
import Testing

/// A git repository built in a temporary directory, commit by commit, with fixed dates.
struct TestRepository {
    let path: String

    init() throws {
        path = temporaryDirectory()
        try git("init", "-q", "-b", "main")
        try git("config", "user.email", "test@example.com")
        try git("config", "user.name", "Test")
        try git("config", "commit.gpgsign", "false")
    }

    func write(_ files: [String: String]) throws {
        for (relative, text) in files {
            let full = (path as NSString).appendingPathComponent(relative)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: (path as NSString).appendingPathComponent(relative))
    }

    /// Commits everything at `date` (ISO 8601); returns the commit id.
    @discardableResult
    func commit(_ message: String, date: String) throws -> String {
        try git("add", "-A")
        try git("commit", "-q", "-m", message, environment: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        return try git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ arguments: String..., environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", path] + arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SourceError("git \(arguments.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}

let secretLine = "token: ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d"

/// Four commits: an app with a committed token, then a CI workflow, then a Dockerfile with a
/// HEALTHCHECK, then the token replaced by a reference.
func buildHistory() throws -> (TestRepository, [String]) {
    let repo = try TestRepository()
    try repo.write([
        "package.json": #"{"name": "app", "scripts": {"test": "node test.js", "start": "node server.js"}}"#,
        "server.js": "const http = require('http');\nhttp.createServer((q, s) => s.end('ok')).listen(3000);\n",
        "config/deploy.yml": "registry: ghcr.io\n\(secretLine)\n",
    ])
    let c1 = try repo.commit("app", date: "2026-01-05T10:00:00Z")
    try repo.write([".github/workflows/ci.yml": """
        on: push
        jobs:
          test:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@v4
              - run: npm test
        """])
    let c2 = try repo.commit("ci", date: "2026-01-12T10:00:00Z")
    try repo.write(["Dockerfile": """
        FROM node:20-alpine
        WORKDIR /app
        COPY . .
        USER node
        HEALTHCHECK CMD wget -qO- http://localhost:3000/ || exit 1
        CMD ["node", "server.js"]
        """])
    let c3 = try repo.commit("docker", date: "2026-01-19T10:00:00Z")
    try repo.write(["config/deploy.yml": "registry: ghcr.io\ntoken: ${REGISTRY_TOKEN}\n"])
    let c4 = try repo.commit("remove token", date: "2026-01-26T10:00:00Z")
    return (repo, [c1, c2, c3, c4])
}

@Suite(.serialized) struct GitReplayTests {
    @Test func revisionSourceListsAndReadsWithoutCheckout() throws {
        let (repo, commits) = try buildHistory()
        defer { repo.cleanUp() }
        let source = try GitRevisionSource(repository: repo.path, revision: commits[0])
        let listing = try source.list()
        #expect(listing.files.map(\.path) == ["config/deploy.yml", "package.json", "server.js"])
        #expect(listing.commit == commits[0])
        let deploy = try #require(listing.files.first { $0.path == "config/deploy.yml" })
        #expect(deploy.blobID?.count == 40)
        #expect(deploy.size == "registry: ghcr.io\n\(secretLine)\n".utf8.count)
        #expect(source.read(deploy).map { String(decoding: $0, as: UTF8.self) } == "registry: ghcr.io\n\(secretLine)\n")
        #expect(source.commitDate() == Timestamps.parse("2026-01-05T10:00:00Z"))
        // A missing object answers nil and leaves the batch process usable.
        let reader = try GitObjectReader(repository: repo.path)
        #expect(reader.read(String(repeating: "0", count: 40)) == nil)
        #expect(reader.read("not an id") == nil)
        #expect(reader.read(deploy.blobID ?? "").map { $0.count } == deploy.size)
        // The working tree is at the last commit; the old revision still reads its own content.
        #expect(try GitRevisionSource(repository: repo.path, revision: "HEAD~3").commit == commits[0])
        #expect(throws: SourceError.self) { try GitRevisionSource(repository: repo.path, revision: "--output=/tmp/x") }
        #expect(throws: SourceError.self) { try GitRevisionSource(repository: repo.path, revision: "no-such-branch") }
    }

    @Test func replayShowsEachCommitsScoresAndReusesParses() throws {
        let (repo, commits) = try buildHistory()
        defer { repo.cleanUp() }
        let history = try GitHistory.commits(in: repo.path)
        #expect(history.map(\.id) == commits.reversed())
        let replay = GitReplay(repository: repo.path)
        var progress: [Int] = []
        let reports = try replay.run(CommitSelection().select(history)) { done, _ in progress.append(done) }
        #expect(progress == [1, 2, 3, 4])
        #expect(reports.map(\.target.commit) == commits)
        #expect(reports.map(\.generatedAt) == ["2026-01-05T10:00:00Z", "2026-01-12T10:00:00Z", "2026-01-19T10:00:00Z", "2026-01-26T10:00:00Z"])

        func status(_ report: Report, _ rule: RuleID) -> Outcome.Status? { report.rules.first { $0.id == rule }?.status }
        // No pipeline, then one.
        #expect(status(reports[0], "CI-001") == .failed)
        #expect(status(reports[1], "CI-001") == .passed)
        // No container until the third commit, whose Dockerfile has a HEALTHCHECK.
        #expect(status(reports[1], "CTR-002") == .notApplicable)
        #expect(status(reports[2], "CTR-002") == .passed)
        // The token is committed until the last commit.
        #expect(status(reports[2], "SEC-001") == .failed)
        #expect(status(reports[3], "SEC-001") == .passed)
        let ci = reports.map { $0.categories.first { $0.id == .ci }?.score }
        #expect(ci[0] == 0 && (ci[1] ?? 0) > 0, "\(ci)")
        let security = reports.map { $0.categories.first { $0.id == .security }?.score }
        #expect((security[3] ?? 0) > (security[2] ?? 10), "\(security)")

        // Unchanged files were parsed once: 3 + 1 + 1 + 1 new blobs out of 3 + 4 + 5 + 5 files read.
        let stats = replay.cache.statistics
        #expect(stats.misses == 6, "\(stats)")
        #expect(stats.hits == 11, "\(stats)")

        // The same report as a scan of the checked-out last commit, but for the scan time.
        var options = ScanOptions()
        options.timestamp = "2026-01-26T10:00:00Z"
        var direct = try Scanner().scan(WorkingDirectorySource(root: repo.path), options: options).report
        direct.target = reports[3].target
        #expect(RunSnapshot(direct).findings == RunSnapshot(reports[3]).findings)
        #expect(direct.summary.overallScore == reports[3].summary.overallScore)
    }

    @Test func removedSecretIsFoundInHistory() throws {
        let (repo, commits) = try buildHistory()
        defer { repo.cleanUp() }
        let history = try SecretHistoryScanner.scan(repository: repo.path, depth: nil)
        #expect(history.commitsScanned == 4)
        let secret = try #require(history.secrets.first)
        #expect(history.secrets.count == 1)
        #expect(secret.kind == .githubToken)
        #expect(secret.location == Location(path: "config/deploy.yml", line: 2, column: 8))
        #expect(secret.introducedIn == commits[0])
        #expect(secret.lastSeenIn == commits[2])
        #expect(!secret.redacted.contains("u8jzPde0IgxLd6"))

        var options = ScanOptions()
        options.timestamp = "2026-02-01T00:00:00Z"
        options.secretHistory = history
        let report = try Scanner().scan(WorkingDirectorySource(root: repo.path), options: options).report
        let rule = try #require(report.rules.first { $0.id == "SEC-012" })
        #expect(rule.status == .failed)
        #expect(rule.findings.map { "\($0.location?.path ?? ""):\($0.location?.line ?? 0)" } == ["config/deploy.yml:2"])
        #expect(rule.findings[0].message.contains(String(commits[0].prefix(10))))
        #expect(rule.findings[0].severity == .critical)
        #expect(!(rule.findings[0].snippet ?? "").contains("u8jzPde0IgxLd6"))

        // Only the last commit read: the token was already gone, nothing to report.
        options.secretHistory = try SecretHistoryScanner.scan(repository: repo.path, depth: 1)
        let recent = try Scanner().scan(WorkingDirectorySource(root: repo.path), options: options).report
        #expect(recent.rules.first { $0.id == "SEC-012" }?.status == .passed)
        // Without history the rule cannot judge.
        options.secretHistory = nil
        let none = try Scanner().scan(WorkingDirectorySource(root: repo.path), options: options).report
        #expect(none.rules.first { $0.id == "SEC-012" }?.status == .notApplicable)
    }

    @Test func commitSelection() {
        let day = 86_400.0
        // Newest first, two commits a day for ten days.
        let commits = (0..<20).map { GitCommit(id: "c\($0)", date: Date(timeIntervalSince1970: 1_767_225_600 + day * 10 - Double($0) * day / 2 - 3600)) }
        #expect(CommitSelection().select(commits).map(\.id) == commits.reversed().map(\.id))
        #expect(CommitSelection(every: 5).select(commits).map(\.id) == ["c15", "c10", "c5", "c0"])
        #expect(CommitSelection(period: .daily).select(commits).count == 10)
        #expect(CommitSelection(period: .daily).select(commits).last?.id == "c0")
        #expect(CommitSelection(max: 3).select(commits).map(\.id) == ["c19", "c10", "c0"])
        let since = commits[4].date
        #expect(CommitSelection(since: since).select(commits).map(\.id) == ["c4", "c3", "c2", "c1", "c0"])
        #expect(CommitSelection(until: since).select(commits).first?.id == "c19")
        #expect(CommitSelection(until: since).select(commits).last?.id == "c5")
    }
}
