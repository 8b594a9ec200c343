import OpsAuditModel

/// Everything a Markdown report template can show, built once from a `Report`: every string is
/// already escaped for the place the default template puts it and every number formatted.
/// `docs/templates.md` lists each variable. Optional values have names unique across nesting
/// levels, because Mustache looks a missing name up in the enclosing sections.
public struct MarkdownTemplateData: Sendable {
    /// The report title: `report.title` of the configuration, else `Production readiness audit: <target>`.
    public var title: String
    public var target: Target
    public var tool: Tool
    /// `2026-11-30` and the full ISO 8601 timestamp.
    public var date: String
    public var generatedAt: String
    public var summary: SummaryData
    /// Passed rules with their evidence, most severe first.
    public var strengths: [RuleEvidence]
    public var hasStrengths: Bool
    /// Failed critical and high rules with their first unsuppressed finding.
    public var criticalGaps: [Gap]
    public var hasCriticalGaps: Bool
    public var categoryRows: [CategoryRow]
    public var categories: [CategorySection]
    public var roadmap: [Phase]
    public var hasRoadmap: Bool
    public var appendix: Appendix
    public var gate: Gate?

    /// Where the scan ran, escaped for a table cell. `path`, `commit` and `branch` are inline code;
    /// `commit` and `branch` are nil when unknown.
    public struct Target: Sendable {
        public var name: String
        public var path: String
        public var commit: String?
        public var branch: String?
        /// The client named in the configuration's report options (consultants).
        public var client: String?
    }

    /// The producing tool, escaped for a table cell (inline code for the versions).
    public struct Tool: Sendable {
        public var name: String
        public var version: String
        public var catalogVersion: String
    }

    /// The headline numbers, formatted.
    public struct SummaryData: Sendable {
        /// `6.5/10` or `n/a`.
        public var overallScore: String
        /// `65%` or `n/a`.
        public var readiness: String
        public var level: Int
        public var levelTitle: String
        public var nextLevel: NextLevelData?
        public var isTopLevel: Bool
        public var rulesPassed: Int
        public var rulesFailed: Int
        public var rulesNotApplicable: Int
        public var suppressedFindings: Int
        /// Unsuppressed findings per severity, critical first.
        public var findingsBySeverity: [SeverityCount]
    }

    /// What the next maturity level requires.
    public struct NextLevelData: Sendable {
        public var nextLevelNumber: Int
        public var nextLevelTitle: String
        public var blockingRules: [RuleRef]
        public var blockingCount: Int
        public var nextLevelEffort: String
    }

    /// A rule named by ID and title.
    public struct RuleRef: Sendable {
        public var ruleID: String
        public var ruleTitle: String
    }

    /// Findings of one severity.
    public struct SeverityCount: Sendable {
        public var severity: String
        public var count: Int
    }

    /// A rule with the evidence it passed on.
    public struct RuleEvidence: Sendable {
        public var ruleID: String
        public var ruleTitle: String
        public var severity: String
        public var evidence: [EvidenceItem]
    }

    /// One piece of evidence; `evidencePlace` is `path:line` as inline code, nil when repository-wide.
    public struct EvidenceItem: Sendable {
        public var evidenceMessage: String
        public var evidencePlace: String?
    }

    /// A failed critical or high rule with the finding that shows it.
    public struct Gap: Sendable {
        public var ruleID: String
        public var ruleTitle: String
        public var severity: String
        public var category: String
        public var gapFinding: FindingItem?
    }

    /// A row of the category table (cell-escaped).
    public struct CategoryRow: Sendable {
        public var categoryTitle: String
        /// `6.5/10`, `4.0/10 (capped)` or `n/a`.
        public var score: String
        public var status: String
        public var passed: Int
        public var failed: Int
        public var notApplicable: Int
    }

    /// One category's chapter.
    public struct CategorySection: Sendable {
        public var categoryID: String
        public var categoryTitle: String
        /// `6.5/10` or `n/a` (without the capped note: see `capped`).
        public var score: String
        public var status: String
        public var capped: Bool
        /// False for an n/a category: it has only not-applicable rules.
        public var isApplicable: Bool
        public var currentState: [RuleEvidence]
        public var hasCurrentState: Bool
        public var issues: [Issue]
        public var hasIssues: Bool
        public var notApplicableRules: [NotApplicableRule]
        public var hasNotApplicableRules: Bool
    }

    /// A failed rule with its findings, remediation and effort.
    public struct Issue: Sendable {
        public var ruleID: String
        public var ruleTitle: String
        public var severity: String
        public var effort: String
        public var remediation: String
        /// `0.6` for partial credit, nil when none was earned.
        public var partialCredit: String?
        public var findings: [FindingItem]
        public var suppressedFindings: [FindingItem]
        public var hasSuppressedFindings: Bool
        public var references: [String]
    }

    /// One finding. `snippetBlock` is a complete fenced code block indented by two spaces (it nests
    /// under a list item and renders the same at top level), without a trailing newline.
    public struct FindingItem: Sendable {
        public var findingSeverity: String
        public var findingMessage: String
        public var findingPlace: String?
        public var snippetBlock: String?
        public var related: [RelatedItem]
        /// `medium` or `low`; nil for high confidence.
        public var lowConfidence: String?
        public var suppressionReason: String?
        /// How and where the suppression was declared: "inline at `path:line`", "config at …", "baseline at …".
        public var suppressionSource: String?
    }

    /// A related place of a finding.
    public struct RelatedItem: Sendable {
        public var label: String
        public var relatedPlace: String
    }

    /// A rule that does not apply, with why.
    public struct NotApplicableRule: Sendable {
        public var ruleID: String
        public var ruleTitle: String
        public var reason: String
    }

    /// A roadmap phase with its summed effort.
    public struct Phase: Sendable {
        public var phase: Int
        public var phaseTitle: String
        public var phaseEffort: String
        public var items: [PhaseItem]
    }

    /// One roadmap item: rule, effort and what fixing it is worth (`+0.4`).
    public struct PhaseItem: Sendable {
        public var ruleID: String
        public var ruleTitle: String
        public var category: String
        public var severity: String
        public var effort: String
        public var scoreGain: String
    }

    /// What was analysed, skipped and diagnosed, and how scores are computed.
    public struct Appendix: Sendable {
        public var filesSeen: Int
        public var filesRead: Int
        public var filesSkipped: Int
        public var sourceFiles: Int
        public var filesByKind: [KindFiles]
        public var hasFilesByKind: Bool
        public var skippedByReason: [ReasonCount]
        public var hasSkippedFiles: Bool
        public var diagnostics: [DiagnosticItem]
        public var hasDiagnostics: Bool
        public var weights: [SeverityWeight]
        public var criticalCap: String
        public var levels: [LevelDefinition]
    }

    /// Files of one kind (paths as inline code), sorted.
    public struct KindFiles: Sendable {
        public var kind: String
        public var count: Int
        public var files: [String]
    }

    /// Skipped files for one reason.
    public struct ReasonCount: Sendable {
        public var reason: String
        public var count: Int
    }

    /// A tool diagnostic; `diagnosticPlace` is nil when it concerns no file.
    public struct DiagnosticItem: Sendable {
        public var kind: String
        public var diagnosticMessage: String
        public var diagnosticPlace: String?
    }

    /// A severity's scoring weight.
    public struct SeverityWeight: Sendable {
        public var severity: String
        public var weight: String
    }

    /// A maturity level's number and name.
    public struct LevelDefinition: Sendable {
        public var level: Int
        public var levelName: String
    }

    /// The quality gate's verdict and failed conditions.
    public struct Gate: Sendable {
        public var gatePassed: Bool
        public var gateFailures: [String]
    }
}

extension MarkdownTemplateData {
    /// Builds the template data; the only place that escapes and formats.
    public init(_ report: Report) {
        typealias E = MarkdownEscaping
        let rulesByID = Dictionary(report.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        title = report.target.title.map(E.text) ?? "Production readiness audit: \(E.text(report.target.name))"
        target = Target(
            name: E.cell(report.target.name),
            path: E.code(report.target.path, inTable: true),
            commit: report.target.commit.map { E.code($0, inTable: true) },
            branch: report.target.branch.map { E.code($0, inTable: true) },
            client: report.target.client.map { E.cell($0) }
        )
        tool = Tool(name: E.cell(report.tool.name), version: E.code(report.tool.version, inTable: true),
                    catalogVersion: E.code(report.tool.catalogVersion, inTable: true))
        date = E.text(String(report.generatedAt.prefix(10)))
        generatedAt = E.text(report.generatedAt)

        let s = report.summary
        summary = SummaryData(
            overallScore: ReportFormat.score(s.overallScore),
            readiness: s.readinessPercent.map { "\($0)%" } ?? "n/a",
            level: s.level,
            levelTitle: E.text(s.levelTitle),
            nextLevel: s.nextLevel.map { next in
                NextLevelData(
                    nextLevelNumber: next.level,
                    nextLevelTitle: E.text(next.title),
                    blockingRules: next.blockingRules.sorted().map { id in
                        RuleRef(ruleID: E.text(id.rawValue), ruleTitle: E.prose(rulesByID[id]?.title ?? ""))
                    },
                    blockingCount: next.blockingRules.count,
                    nextLevelEffort: E.text(next.effort)
                )
            },
            isTopLevel: s.nextLevel == nil,
            rulesPassed: s.rulesPassed,
            rulesFailed: s.rulesFailed,
            rulesNotApplicable: s.rulesNotApplicable,
            suppressedFindings: s.suppressedFindings,
            findingsBySeverity: Severity.allCases.map {
                SeverityCount(severity: $0.rawValue, count: s.findingsBySeverity[$0.rawValue] ?? 0)
            }
        )

        let ordered = report.rules.sorted { ($0.severity, $1.id) > ($1.severity, $0.id) }
        strengths = ordered.filter { $0.status == .passed && !$0.evidence.isEmpty }.map(Self.ruleEvidence)
        hasStrengths = !strengths.isEmpty
        criticalGaps = ordered.filter { $0.status == .failed && $0.severity >= .high }.map { rule in
            Gap(ruleID: E.text(rule.id.rawValue), ruleTitle: E.prose(rule.title), severity: rule.severity.rawValue,
                category: E.text(rule.category.title),
                gapFinding: rule.findings.first { $0.suppression == nil }.map(Self.findingItem))
        }
        hasCriticalGaps = !criticalGaps.isEmpty

        categoryRows = report.categories.map { category in
            CategoryRow(categoryTitle: E.cell(category.title), score: Self.categoryScore(category),
                        status: E.cell(category.status), passed: category.passed, failed: category.failed,
                        notApplicable: category.notApplicable)
        }
        categories = report.categories.map { category in
            let rules = ordered.filter { $0.category == category.id }
            let current = rules.filter { $0.status == .passed }.map(Self.ruleEvidence)
            let issues = rules.filter { $0.status == .failed }.map(Self.issue)
            let notApplicable = rules.filter { $0.status == .notApplicable }.sorted { $0.id < $1.id }.map { rule in
                NotApplicableRule(ruleID: E.text(rule.id.rawValue), ruleTitle: E.prose(rule.title),
                                  reason: E.prose(rule.reason ?? "no reason given"))
            }
            return CategorySection(
                categoryID: E.text(category.id.rawValue), categoryTitle: E.text(category.title),
                score: ReportFormat.score(category.score), status: E.text(category.status), capped: category.capped,
                isApplicable: category.score != nil,
                currentState: current, hasCurrentState: !current.isEmpty,
                issues: issues, hasIssues: !issues.isEmpty,
                notApplicableRules: notApplicable, hasNotApplicableRules: !notApplicable.isEmpty)
        }

        roadmap = report.roadmap.sorted { $0.phase < $1.phase }.map { phase in
            Phase(phase: phase.phase, phaseTitle: E.text(phase.title), phaseEffort: E.text(phase.effort),
                  items: phase.items.map { item in
                      PhaseItem(ruleID: E.cell(item.ruleID.rawValue), ruleTitle: E.prose(item.title, inTable: true),
                                category: E.cell(item.category.title), severity: item.severity.rawValue,
                                effort: E.cell(item.effort), scoreGain: ReportFormat.gain(item.scoreGain))
                  })
        }
        hasRoadmap = !roadmap.isEmpty

        let inventory = report.inventory
        let kinds = inventory.filesByKind.keys.sorted().map { kind in
            let files = (inventory.filesByKind[kind] ?? []).sorted()
            return KindFiles(kind: E.text(kind), count: files.count, files: files.map { E.code($0) })
        }
        let reasons = inventory.skippedByReason.keys.sorted().map {
            ReasonCount(reason: E.text($0), count: inventory.skippedByReason[$0] ?? 0)
        }
        let diagnostics = report.diagnostics.sorted().map { diagnostic in
            DiagnosticItem(kind: diagnostic.kind.rawValue, diagnosticMessage: E.prose(diagnostic.message),
                           diagnosticPlace: ReportFormat.place(diagnostic.location).map { E.code($0) })
        }
        appendix = Appendix(
            filesSeen: inventory.filesSeen, filesRead: inventory.filesRead, filesSkipped: inventory.filesSkipped,
            sourceFiles: inventory.sourceFiles,
            filesByKind: kinds, hasFilesByKind: !kinds.isEmpty,
            skippedByReason: reasons, hasSkippedFiles: !reasons.isEmpty,
            diagnostics: diagnostics, hasDiagnostics: !diagnostics.isEmpty,
            weights: Severity.allCases.map { SeverityWeight(severity: $0.rawValue, weight: "\(Int($0.weight))") },
            criticalCap: "4.0",
            levels: MaturityLevel.allCases.map { LevelDefinition(level: $0.rawValue, levelName: $0.title) }
        )
        gate = report.gate.map { Gate(gatePassed: $0.passed, gateFailures: $0.failures.map { E.prose($0) }) }
    }

    private static func categoryScore(_ category: CategoryResult) -> String {
        let score = ReportFormat.score(category.score)
        return category.capped && category.score != nil ? "\(score) (capped)" : score
    }

    private static func ruleEvidence(_ rule: RuleResult) -> RuleEvidence {
        RuleEvidence(
            ruleID: MarkdownEscaping.text(rule.id.rawValue), ruleTitle: MarkdownEscaping.prose(rule.title),
            severity: rule.severity.rawValue,
            evidence: rule.evidence.map { evidence in
                EvidenceItem(evidenceMessage: MarkdownEscaping.prose(evidence.message),
                             evidencePlace: ReportFormat.place(evidence.location).map { MarkdownEscaping.code($0) })
            })
    }

    private static func issue(_ rule: RuleResult) -> Issue {
        let open = rule.findings.filter { $0.suppression == nil }
        let suppressed = rule.findings.filter { $0.suppression != nil }
        return Issue(
            ruleID: MarkdownEscaping.text(rule.id.rawValue), ruleTitle: MarkdownEscaping.prose(rule.title),
            severity: rule.severity.rawValue, effort: MarkdownEscaping.text(rule.effort),
            remediation: MarkdownEscaping.prose(rule.remediation),
            partialCredit: rule.credit > 0 ? ReportFormat.decimal(rule.credit) : nil,
            findings: open.map(findingItem), suppressedFindings: suppressed.map(findingItem),
            hasSuppressedFindings: !suppressed.isEmpty,
            references: rule.references.map { MarkdownEscaping.code($0) })
    }

    private static func findingItem(_ finding: ReportFinding) -> FindingItem {
        FindingItem(
            findingSeverity: finding.severity.rawValue,
            findingMessage: MarkdownEscaping.prose(finding.message),
            findingPlace: ReportFormat.place(finding.location).map { MarkdownEscaping.code($0) },
            snippetBlock: finding.snippet.flatMap { $0.trimmingWhitespace.isEmpty ? nil : MarkdownEscaping.codeBlock($0, indent: 2) },
            related: finding.related.map {
                RelatedItem(label: MarkdownEscaping.prose($0.label), relatedPlace: MarkdownEscaping.code($0.location.description))
            },
            lowConfidence: finding.confidence == .high ? nil : finding.confidence.rawValue,
            suppressionReason: finding.suppression.map { MarkdownEscaping.prose($0) },
            suppressionSource: finding.suppressedBy.map { source in
                source.kind.rawValue + (source.location.map { " at " + MarkdownEscaping.code($0.description) } ?? "")
            })
    }
}
