import Foundation
import OpsAuditHistory
import OpsAuditKit
import OpsAuditModel
import OpsAuditReports
import Testing

/// A fresh temporary directory per test, removed by the caller.
func temporaryDirectory() -> String {
    let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("opsaudit-history-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A report of a small in-memory repository at a fixed time and commit.
func sampleReport(files: [String: String], commit: String?, at timestamp: String) throws -> Report {
    var options = ScanOptions()
    options.timestamp = timestamp
    var report = try Scanner().scan(InMemorySource(name: "app", texts: files), options: options).report
    report.target.commit = commit
    return report
}

let workflow = """
    on: push
    jobs:
      test:
        runs-on: ubuntu-latest
        steps:
          - run: npm test || true
    """

@Suite struct HistoryStoreTests {
    @Test func migratesAnEmptyFileAndReopens() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("nested/history.sqlite")
        let store = try HistoryStore(path: path)
        #expect(try store.appliedMigrations() == ["v1-runs"])
        #expect(try store.runs().isEmpty)
        // An empty file (touch) is a valid starting point too.
        let empty = (dir as NSString).appendingPathComponent("empty.sqlite")
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(try HistoryStore(path: empty).appliedMigrations() == ["v1-runs"])
        #expect(try HistoryStore(path: path, create: false).appliedMigrations() == ["v1-runs"])
    }

    @Test func missingStoreIsAnErrorWhenNotCreating() {
        let error = #expect(throws: HistoryError.self) { try HistoryStore(path: "/nonexistent/dir/h.sqlite", create: false) }
        #expect(error?.description.contains("no history at") == true)
    }

    @Test func recordsAndReadsBackRuns() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try HistoryStore(path: (dir as NSString).appendingPathComponent("h.sqlite"))
        let first = RunSnapshot(try sampleReport(files: [".github/workflows/ci.yml": workflow], commit: "aaaa1111", at: "2026-01-01T00:00:00Z"))
        let second = RunSnapshot(try sampleReport(files: ["README.md": "# app\n"], commit: "bbbb2222", at: "2026-02-01T10:00:00.500Z"))
        let id1 = try store.record(first, origin: .scan)
        let id2 = try store.record(second, origin: .scan)
        #expect(id2 > id1)

        let runs = try store.runs()
        #expect(runs.map(\.commit) == ["aaaa1111", "bbbb2222"])
        #expect(runs[1].timestamp == "2026-02-01T10:00:00Z")
        #expect(runs[0].overallScore == first.overallScore)
        #expect(runs[0].categories == first.categories)
        #expect(runs[0].findings.isEmpty)  // lists leave findings out

        let stored = try #require(try store.snapshot(id: id1))
        #expect(stored.findings.map(\.fingerprint) == first.findings.map(\.fingerprint))
        #expect(stored.findings.contains { $0.ruleID == "CI-003" && $0.place == ".github/workflows/ci.yml:6" })
        #expect(try store.snapshot(id: 999) == nil)
        #expect(try store.runID(forCommit: "bbbb") == id2)

        #expect(try store.runs(RunFilter(since: "2026-01-15T00:00:00Z")).map(\.commit) == ["bbbb2222"])
        #expect(try store.runs(RunFilter(until: "2026-01-15T00:00:00Z")).map(\.commit) == ["aaaa1111"])
        #expect(try store.runs(RunFilter(last: 1)).map(\.commit) == ["bbbb2222"])
    }

    @Test func importIsIdempotentByCommitAndCatalog() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try HistoryStore(path: (dir as NSString).appendingPathComponent("h.sqlite"))
        let report = try sampleReport(files: [".github/workflows/ci.yml": workflow], commit: "cafe0001", at: "2026-03-01T00:00:00Z")
        let json = Data(JSONReportRenderer.render(report).utf8)
        let imported = try ReportImport.snapshot(from: json, name: "r.json")
        #expect(imported == RunSnapshot(report))

        guard case let .imported(id) = try store.importRun(imported) else { Issue.record("first import skipped"); return }
        #expect(try store.importRun(imported) == .alreadyPresent(runID: id))
        // The same commit judged by another catalog is another point of the trend.
        var other = imported
        other.catalogVersion = "different"
        #expect(try store.importRun(other) != .alreadyPresent(runID: id))
        // Without a commit, time + catalog identify the report.
        var noCommit = imported
        noCommit.commit = nil
        let once = try store.importRun(noCommit)
        #expect(try store.importRun(noCommit) == .alreadyPresent(runID: { if case let .imported(i) = once { return i }; return -1 }()))
        #expect(try store.runs().count == 3)
    }

    @Test func importRejectsWhatIsNotAReport() {
        for (text, fragment) in [("{}", "is not an opsaudit JSON report: missing `"), ("not json", "not valid JSON"),
                                 (#"{"schema_version":"1.0","tool":{"version":"1"}}"#, "catalog_version")] {
            let error = #expect(throws: HistoryError.self) { try ReportImport.snapshot(from: Data(text.utf8), name: "x.json") }
            #expect(error?.description.contains(fragment) == true, "\(error?.description ?? "")")
        }
    }

    @Test func corruptAndForeignFilesGiveClearErrors() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = (dir as NSString).appendingPathComponent("notes.sqlite")
        try "hello, I am a text file that is long enough".write(toFile: text, atomically: true, encoding: .utf8)
        let textError = #expect(throws: HistoryError.self) { try HistoryStore(path: text) }
        #expect(textError?.description.contains("not an opsaudit history database") == true)

        // A real history whose pages were overwritten past the header.
        let damaged = (dir as NSString).appendingPathComponent("damaged.sqlite")
        do {
            let store = try HistoryStore(path: damaged)
            try store.record(RunSnapshot(try sampleReport(files: ["a.md": "x"], commit: "c1", at: "2026-01-01T00:00:00Z")), origin: .scan)
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: damaged + suffix) }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: damaged)))
        for index in 100..<bytes.count { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: damaged))
        let damagedError = #expect(throws: HistoryError.self) {
            let store = try HistoryStore(path: damaged)
            _ = try store.runs()
        }
        #expect(damagedError?.description.contains("damaged.sqlite") == true)

        let foreign = (dir as NSString).appendingPathComponent("foreign.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table notes(x)'); c.commit()", foreign]
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus == 0 {
            let foreignError = #expect(throws: HistoryError.self) { try HistoryStore(path: foreign) }
            #expect(foreignError?.description.contains("another application") == true)
        }
    }

    @Test func storeMigratedByANewerVersionIsRefused() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("h.sqlite")
        _ = try HistoryStore(path: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"insert into grdb_migrations values ('v99-future')\"); c.commit()", path]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return }
        let error = #expect(throws: HistoryError.self) { try HistoryStore(path: path) }
        #expect(error?.description.contains("newer opsaudit") == true)
    }

    @Test func concurrentWritersDoNotCorruptTheStore() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("h.sqlite")
        let snapshot = RunSnapshot(try sampleReport(files: [".github/workflows/ci.yml": workflow], commit: "c", at: "2026-01-01T00:00:00Z"))
        _ = try HistoryStore(path: path)
        let failures = Counter()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do {
                // Separate connections, as two processes would have.
                let store = try HistoryStore(path: path)
                for _ in 0..<10 { try store.record(snapshot, origin: .scan) }
            } catch {
                failures.add()
            }
        }
        #expect(failures.value == 0)
        #expect(try HistoryStore(path: path).runs().count == 40)
    }
}

/// A thread-safe count for concurrent tests.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
