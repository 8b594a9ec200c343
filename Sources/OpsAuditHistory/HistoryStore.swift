import Foundation
import GRDB
import OpsAuditModel

/// A history problem the user can act on: a missing, foreign, corrupt or newer store, a bad report.
public struct HistoryError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// How a run entered the store.
public enum RunOrigin: String, Sendable, Codable {
    /// `opsaudit scan --record`.
    case scan
    /// `opsaudit history import REPORT.json`.
    case `import`
    /// `opsaudit trend --git --record`: a past commit replayed.
    case git
}

/// Which runs a query returns: a time window (ISO 8601 UTC bounds, `until` exclusive) and at most
/// the last N of it.
public struct RunFilter: Sendable, Equatable {
    public var since: String?
    public var until: String?
    public var last: Int?

    public init(since: String? = nil, until: String? = nil, last: Int? = nil) {
        self.since = since
        self.until = until
        self.last = last
    }
}

/// What importing one report did.
public enum ImportResult: Sendable, Equatable {
    case imported(runID: Int64)
    /// A run of the same commit and catalog version was already there (imports are idempotent).
    case alreadyPresent(runID: Int64)
}

/// The run history of a repository: an SQLite file (`.opsaudit/history.sqlite` by default) written
/// through GRDB. WAL journal and a busy timeout let two CI jobs record at once; the schema is
/// versioned by GRDB's migrator and the file is stamped with our SQLite `application_id`, so a
/// foreign database is refused instead of being written into.
public final class HistoryStore: Sendable {
    public let path: String
    private let pool: DatabasePool

    /// `OPAU` in ASCII: SQLite's header field for "which application owns this file".
    static let applicationID: Int32 = 0x4F50_4155
    static let sqliteMagic = Array("SQLite format 3\0".utf8)

    /// The default location inside a scanned repository.
    public static func defaultPath(target: String) -> String {
        (target as NSString).appendingPathComponent(".opsaudit/history.sqlite")
    }

    /// Opens (and with `create`, creates) the store, migrating it to the current schema.
    /// Throws `HistoryError` for a missing file (without `create`), a file that is not SQLite or is
    /// corrupt, an SQLite database of another application, or one written by a newer opsaudit.
    public init(path: String, create: Bool = true) throws {
        self.path = path
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard !isDirectory.boolValue else { throw HistoryError("`\(path)` is a directory, not a history database") }
            try Self.checkHeader(path)
        } else {
            guard create else {
                throw HistoryError("no history at `\(path)`: record runs with `opsaudit scan --record` or `opsaudit history import`")
            }
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                do { try fm.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                    throw HistoryError("cannot create `\(directory)`: \(error.localizedDescription)")
                }
            }
        }
        var configuration = Configuration()
        // A second writer (another CI job) waits for the first instead of failing with SQLITE_BUSY.
        configuration.busyMode = .timeout(15)
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.checkOwner(pool, path: path)
            let migrator = Self.migrator
            if try pool.read({ db in try migrator.hasBeenSuperseded(db) }) {
                throw HistoryError("`\(path)` was written by a newer opsaudit (unknown schema migrations); upgrade opsaudit to read it")
            }
            try migrator.migrate(pool)
        } catch let error as HistoryError {
            throw error
        } catch let error as DatabaseError {
            throw Self.describe(error, path: path)
        } catch {
            throw HistoryError("cannot open `\(path)`: \(error)")
        }
    }

    /// The schema, one migration per change; never edit a migration that has shipped.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs") { db in
            try db.execute(sql: "PRAGMA application_id = \(HistoryStore.applicationID)")
            try db.execute(sql: """
                CREATE TABLE run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    recorded_at TEXT NOT NULL,
                    commit_id TEXT,
                    branch TEXT,
                    target TEXT NOT NULL,
                    tool_version TEXT NOT NULL,
                    catalog_version TEXT NOT NULL,
                    overall_score REAL,
                    level INTEGER NOT NULL,
                    origin TEXT NOT NULL
                );
                CREATE INDEX run_recorded_at ON run(recorded_at);
                CREATE INDEX run_commit_catalog ON run(commit_id, catalog_version);
                CREATE TABLE category_score (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    category TEXT NOT NULL,
                    score REAL,
                    PRIMARY KEY (run_id, category)
                ) WITHOUT ROWID;
                CREATE TABLE finding (
                    run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                    fingerprint TEXT NOT NULL,
                    rule_id TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    path TEXT,
                    line INTEGER,
                    message TEXT NOT NULL,
                    suppressed BOOLEAN NOT NULL DEFAULT 0,
                    baselined BOOLEAN NOT NULL DEFAULT 0,
                    PRIMARY KEY (run_id, fingerprint)
                ) WITHOUT ROWID;
                CREATE INDEX finding_fingerprint ON finding(fingerprint);
                CREATE INDEX finding_rule ON finding(rule_id, run_id);
                """)
        }
        return migrator
    }

    /// The names of the migrations applied to the file, in order (tests, `history` diagnostics).
    public func appliedMigrations() throws -> [String] {
        try wrap { try pool.read { db in try Self.migrator.appliedMigrations(db) } }
    }

    // MARK: Writing

    /// Appends a run; returns its id.
    @discardableResult
    public func record(_ snapshot: RunSnapshot, origin: RunOrigin) throws -> Int64 {
        let normalized = try Self.normalized(snapshot)
        return try wrap { try pool.write { db in try Self.insert(normalized, origin: origin, db) } }
    }

    /// Appends a run unless one of the same commit and catalog version is stored (without a commit:
    /// the same time and catalog version), so importing the same CI artifacts twice changes nothing.
    public func importRun(_ snapshot: RunSnapshot, origin: RunOrigin = .import) throws -> ImportResult {
        let normalized = try Self.normalized(snapshot)
        return try wrap {
            try pool.write { db in
                let existing: Int64?
                if let commit = normalized.commit {
                    existing = try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE commit_id = ? AND catalog_version = ? ORDER BY id LIMIT 1",
                                                  arguments: [commit, normalized.catalogVersion])
                } else {
                    existing = try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE commit_id IS NULL AND recorded_at = ? AND catalog_version = ? ORDER BY id LIMIT 1",
                                                  arguments: [normalized.timestamp, normalized.catalogVersion])
                }
                if let existing { return .alreadyPresent(runID: existing) }
                return .imported(runID: try Self.insert(normalized, origin: origin, db))
            }
        }
    }

    private static func insert(_ snapshot: RunSnapshot, origin: RunOrigin, _ db: Database) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO run (recorded_at, commit_id, branch, target, tool_version, catalog_version, overall_score, level, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [snapshot.timestamp, snapshot.commit, snapshot.branch, snapshot.target, snapshot.toolVersion,
                             snapshot.catalogVersion, snapshot.overallScore, snapshot.level, origin.rawValue])
        let id = db.lastInsertedRowID
        let scores = try db.cachedStatement(sql: "INSERT INTO category_score (run_id, category, score) VALUES (?, ?, ?)")
        for category in snapshot.categories {
            try scores.execute(arguments: [id, category.category.rawValue, category.score])
        }
        let findings = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO finding (run_id, fingerprint, rule_id, severity, path, line, message, suppressed, baselined)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for finding in snapshot.findings {
            try findings.execute(arguments: [id, finding.fingerprint, finding.ruleID.rawValue, finding.severity.rawValue,
                                             finding.path, finding.line, finding.message, finding.suppressed, finding.baselined])
        }
        return id
    }

    // MARK: Reading

    /// Runs in time order with their category scores (findings left out: see `snapshot(id:)`).
    public func runs(_ filter: RunFilter = RunFilter()) throws -> [RunSnapshot] {
        try wrap {
            try pool.read { db in
                var sql = "SELECT * FROM run WHERE 1"
                var arguments: StatementArguments = []
                if let since = filter.since {
                    sql += " AND recorded_at >= ?"
                    arguments += [since]
                }
                if let until = filter.until {
                    sql += " AND recorded_at < ?"
                    arguments += [until]
                }
                var rows: [Row]
                if let last = filter.last {
                    rows = try Row.fetchAll(db, sql: sql + " ORDER BY recorded_at DESC, id DESC LIMIT ?", arguments: arguments + [last])
                    rows.reverse()
                } else {
                    rows = try Row.fetchAll(db, sql: sql + " ORDER BY recorded_at, id", arguments: arguments)
                }
                return try rows.map { try Self.snapshot(from: $0, db, withFindings: false) }
            }
        }
    }

    /// One stored run with its findings; nil when there is no such id.
    public func snapshot(id: Int64) throws -> RunSnapshot? {
        try wrap {
            try pool.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]) else { return nil }
                return try Self.snapshot(from: row, db, withFindings: true)
            }
        }
    }

    /// The id of the latest run of a commit (full or abbreviated id), if any.
    public func runID(forCommit prefix: String) throws -> Int64? {
        try wrap {
            try pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT id FROM run WHERE commit_id LIKE ? ESCAPE '\\' ORDER BY recorded_at DESC, id DESC LIMIT 1",
                                   arguments: [Self.likeEscaped(prefix) + "%"])
            }
        }
    }

    private static func snapshot(from row: Row, _ db: Database, withFindings: Bool) throws -> RunSnapshot {
        let id: Int64 = row["id"]
        let categories = try Row.fetchAll(db.cachedStatement(sql: "SELECT category, score FROM category_score WHERE run_id = ?"),
                                          arguments: [id]).compactMap { score -> CategoryScore? in
            // A category this version does not know (renamed, future) is left out, not an error.
            guard let category = Category(rawValue: score["category"]) else { return nil }
            return CategoryScore(category: category, score: score["score"])
        }
        var findings: [RecordedFinding] = []
        if withFindings {
            findings = try Row.fetchAll(db, sql: "SELECT * FROM finding WHERE run_id = ? ORDER BY fingerprint", arguments: [id]).map { f in
                RecordedFinding(fingerprint: f["fingerprint"], ruleID: RuleID(f["rule_id"] as String),
                                severity: Severity(rawValue: f["severity"]) ?? .info, path: f["path"], line: f["line"],
                                message: f["message"], suppressed: f["suppressed"], baselined: f["baselined"])
            }
        }
        return RunSnapshot(runID: id, timestamp: row["recorded_at"], commit: row["commit_id"], branch: row["branch"],
                           target: row["target"], toolVersion: row["tool_version"], catalogVersion: row["catalog_version"],
                           overallScore: row["overall_score"], level: row["level"], categories: categories, findings: findings)
    }

    // MARK: Checks and errors

    /// A non-empty file must start with SQLite's magic string: anything else is refused before
    /// SQLite is pointed at it.
    private static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw HistoryError("cannot read `\(path)`") }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 16)) ?? Data())
        guard head.isEmpty || head == sqliteMagic else {
            throw HistoryError("`\(path)` is not an opsaudit history database (not an SQLite file); move it away or pass another --history PATH")
        }
    }

    /// An SQLite file of another application (its own `application_id`, or tables but no stamp).
    private static func checkOwner(_ pool: DatabasePool, path: String) throws {
        let (applicationID, tables) = try pool.read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        }
        if applicationID == HistoryStore.applicationID { return }
        if applicationID != 0 || !tables.isEmpty {
            throw HistoryError("`\(path)` is an SQLite database of another application (tables: \(tables.prefix(5).joined(separator: ", "))); opsaudit will not write into it")
        }
    }

    private static func describe(_ error: DatabaseError, path: String) -> HistoryError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return HistoryError("`\(path)` is corrupt or not an SQLite database (\(error.message ?? "\(error.resultCode)")); move it away to start a new history")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return HistoryError("`\(path)` stayed locked by another writer for 15 seconds; try again")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
            return HistoryError("cannot write `\(path)`: \(error.message ?? "\(error.resultCode)")")
        default:
            return HistoryError("history database `\(path)`: \(error.message ?? "\(error)")")
        }
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as DatabaseError {
            throw Self.describe(error, path: path)
        }
    }

    private static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    /// The snapshot with its timestamp in the one form the store compares: `yyyy-MM-ddTHH:mm:ssZ`.
    static func normalized(_ snapshot: RunSnapshot) throws -> RunSnapshot {
        guard let date = Timestamps.parse(snapshot.timestamp) else {
            throw HistoryError("the run's time `\(snapshot.timestamp)` is not ISO 8601")
        }
        var copy = snapshot
        copy.timestamp = Timestamps.format(date)
        return copy
    }
}

/// ISO 8601 reading and writing as history uses it: UTC, whole seconds.
public enum Timestamps {
    /// Accepts `2026-01-31T12:00:00Z`, with fractional seconds or an offset, and a bare `2026-01-31`.
    public static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }

    public static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
