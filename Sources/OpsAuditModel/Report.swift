/// The result of one scan as one versioned, Codable value. Every renderer (text, JSON, Markdown,
/// JUnit, SARIF, HTML) is a function of this value alone; its JSON form is the public contract
/// described by `reports/schema/report.schema.json`.
public struct Report: Codable, Sendable, Equatable {
    /// Bumped on any change of the JSON shape (minor: additions; major: removals or renames).
    public static let schemaVersion = "1.1"

    public var schemaVersion: String
    public var tool: ToolInfo
    public var target: TargetInfo
    /// ISO 8601 UTC; fixed by `--timestamp` or `SOURCE_DATE_EPOCH` for reproducible output.
    public var generatedAt: String
    public var summary: Summary
    public var categories: [CategoryResult]
    /// Every rule of the catalog that ran, sorted by ID.
    public var rules: [RuleResult]
    public var roadmap: [RoadmapPhase]
    public var inventory: Inventory
    public var diagnostics: [Diagnostic]
    /// The quality gate, when one was asked for.
    public var gate: GateResult?

    public init(tool: ToolInfo, target: TargetInfo, generatedAt: String, summary: Summary,
                categories: [CategoryResult], rules: [RuleResult], roadmap: [RoadmapPhase],
                inventory: Inventory, diagnostics: [Diagnostic], gate: GateResult? = nil) {
        self.schemaVersion = Report.schemaVersion
        self.tool = tool
        self.target = target
        self.generatedAt = generatedAt
        self.summary = summary
        self.categories = categories
        self.rules = rules
        self.roadmap = roadmap
        self.inventory = inventory
        self.diagnostics = diagnostics
        self.gate = gate
    }

    /// Every finding of every rule, in rule then location order.
    public var findings: [ReportFinding] { rules.flatMap(\.findings) }
}

/// The tool that produced a report.
public struct ToolInfo: Codable, Sendable, Equatable {
    public var name: String
    public var version: String
    /// Content hash of the embedded rule catalog: two reports with the same value used the same rules.
    public var catalogVersion: String

    public init(name: String = "opsaudit", version: String, catalogVersion: String) {
        self.name = name
        self.version = version
        self.catalogVersion = catalogVersion
    }
}

/// What was scanned.
public struct TargetInfo: Codable, Sendable, Equatable {
    public var name: String
    /// The path as given on the command line (never made absolute, so reports stay portable).
    public var path: String
    public var commit: String?
    public var branch: String?
    /// Report title from the configuration's report options.
    public var title: String?
    /// Client name from the configuration's report options (consultants hand reports over).
    public var client: String?

    public init(name: String, path: String, commit: String? = nil, branch: String? = nil, title: String? = nil, client: String? = nil) {
        self.title = title
        self.client = client
        self.name = name
        self.path = path
        self.commit = commit
        self.branch = branch
    }
}

/// The headline numbers.
public struct Summary: Codable, Sendable, Equatable {
    /// Mean of applicable category scores, 0–10 with one decimal; nil when nothing applied.
    public var overallScore: Double?
    /// Overall score as a percentage of 10.
    public var readinessPercent: Int?
    public var level: Int
    public var levelTitle: String
    /// What reaching the next level takes, in words; nil at level 4.
    public var nextLevel: NextLevel?
    public var rulesPassed: Int
    public var rulesFailed: Int
    public var rulesNotApplicable: Int
    /// Unsuppressed findings per severity, keyed by severity name (all severities present).
    public var findingsBySeverity: [String: Int]
    public var suppressedFindings: Int
    /// New, known and fixed findings, when the scan compared against a baseline.
    public var baseline: BaselineSummary?

    public init(overallScore: Double?, readinessPercent: Int?, level: Int, levelTitle: String, nextLevel: NextLevel?,
                rulesPassed: Int, rulesFailed: Int, rulesNotApplicable: Int,
                findingsBySeverity: [String: Int], suppressedFindings: Int) {
        self.overallScore = overallScore
        self.readinessPercent = readinessPercent
        self.level = level
        self.levelTitle = levelTitle
        self.nextLevel = nextLevel
        self.rulesPassed = rulesPassed
        self.rulesFailed = rulesFailed
        self.rulesNotApplicable = rulesNotApplicable
        self.findingsBySeverity = findingsBySeverity
        self.suppressedFindings = suppressedFindings
    }
}

/// The level above the current one and the failing rules that stand in the way.
public struct NextLevel: Codable, Sendable, Equatable {
    public var level: Int
    public var title: String
    public var blockingRules: [RuleID]
    public var effortMinutes: Int
    public var effort: String

    public init(level: Int, title: String, blockingRules: [RuleID], effortMinutes: Int, effort: String) {
        self.level = level
        self.title = title
        self.blockingRules = blockingRules
        self.effortMinutes = effortMinutes
        self.effort = effort
    }
}

/// One category's score and counts.
public struct CategoryResult: Codable, Sendable, Equatable {
    public var id: Category
    public var title: String
    /// 0–10, one decimal; nil when no rule of the category applies.
    public var score: Double?
    /// `Good`, `Needs improvement`, `Critical gap` or `n/a`.
    public var status: String
    /// True when a failing critical rule capped the score.
    public var capped: Bool
    public var weight: Double
    public var passed: Int
    public var failed: Int
    public var notApplicable: Int

    public init(id: Category, title: String, score: Double?, status: String, capped: Bool, weight: Double,
                passed: Int, failed: Int, notApplicable: Int) {
        self.id = id
        self.title = title
        self.score = score
        self.status = status
        self.capped = capped
        self.weight = weight
        self.passed = passed
        self.failed = failed
        self.notApplicable = notApplicable
    }

    /// The status word for a score (docs/scoring.md).
    public static func status(for score: Double?) -> String {
        guard let score else { return "n/a" }
        if score >= 8 { return "Good" }
        if score >= 5 { return "Needs improvement" }
        return "Critical gap"
    }
}

/// One rule's verdict with the catalog text a reader needs beside it.
public struct RuleResult: Codable, Sendable, Equatable {
    public var id: RuleID
    public var name: String
    public var title: String
    public var category: Category
    /// Effective severity (catalog, possibly overridden by configuration).
    public var severity: Severity
    public var level: Int
    public var effort: String
    public var effortMinutes: Int
    public var status: Outcome.Status
    public var credit: Double
    public var reason: String?
    public var rationale: String
    public var remediation: String
    public var references: [String]
    public var findings: [ReportFinding]
    public var evidence: [Evidence]

    public init(id: RuleID, name: String, title: String, category: Category, severity: Severity, level: Int,
                effort: String, effortMinutes: Int, status: Outcome.Status, credit: Double, reason: String?,
                rationale: String, remediation: String, references: [String], findings: [ReportFinding],
                evidence: [Evidence]) {
        self.id = id
        self.name = name
        self.title = title
        self.category = category
        self.severity = severity
        self.level = level
        self.effort = effort
        self.effortMinutes = effortMinutes
        self.status = status
        self.credit = credit
        self.reason = reason
        self.rationale = rationale
        self.remediation = remediation
        self.references = references
        self.findings = findings
        self.evidence = evidence
    }
}

/// A finding as reported: the rule's finding stamped by the engine with rule, severity,
/// redacted snippet, fingerprint and suppression state.
public struct ReportFinding: Codable, Sendable, Equatable {
    public var ruleID: RuleID
    public var severity: Severity
    public var message: String
    public var location: Location?
    public var related: [RelatedLocation]
    public var confidence: Confidence
    /// Source text at the location, secrets redacted; nil when there is no line to quote.
    public var snippet: String?
    /// Stable across line moves: rule ID + path + normalized content, hashed.
    public var fingerprint: String
    /// Why it is suppressed (inline comment, configuration or baseline), when it is.
    public var suppression: String?
    /// How and where the suppression was declared, when the finding is suppressed.
    public var suppressedBy: SuppressionSource?
    /// Whether the finding was already in the baseline, when the scan compared against one.
    public var baseline: BaselineState?

    public init(ruleID: RuleID, severity: Severity, message: String, location: Location?, related: [RelatedLocation],
                confidence: Confidence, snippet: String?, fingerprint: String, suppression: String? = nil,
                suppressedBy: SuppressionSource? = nil, baseline: BaselineState? = nil) {
        self.suppressedBy = suppressedBy
        self.baseline = baseline
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.location = location
        self.related = related
        self.confidence = confidence
        self.snippet = snippet
        self.fingerprint = fingerprint
        self.suppression = suppression
    }
}

/// Where a suppression was declared and by which mechanism.
public struct SuppressionSource: Codable, Sendable, Equatable {
    /// The mechanism that accepted the finding.
    public enum Kind: String, Codable, Sendable {
        /// An `opsaudit:ignore` comment in the audited file.
        case inline
        /// A `rules: {ID: {ignore: [glob]}}` entry of `.opsaudit.yml`.
        case config
        /// The baseline file, with `--new-only`.
        case baseline
    }

    public var kind: Kind
    /// The comment, configuration entry or baseline file that declared it.
    public var location: Location?

    public init(kind: Kind, location: Location?) {
        self.kind = kind
        self.location = location
    }
}

/// A finding's state against a baseline file.
public enum BaselineState: String, Codable, Sendable {
    /// Not in the baseline: introduced since it was written.
    case new
    /// Already recorded in the baseline.
    case known
}

/// Findings compared with a baseline file.
public struct BaselineSummary: Codable, Sendable, Equatable {
    /// The baseline file as named on the command line or in the configuration.
    public var path: String
    public var newFindings: Int
    public var knownFindings: Int
    /// Baseline entries no finding matches any more.
    public var fixedFindings: Int
    /// The fixed entries, sorted by fingerprint (rule and where it was).
    public var fixed: [BaselineEntry]

    public init(path: String, newFindings: Int, knownFindings: Int, fixedFindings: Int, fixed: [BaselineEntry]) {
        self.path = path
        self.newFindings = newFindings
        self.knownFindings = knownFindings
        self.fixedFindings = fixedFindings
        self.fixed = fixed
    }
}

/// One finding as recorded in a baseline file: its fingerprint plus enough to recognise it.
public struct BaselineEntry: Codable, Sendable, Equatable, Comparable {
    public var fingerprint: String
    public var ruleID: RuleID
    public var path: String?
    public var message: String

    enum CodingKeys: String, CodingKey {
        case fingerprint, path, message
        case ruleID = "rule_id"
    }

    public init(fingerprint: String, ruleID: RuleID, path: String?, message: String) {
        self.fingerprint = fingerprint
        self.ruleID = ruleID
        self.path = path
        self.message = message
    }

    public static func < (a: BaselineEntry, b: BaselineEntry) -> Bool {
        (a.fingerprint, a.ruleID.rawValue) < (b.fingerprint, b.ruleID.rawValue)
    }
}

/// A group of roadmap items worked on together.
public struct RoadmapPhase: Codable, Sendable, Equatable {
    public var phase: Int
    public var title: String
    public var items: [RoadmapItem]
    public var effortMinutes: Int
    public var effort: String

    public init(phase: Int, title: String, items: [RoadmapItem], effortMinutes: Int, effort: String) {
        self.phase = phase
        self.title = title
        self.items = items
        self.effortMinutes = effortMinutes
        self.effort = effort
    }
}

/// One failing rule to fix, with what fixing it is worth.
public struct RoadmapItem: Codable, Sendable, Equatable {
    public var ruleID: RuleID
    public var title: String
    public var category: Category
    public var severity: Severity
    public var level: Int
    public var effort: String
    public var effortMinutes: Int
    /// How much the overall score would rise if this rule passed, all else equal.
    public var scoreGain: Double

    public init(ruleID: RuleID, title: String, category: Category, severity: Severity, level: Int,
                effort: String, effortMinutes: Int, scoreGain: Double) {
        self.ruleID = ruleID
        self.title = title
        self.category = category
        self.severity = severity
        self.level = level
        self.effort = effort
        self.effortMinutes = effortMinutes
        self.scoreGain = scoreGain
    }
}

/// What the scan looked at: counts, skips and the analysed files by kind.
public struct Inventory: Codable, Sendable, Equatable {
    public var filesSeen: Int
    public var filesRead: Int
    public var filesSkipped: Int
    /// Skipped files per reason.
    public var skippedByReason: [String: Int]
    /// Configuration and documentation files recognised, by kind (source files are counted only).
    public var filesByKind: [String: [String]]
    public var sourceFiles: Int

    public init(filesSeen: Int, filesRead: Int, filesSkipped: Int, skippedByReason: [String: Int],
                filesByKind: [String: [String]], sourceFiles: Int) {
        self.filesSeen = filesSeen
        self.filesRead = filesRead
        self.filesSkipped = filesSkipped
        self.skippedByReason = skippedByReason
        self.filesByKind = filesByKind
        self.sourceFiles = sourceFiles
    }
}

/// Whether the quality gate passed, and every condition that failed.
public struct GateResult: Codable, Sendable, Equatable {
    public var passed: Bool
    /// One sentence per failed condition, naming it and the shortfall.
    public var failures: [String]
    /// Every condition checked, passed or not, in a fixed order.
    public var conditions: [GateCondition]

    public init(passed: Bool, failures: [String], conditions: [GateCondition] = []) {
        self.passed = passed
        self.failures = failures
        self.conditions = conditions
    }
}

/// One condition of the quality gate with the numbers it was decided on.
public struct GateCondition: Codable, Sendable, Equatable {
    /// The option that set it, as written on the command line: `--fail-under`, `--fail-on`,
    /// `--min-category security`, `--min-level`.
    public var condition: String
    public var passed: Bool
    /// What the report has: a score, a level or a count of findings.
    public var actual: Double
    /// What the condition asks for (for `--fail-on`, the severity's rank is not a number: 0 findings).
    public var required: Double
    /// How far `actual` is from `required` when the condition failed; 0 when it passed.
    public var shortfall: Double
    /// The condition and its outcome in words.
    public var message: String

    public init(condition: String, passed: Bool, actual: Double, required: Double, shortfall: Double, message: String) {
        self.condition = condition
        self.passed = passed
        self.actual = actual
        self.required = required
        self.shortfall = shortfall
        self.message = message
    }
}
