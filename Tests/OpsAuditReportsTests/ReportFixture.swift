import OpsAuditModel

/// A hand-made report with every shape a renderer must handle: a capped category, an n/a one,
/// passed rules with evidence, failed rules with several findings (one without location, one
/// suppressed, one partial credit), roadmap, diagnostics, skipped files, a failed gate, and
/// hostile strings in paths, messages and snippets.
enum ReportFixture {
    static let hostilePath = "a|b`c<script>.yml"
    static let hostileMessage = "Uses *bold* _it_ [link](x) | pipe\n# heading\n<script>"
    static let fencedSnippet = "```\necho `x`\n```"

    static func report() -> Report {
        let ci = ".github/workflows/ci.yml"
        let ci003 = RuleResult(
            id: "CI-003", name: "tests-must-block", title: "Test steps must be able to fail the pipeline",
            category: .ci, severity: .high, level: 2, effort: "30m", effortMinutes: 30, status: .failed, credit: 0,
            reason: nil, rationale: "Swallowed failures ship broken code.",
            remediation: "Remove `|| true` and\n`continue-on-error`.", references: ["https://example.com/ci-003"],
            findings: [
                ReportFinding(ruleID: "CI-003", severity: .high, message: "`npm test || true` cannot fail the build",
                              location: Location(path: ci, line: 6), related: [RelatedLocation("job declared here", at: Location(path: ci, line: 4))],
                              confidence: .high, snippet: "      - run: npm test || true", fingerprint: "f-ci003-1"),
                ReportFinding(ruleID: "CI-003", severity: .high, message: hostileMessage,
                              location: Location(path: hostilePath, line: 2), related: [],
                              confidence: .medium, snippet: fencedSnippet, fingerprint: "f-ci003-2"),
                ReportFinding(ruleID: "CI-003", severity: .high, message: "`make lint || true` cannot fail the build",
                              location: Location(path: ci, line: 9), related: [], confidence: .high,
                              snippet: "      - run: make lint || true", fingerprint: "f-ci003-3",
                              suppression: "inline: legacy job"),
            ],
            evidence: [])
        let ci001 = RuleResult(
            id: "CI-001", name: "ci-present", title: "A CI pipeline runs on every push", category: .ci, severity: .high,
            level: 1, effort: "1h", effortMinutes: 60, status: .passed, credit: 1, reason: nil, rationale: "r", remediation: "m",
            references: [], findings: [],
            evidence: [Evidence("workflow `ci.yml` runs on push", at: Location(path: ci, line: 3)),
                       Evidence("tests run on every pull request")])
        let ci007 = RuleResult(
            id: "CI-007", name: "actions-pinned", title: "Third-party actions are pinned to a commit", category: .ci,
            severity: .medium, level: 3, effort: "15m", effortMinutes: 15, status: .failed, credit: 0.6, reason: nil,
            rationale: "r", remediation: "Pin actions to a full SHA.", references: [],
            findings: [ReportFinding(ruleID: "CI-007", severity: .medium, message: "`foo/bar@v1` is not pinned",
                                     location: Location(path: ci, line: 10, column: 15), related: [], confidence: .high,
                                     snippet: "      - uses: foo/bar@v1", fingerprint: "f-ci007")],
            evidence: [Evidence("`actions/checkout@v4` uses a version tag", at: Location(path: ci, line: 8))])
        let ctr001 = RuleResult(
            id: "CTR-001", name: "non-root-user", title: "Containers run as a non-root user", category: .containers,
            severity: .critical, level: 2, effort: "1h", effortMinutes: 60, status: .failed, credit: 0, reason: nil,
            rationale: "r", remediation: "Add a `USER` instruction.", references: [],
            findings: [ReportFinding(ruleID: "CTR-001", severity: .critical, message: "No Dockerfile sets a non-root `USER`",
                                     location: nil, related: [], confidence: .high, snippet: nil, fingerprint: "f-ctr001")],
            evidence: [])
        let ctr002 = RuleResult(
            id: "CTR-002", name: "healthcheck", title: "Images declare a health check", category: .containers,
            severity: .medium, level: 2, effort: "15m", effortMinutes: 15, status: .passed, credit: 1, reason: nil,
            rationale: "r", remediation: "m", references: [], findings: [],
            evidence: [Evidence("`HEALTHCHECK` declared", at: Location(path: "Dockerfile", line: 12))])
        let bak001 = RuleResult(
            id: "BAK-001", name: "backups-configured", title: "Databases are backed up", category: .backups,
            severity: .high, level: 2, effort: "2h", effortMinutes: 120, status: .notApplicable, credit: 0,
            reason: "no database found", rationale: "r", remediation: "m", references: [], findings: [], evidence: [])
        let sec001 = RuleResult(
            id: "SEC-001", name: "no-committed-secrets", title: "No secrets are committed", category: .security,
            severity: .critical, level: 1, effort: "1h", effortMinutes: 60, status: .passed, credit: 1, reason: nil,
            rationale: "r", remediation: "m", references: [], findings: [],
            evidence: [Evidence("no secret-like value in 30 tracked files")])

        return Report(
            tool: ToolInfo(version: "0.1.0", catalogVersion: "cat-1a2b"),
            target: TargetInfo(name: "acme-api", path: "../acme-api", commit: "0123abcd", branch: "main"),
            generatedAt: "2026-11-30T12:00:00Z",
            summary: Summary(
                overallScore: 6.5, readinessPercent: 65, level: 1, levelTitle: "Manual",
                nextLevel: NextLevel(level: 2, title: "Basic automation", blockingRules: ["CTR-001", "CI-003"],
                                     effortMinutes: 90, effort: "1h 30m"),
                rulesPassed: 3, rulesFailed: 3, rulesNotApplicable: 1,
                findingsBySeverity: ["critical": 1, "high": 2, "medium": 1, "low": 0, "info": 0], suppressedFindings: 1),
            categories: [
                CategoryResult(id: .ci, title: "CI/CD", score: 6.5, status: "Needs improvement", capped: false, weight: 1,
                               passed: 1, failed: 2, notApplicable: 0),
                CategoryResult(id: .containers, title: "Containers", score: 4.0, status: "Critical gap", capped: true, weight: 1,
                               passed: 1, failed: 1, notApplicable: 0),
                CategoryResult(id: .backups, title: "Backups & DR", score: nil, status: "n/a", capped: false, weight: 1,
                               passed: 0, failed: 0, notApplicable: 1),
                CategoryResult(id: .security, title: "Security", score: 10, status: "Good", capped: false, weight: 1,
                               passed: 1, failed: 0, notApplicable: 0),
            ],
            rules: [bak001, ci001, ci003, ci007, ctr001, ctr002, sec001],
            roadmap: [
                RoadmapPhase(phase: 1, title: "Reach level 2", items: [
                    RoadmapItem(ruleID: "CTR-001", title: ctr001.title, category: .containers, severity: .critical, level: 2,
                                effort: "1h", effortMinutes: 60, scoreGain: 1.2),
                    RoadmapItem(ruleID: "CI-003", title: ci003.title, category: .ci, severity: .high, level: 2,
                                effort: "30m", effortMinutes: 30, scoreGain: 0.4),
                ], effortMinutes: 90, effort: "1h 30m"),
                RoadmapPhase(phase: 2, title: "Reach level 3", items: [
                    RoadmapItem(ruleID: "CI-007", title: ci007.title, category: .ci, severity: .medium, level: 3,
                                effort: "15m", effortMinutes: 15, scoreGain: 0.1 + 0.2),
                ], effortMinutes: 15, effort: "15m"),
            ],
            inventory: Inventory(
                filesSeen: 120, filesRead: 30, filesSkipped: 2, skippedByReason: ["too large": 1, "binary": 1],
                filesByKind: ["github-workflow": [ci, hostilePath], "dockerfile": ["Dockerfile"]], sourceFiles: 80),
            diagnostics: [
                Diagnostic(.parse, "unexpected end of stream | near `<<`", at: Location(path: hostilePath, line: 7)),
                Diagnostic(.config, "unknown key `foo` in .opsaudit.yml"),
                Diagnostic(.skipped, "file larger than 1 MB", at: Location(path: "assets/big.bin", line: 1)),
            ],
            gate: GateResult(passed: false, failures: ["overall 6.5 < 8.0"]))
    }

    /// The package root, found from this file's path, for files the tests read (schema, templates).
    static func packageRoot(_ file: String = #filePath) -> String {
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // ReportFixture.swift, OpsAuditReportsTests, Tests
        return parts.joined(separator: "/")
    }
}
