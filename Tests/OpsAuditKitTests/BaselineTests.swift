import OpsAuditKit
import OpsAuditModel
import Testing

@Suite struct BaselineTests {
    @Test func writeIsSortedAndReadsBack() throws {
        let report = try scanReport([".github/workflows/ci.yml": swallowedTests])
        let baseline = Baseline.of(report)
        #expect(!baseline.entries.isEmpty)
        #expect(baseline.entries.map(\.fingerprint) == baseline.entries.map(\.fingerprint).sorted())
        let text = baseline.rendered()
        #expect(text.contains("\"rule_id\" : \"CI-003\""))
        let read = try Baseline.parse(text, path: ".opsaudit-baseline.json")
        #expect(read.entries == baseline.entries)
        #expect(read.rendered() == text)
        #expect(throws: Baseline.Problem.self) { try Baseline.parse("{\"findings\": 3}", path: "b.json") }
    }

    func compare(_ before: String, _ after: String, newOnly: Bool = false) throws -> Report {
        let baseline = Baseline.of(try scanReport([".github/workflows/ci.yml": before]))
        var options = ScanOptions()
        options.baseline = try Baseline.parse(baseline.rendered(), path: ".opsaudit-baseline.json")
        options.newOnly = newOnly
        return try scanReport([".github/workflows/ci.yml": after], options: options)
    }

    @Test func aLineMoveKeepsTheFingerprint() throws {
        let moved = "# a comment\n\n" + swallowedTests
        let report = try compare(swallowedTests, moved)
        let finding = try #require(report.findings("CI-003").first)
        #expect(finding.location?.line == 8)
        #expect(finding.baseline == .known)
        #expect(report.summary.baseline?.newFindings == 0)
        #expect(report.summary.baseline?.fixedFindings == 0)
    }

    @Test func changingTheOffendingContentMakesANewFinding() throws {
        let changed = swallowedTests.replacingOccurrences(of: "npm test || true", with: "npm run test:ci || true")
        let report = try compare(swallowedTests, changed)
        #expect(report.findings("CI-003").first?.baseline == .new)
        #expect(report.summary.baseline?.newFindings == 1)
        #expect(report.summary.baseline?.fixedFindings == 1)
        #expect(report.summary.baseline?.fixed.first?.ruleID == "CI-003")
    }

    @Test func newOnlySuppressesKnownFindingsForScoresAndGate() throws {
        let report = try compare(swallowedTests, "# moved\n" + swallowedTests, newOnly: true)
        let finding = try #require(report.findings("CI-003").first)
        #expect(finding.suppressedBy?.kind == .baseline)
        #expect(finding.suppressedBy?.location?.path == ".opsaudit-baseline.json")
        #expect((finding.suppressedBy?.location?.line ?? 0) > 1)
        #expect(Gate(failOn: .low).evaluate(report).passed)
        let without = try compare(swallowedTests, "# moved\n" + swallowedTests)
        #expect(Gate(failOn: .high).evaluate(without).passed, "known findings never count for --fail-on")
        #expect(without.rules.first { $0.id == "CI-003" }?.status == .failed, "without --new-only they still count for scores")
    }
}
