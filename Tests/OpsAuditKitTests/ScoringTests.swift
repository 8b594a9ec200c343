import OpsAuditKit
import OpsAuditModel
import Testing

@Suite struct ScoringTests {
    func verdict(_ id: RuleID, _ severity: Severity, _ status: Outcome.Status, category: Category = .ci,
                 level: Int = 2, credit: Double? = nil) -> Scoring.Verdict {
        Scoring.Verdict(rule: id, category: category, severity: severity, level: level, status: status,
                        credit: credit ?? (status == .passed ? 1 : 0))
    }

    @Test func categoryScoreWeighsBySeverity() {
        // high 5 passed, medium 3 failed, low 1 passed: 10 × 6 / 9
        let (score, capped) = Scoring.categoryScore([
            verdict("CI-001", .high, .passed), verdict("CI-002", .medium, .failed), verdict("CI-003", .low, .passed),
        ])
        #expect(Scoring.rounded(score!) == 6.7)
        #expect(!capped)
    }

    @Test func partialCreditCountsInProportion() {
        let (score, _) = Scoring.categoryScore([
            verdict("CI-007", .high, .failed, credit: 0.5), verdict("CI-001", .high, .passed),
        ])
        #expect(score == 7.5)
    }

    @Test func failingCriticalCapsTheCategory() {
        let verdicts = [verdict("SEC-001", .critical, .failed, category: .security)] + (2...20).map {
            verdict(RuleID("SEC-\($0)"), .high, .passed, category: .security)
        }
        let (score, capped) = Scoring.categoryScore(verdicts)
        #expect(score == Scoring.criticalCap)
        #expect(capped)
    }

    @Test func notApplicableAndInfoRulesDoNotCount() {
        let (score, _) = Scoring.categoryScore([
            verdict("CI-001", .high, .passed), verdict("CI-002", .critical, .notApplicable), verdict("CI-013", .info, .failed),
        ])
        #expect(score == 10)
        #expect(Scoring.categoryScore([verdict("CI-002", .high, .notApplicable)]).score == nil)
        #expect(Scoring.categoryScore([verdict("CI-013", .info, .failed)]).score == nil)
    }

    @Test func overallIsTheWeightedMeanOfApplicableCategories() {
        #expect(Scoring.overall([.ci: 8, .security: 4]) == 6)
        #expect(Scoring.overall([.ci: 8, .security: 4], weights: [.security: 3]) == 5)
        #expect(Scoring.overall([:]) == nil)
    }

    @Test func levelIsTheHighestFullySatisfiedLevel() {
        #expect(Scoring.level([]) == 4)
        #expect(Scoring.level([verdict("A-1", .high, .failed, level: 1)]) == 1)
        #expect(Scoring.level([verdict("A-1", .high, .passed, level: 1), verdict("A-2", .high, .failed, level: 3)]) == 2)
        #expect(Scoring.level([verdict("A-1", .high, .failed, level: 2, credit: 0.9)]) == 1)
        // Not applicable and info rules never block.
        #expect(Scoring.level([verdict("A-1", .high, .notApplicable, level: 2), verdict("A-2", .info, .failed, level: 2)]) == 4)
    }

    @Test func effortNotation() {
        #expect(Effort.minutes("30m") == 30)
        #expect(Effort.minutes("2h") == 120)
        #expect(Effort.minutes("1d") == 480)
        #expect(Effort.minutes("1w") == 2400)
        #expect(Effort.minutes("0.5h") == 30)
        #expect(Effort.minutes("soon") == nil)
        #expect(Effort.minutes("-1h") == nil)
        #expect(Effort.format(minutes: 45) == "45m")
        #expect(Effort.format(minutes: 150) == "2.5h")
        #expect(Effort.format(minutes: 960) == "2d")
        #expect(Effort.format(minutes: 4800) == "2w")
    }

    @Test func gateNamesTheFailedConditionAndTheShortfall() {
        var report = ReportFixtures.minimal(overall: 6.5)
        let result = Gate(failUnder: 8).evaluate(report)
        #expect(!result.passed)
        #expect(result.failures == ["overall score 6.5 is below --fail-under 8.0 (short by 1.5)"])
        report.summary.overallScore = 8
        #expect(Gate(failUnder: 8).evaluate(report).passed)
    }
}

enum ReportFixtures {
    static func minimal(overall: Double?) -> Report {
        Report(
            tool: ToolInfo(version: "test", catalogVersion: "0"),
            target: TargetInfo(name: "t", path: "."),
            generatedAt: "2026-01-01T00:00:00Z",
            summary: Summary(overallScore: overall, readinessPercent: nil, level: 1, levelTitle: "Manual", nextLevel: nil,
                             rulesPassed: 0, rulesFailed: 0, rulesNotApplicable: 0, findingsBySeverity: [:], suppressedFindings: 0),
            categories: [], rules: [], roadmap: [],
            inventory: Inventory(filesSeen: 0, filesRead: 0, filesSkipped: 0, skippedByReason: [:], filesByKind: [:], sourceFiles: 0),
            diagnostics: [])
    }
}
