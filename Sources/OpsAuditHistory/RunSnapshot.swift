import OpsAuditModel

/// The part of a report that history keeps and compares: when, which commit, the scores and the
/// findings by fingerprint. Built from a `Report`, an imported JSON report or a stored run.
public struct RunSnapshot: Sendable, Equatable, Codable {
    /// The stored run's id; nil until recorded (or for a report read from a file).
    public var runID: Int64?
    /// ISO 8601 UTC: the report's time, or the commit's time for a replayed commit.
    public var timestamp: String
    public var commit: String?
    public var branch: String?
    public var target: String
    public var toolVersion: String
    public var catalogVersion: String
    public var overallScore: Double?
    public var level: Int
    /// One entry per category of the taxonomy, in its order; nil score when not applicable.
    public var categories: [CategoryScore]
    /// Every finding of the run, suppressed ones included, sorted by fingerprint.
    public var findings: [RecordedFinding]

    public init(runID: Int64? = nil, timestamp: String, commit: String?, branch: String?, target: String,
                toolVersion: String, catalogVersion: String, overallScore: Double?, level: Int,
                categories: [CategoryScore], findings: [RecordedFinding]) {
        self.runID = runID
        self.timestamp = timestamp
        self.commit = commit
        self.branch = branch
        self.target = target
        self.toolVersion = toolVersion
        self.catalogVersion = catalogVersion
        self.overallScore = overallScore
        self.level = level
        self.categories = Category.allCases.map { category in
            categories.first { $0.category == category } ?? CategoryScore(category: category, score: nil)
        }
        self.findings = findings.sorted { $0.fingerprint < $1.fingerprint }
    }

    /// The snapshot of a report produced by this process.
    public init(_ report: Report) {
        self.init(
            timestamp: report.generatedAt, commit: report.target.commit, branch: report.target.branch,
            target: report.target.name, toolVersion: report.tool.version, catalogVersion: report.tool.catalogVersion,
            overallScore: report.summary.overallScore, level: report.summary.level,
            categories: report.categories.map { CategoryScore(category: $0.id, score: $0.score) },
            findings: report.findings.map { finding in
                RecordedFinding(fingerprint: finding.fingerprint, ruleID: finding.ruleID, severity: finding.severity,
                                path: finding.location?.path, line: finding.location?.line, message: finding.message,
                                suppressed: finding.suppression != nil, baselined: false)
            })
    }

    /// The score of one category; nil when it did not apply.
    public func score(_ category: Category) -> Double? {
        categories.first { $0.category == category }?.score
    }

    /// The first 10 characters of the commit, or `-`.
    public var shortCommit: String { commit.map { String($0.prefix(10)) } ?? "-" }
}

/// One category's score in a run.
public struct CategoryScore: Sendable, Equatable, Codable {
    public var category: Category
    public var score: Double?

    public init(category: Category, score: Double?) {
        self.category = category
        self.score = score
    }
}

/// A finding as history keeps it: enough to tell new from fixed and to show where.
public struct RecordedFinding: Sendable, Equatable, Codable {
    public var fingerprint: String
    public var ruleID: RuleID
    public var severity: Severity
    public var path: String?
    public var line: Int?
    public var message: String
    public var suppressed: Bool
    /// Accepted by a baseline file (set by importers that know baselines; false otherwise).
    public var baselined: Bool

    public init(fingerprint: String, ruleID: RuleID, severity: Severity, path: String?, line: Int?, message: String,
                suppressed: Bool, baselined: Bool) {
        self.fingerprint = fingerprint
        self.ruleID = ruleID
        self.severity = severity
        self.path = path
        self.line = line
        self.message = message
        self.suppressed = suppressed
        self.baselined = baselined
    }

    /// Counts against the repository: neither suppressed nor baselined.
    public var isActive: Bool { !suppressed && !baselined }

    /// `path:line`, `path`, or `repository` for findings about the repository as a whole.
    public var place: String {
        guard let path else { return "repository" }
        return line.map { "\(path):\($0)" } ?? path
    }
}
