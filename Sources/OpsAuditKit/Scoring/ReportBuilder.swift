import Foundation
import OpsAuditArtifacts
import OpsAuditModel

/// Assembles the `Report` from evaluated rules: scores, level, roadmap and inventory.
struct ReportBuilder {
    let catalog: Catalog
    let options: ScanOptions

    func build(evaluations: [Scanner.Evaluation], model: RepoModel, inventory: Inventory, listing: SourceListing,
               targetName: String, policyDiagnostics: [Diagnostic] = [], baseline: BaselineSummary? = nil) -> Report {
        let verdicts = evaluations.map(verdict)
        var categories: [CategoryResult] = []
        var scores: [Category: Double] = [:]
        let grouped = Dictionary(grouping: evaluations, by: \.metadata.category)
        for category in Category.allCases {
            let group = grouped[category] ?? []
            let (score, capped) = Scoring.categoryScore(group.map(verdict))
            if let score { scores[category] = score }
            let rounded = score.map(Scoring.rounded)
            categories.append(CategoryResult(
                id: category, title: category.title, score: rounded, status: CategoryResult.status(for: rounded),
                capped: capped, weight: options.categoryWeights[category] ?? 1,
                passed: group.count { $0.outcome.status == .passed },
                failed: group.count { $0.outcome.status == .failed },
                notApplicable: group.count { $0.outcome.status == .notApplicable }))
        }
        let overall = Scoring.overall(scores, weights: options.categoryWeights)
        let level = Scoring.level(verdicts)

        var bySeverity = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, 0) })
        var suppressed = 0
        for evaluation in evaluations {
            for finding in evaluation.findings {
                if finding.suppression != nil { suppressed += 1 } else { bySeverity[finding.severity.rawValue, default: 0] += 1 }
            }
        }
        let summary = Summary(
            overallScore: overall.map(Scoring.rounded),
            readinessPercent: overall.map { Int(($0 * 10).rounded()) },
            level: level,
            levelTitle: MaturityLevel(rawValue: level)?.title ?? "",
            nextLevel: nextLevel(after: level, evaluations: evaluations),
            rulesPassed: evaluations.count { $0.outcome.status == .passed },
            rulesFailed: evaluations.count { $0.outcome.status == .failed },
            rulesNotApplicable: evaluations.count { $0.outcome.status == .notApplicable },
            findingsBySeverity: bySeverity,
            suppressedFindings: suppressed)
        var summaryWithBaseline = summary
        summaryWithBaseline.baseline = baseline

        let rules = evaluations.map { evaluation in
            RuleResult(
                id: evaluation.metadata.id, name: evaluation.metadata.name, title: evaluation.metadata.title,
                category: evaluation.metadata.category, severity: evaluation.severity, level: evaluation.metadata.level,
                effort: evaluation.metadata.effort, effortMinutes: evaluation.metadata.effortMinutes ?? 0,
                status: evaluation.outcome.status, credit: Scoring.rounded(evaluation.outcome.credit * 10) / 10,
                reason: evaluation.outcome.reason, rationale: evaluation.metadata.rationale,
                remediation: evaluation.metadata.remediation, references: evaluation.metadata.references,
                findings: evaluation.findings,
                evidence: Self.reported(evaluation.outcome.evidence))
        }
        return Report(
            tool: ToolInfo(version: options.toolVersion, catalogVersion: Catalog.embeddedVersion),
            target: TargetInfo(name: targetName, path: options.targetPath, commit: listing.commit, branch: listing.branch,
                               title: options.reportTitle, client: options.reportClient),
            generatedAt: options.timestamp ?? Self.now(),
            summary: summaryWithBaseline, categories: categories, rules: rules,
            roadmap: roadmap(evaluations: evaluations, verdicts: verdicts, overall: overall),
            inventory: inventory, diagnostics: (model.diagnostics + policyDiagnostics).sorted())
    }

    /// Evidence items shown per rule; the rest are counted. A rule passing on 190,000 reads of
    /// `LOG_LEVEL` makes its point with the first few, and the report stays readable and small.
    static let evidenceLimit = 25

    /// The evidence as reported: redacted, the first `evidenceLimit` items and a count of the rest.
    static func reported(_ evidence: [Evidence]) -> [Evidence] {
        var shown = evidence.prefix(evidenceLimit).map { Evidence(SecretRedactor.redact($0.message), at: $0.location) }
        if evidence.count > evidenceLimit {
            let more = evidence.count - evidenceLimit
            shown.append(Evidence("… and \(more) more like \(more == 1 ? "this" : "these")", at: nil))
        }
        return shown
    }

    private func verdict(_ e: Scanner.Evaluation) -> Scoring.Verdict {
        Scoring.Verdict(rule: e.metadata.id, category: e.metadata.category, severity: e.severity,
                        level: e.metadata.level, status: e.outcome.status, credit: e.outcome.credit)
    }

    private func failing(_ evaluations: [Scanner.Evaluation]) -> [Scanner.Evaluation] {
        evaluations.filter { $0.outcome.status == .failed && $0.severity != .info }
    }

    private func nextLevel(after level: Int, evaluations: [Scanner.Evaluation]) -> NextLevel? {
        guard level < 4 else { return nil }
        let target = level + 1
        let blocking = failing(evaluations).filter { $0.metadata.level <= target }
        // Already at the floor without meeting level 1 (nothing blocks level 2 but level-1 rules):
        // the next step is still the next number.
        let minutes = blocking.reduce(0) { $0 + ($1.metadata.effortMinutes ?? 0) }
        return NextLevel(level: target, title: MaturityLevel(rawValue: target)?.title ?? "",
                         blockingRules: blocking.map(\.metadata.id), effortMinutes: minutes,
                         effort: Effort.format(minutes: minutes))
    }

    /// Failing rules by level, then severity, then effort; critical ones first as "safeguards".
    private func roadmap(evaluations: [Scanner.Evaluation], verdicts: [Scoring.Verdict], overall: Double?) -> [RoadmapPhase] {
        let items = failing(evaluations).sorted { a, b in
            if a.metadata.level != b.metadata.level { return a.metadata.level < b.metadata.level }
            if a.severity != b.severity { return a.severity > b.severity }
            let (ea, eb) = (a.metadata.effortMinutes ?? 0, b.metadata.effortMinutes ?? 0)
            return ea != eb ? ea < eb : a.metadata.id < b.metadata.id
        }.map { evaluation -> (Scanner.Evaluation, RoadmapItem) in
            let fixed = verdicts.map { v in
                v.rule == evaluation.metadata.id ? Scoring.Verdict(rule: v.rule, category: v.category, severity: v.severity,
                                                                   level: v.level, status: .passed, credit: 1) : v
            }
            let gain = (Scoring.overall(fixed, weights: options.categoryWeights) ?? 0) - (overall ?? 0)
            return (evaluation, RoadmapItem(
                ruleID: evaluation.metadata.id, title: evaluation.metadata.title, category: evaluation.metadata.category,
                severity: evaluation.severity, level: evaluation.metadata.level, effort: evaluation.metadata.effort,
                effortMinutes: evaluation.metadata.effortMinutes ?? 0, scoreGain: Scoring.rounded(max(0, gain))))
        }
        var groups: [(String, [RoadmapItem])] = []
        let critical = items.filter { $0.0.severity == .critical }.map(\.1)
        if !critical.isEmpty { groups.append(("Critical safeguards", critical)) }
        for level in 1...4 {
            let rest = items.filter { $0.0.severity != .critical && $0.0.metadata.level == level }.map(\.1)
            guard !rest.isEmpty else { continue }
            let title = MaturityLevel(rawValue: level)?.title ?? ""
            groups.append(("Level \(level) — \(title)", rest))
        }
        return groups.enumerated().map { index, group in
            let minutes = group.1.reduce(0) { $0 + $1.effortMinutes }
            return RoadmapPhase(phase: index + 1, title: group.0, items: group.1, effortMinutes: minutes,
                                effort: Effort.format(minutes: minutes))
        }
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
