import OpsAuditKit
import OpsAuditModel
import Testing

@Suite struct GateTests {
    func report() throws -> Report { try scanReport([".github/workflows/ci.yml": swallowedTests]) }

    @Test func failUnderNamesTheShortfall() throws {
        let report = try report()
        let score = try #require(report.summary.overallScore)
        let failing = Gate(failUnder: score + 1.5).evaluate(report)
        #expect(!failing.passed)
        #expect(failing.failures == ["overall score \(Gate.decimal(score)) is below --fail-under \(Gate.decimal(score + 1.5)) (short by 1.5)"])
        #expect(failing.conditions.first?.shortfall == 1.5)
        #expect(Gate(failUnder: score).evaluate(report).passed)
    }

    @Test func failOnCountsUnsuppressedFindingsAtOrAboveTheSeverity() throws {
        let report = try report()
        #expect(report.findings("CI-003").first?.severity == .high)
        let high = Gate(failOn: .high).evaluate(report)
        #expect(!high.passed)
        #expect(high.failures.first?.contains("CI-003 at .github/workflows/ci.yml:6") == true)
        #expect(high.conditions.first?.actual == Double(report.findings.filter { $0.severity >= .high }.count))
        #expect(Gate(failOn: .critical).evaluate(report).passed == !report.findings.contains { $0.severity == .critical })

        var suppressed = report
        for rule in suppressed.rules.indices {
            for finding in suppressed.rules[rule].findings.indices { suppressed.rules[rule].findings[finding].suppression = "accepted" }
        }
        #expect(Gate(failOn: .info).evaluate(suppressed).passed)
    }

    @Test func minCategoryComparesEachCategory() throws {
        let report = try report()
        let ci = try #require(report.categories.first { $0.id == .ci }?.score)
        let result = Gate(minCategory: [.ci: ci + 1]).evaluate(report)
        #expect(!result.passed)
        #expect(result.failures == ["CI/CD score \(Gate.decimal(ci)) is below --min-category ci=\(Gate.decimal(ci + 1)) (short by 1.0)"])
        #expect(Gate(minCategory: [.ci: ci]).evaluate(report).passed)
        // A category where nothing applies cannot fail the gate.
        let empty = try scanReport(["README.md": "# hello\n"])
        let backups = Gate(minCategory: [.backups: 9]).evaluate(empty)
        #expect(backups.passed == (empty.categories.first { $0.id == .backups }?.score == nil))
    }

    @Test func minLevelNamesTheBlockingRules() throws {
        let report = try report()
        let level = report.summary.level
        if level < 4 {
            let result = Gate(minLevel: level + 1).evaluate(report)
            #expect(!result.passed)
            #expect(result.failures.first?.hasPrefix("maturity level \(level) is below --min-level \(level + 1) (short by 1 level") == true)
        }
        #expect(Gate(minLevel: level).evaluate(report).passed)
    }

    @Test func everyFailedConditionIsListed() throws {
        let report = try report()
        let result = Gate(failUnder: 10, failOn: .high, minCategory: [.ci: 10], minLevel: 4).evaluate(report)
        #expect(result.conditions.map(\.condition) == ["--fail-under", "--fail-on", "--min-category ci=10.0", "--min-level"])
        #expect(result.failures.count == 4)
        #expect(Gate().isEmpty && !Gate(minLevel: 1).isEmpty)
    }
}
