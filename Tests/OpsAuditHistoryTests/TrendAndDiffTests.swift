import Foundation
import OpsAuditHistory
import OpsAuditKit
import OpsAuditModel
import OpsAuditReports
import Testing

@Suite struct TrendAndDiffTests {
    /// Two scans of a repository that gains a Dockerfile and loses its swallowed test failure.
    func twoRuns() throws -> (Report, Report) {
        let before = try sampleReport(files: [".github/workflows/ci.yml": workflow], commit: "1111aaaa", at: "2026-01-01T00:00:00Z")
        let fixed = workflow.replacingOccurrences(of: "npm test || true", with: "npm test")
        let after = try sampleReport(files: [
            ".github/workflows/ci.yml": fixed,
            "Dockerfile": "FROM node:20\nCMD [\"node\", \"server.js\"]\n",
        ], commit: "2222bbbb", at: "2026-01-08T00:00:00Z")
        return (before, after)
    }

    @Test func recordTrendDiffRoundTrip() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try HistoryStore(path: (dir as NSString).appendingPathComponent("h.sqlite"))
        let (before, after) = try twoRuns()
        let first = try store.record(RunSnapshot(before), origin: .scan)
        let second = try store.record(RunSnapshot(after), origin: .scan)

        let runs = try store.runs()
        let csv = TrendRenderer.render(runs, as: .csv, title: "app")
        let lines = csv.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "timestamp,commit,branch,overall,level,ci,containers,deploy,backups,security,observability,resilience,operations")
        let ciBefore = try #require(before.categories.first { $0.id == .ci }?.score)
        #expect(lines[1].hasPrefix("2026-01-01T00:00:00Z,1111aaaa,,\(String(format: "%.1f", before.summary.overallScore ?? -1)),\(before.summary.level),\(String(format: "%.1f", ciBefore)),,"))
        #expect(lines[2].contains(",2222bbbb,"))

        let trendJSON = try JSONSerialization.jsonObject(with: Data(TrendRenderer.render(runs, as: .json, title: "app").utf8)) as? [String: Any]
        let jsonRuns = try #require(trendJSON?["runs"] as? [[String: Any]])
        #expect(jsonRuns.map { $0["commit"] as? String } == ["1111aaaa", "2222bbbb"])
        let categories = try #require(jsonRuns[0]["categories"] as? [String: Any])
        #expect(Set(categories.keys) == Set(Category.allCases.map(\.rawValue)))
        #expect(categories["containers"] is NSNull)

        let text = TrendRenderer.render(runs, as: .text, title: "app")
        #expect(text.contains("2026-01-01  1111aaaa"))
        #expect(text.contains("overall"))

        let diff = RunDiff(old: try #require(try store.snapshot(id: first)), oldLabel: "run \(first)",
                           new: try #require(try store.snapshot(id: second)), newLabel: "run \(second)")
        // The swallowed test failure is fixed; the Dockerfile brings container findings.
        #expect(diff.fixedFindings.map(\.ruleID).contains("CI-003"))
        #expect(diff.fixedFindings.first { $0.ruleID == "CI-003" }?.place == ".github/workflows/ci.yml:6")
        #expect(diff.newFindings.contains { $0.ruleID == "CTR-001" && $0.place.hasPrefix("Dockerfile") })
        #expect(!diff.regressions.isEmpty)  // new findings count as a regression
        #expect(diff.categories.first { $0.category == .containers }?.old == nil)
        #expect(diff.categories.first { $0.category == .containers }?.new != nil)

        // The stored runs give the same diff as the reports themselves.
        let direct = RunDiff(old: RunSnapshot(before), oldLabel: "run \(first)", new: RunSnapshot(after), newLabel: "run \(second)")
        #expect(direct.newFindings == diff.newFindings)
        #expect(direct.fixedFindings == diff.fixedFindings)
        #expect(direct.openFindings == diff.openFindings)

        let markdown = DiffRenderer.render(diff, as: .markdown)
        #expect(markdown.contains("| CI/CD |"))
        #expect(markdown.contains("**New findings**"))
        let json = try JSONSerialization.jsonObject(with: Data(DiffRenderer.render(diff, as: .json).utf8)) as? [String: Any]
        #expect((json?["fixed_findings"] as? [[String: Any]])?.contains { $0["rule_id"] as? String == "CI-003" } == true)
    }

    @Test func identicalRunsHaveNoRegression() throws {
        let (before, _) = try twoRuns()
        let diff = RunDiff(old: RunSnapshot(before), oldLabel: "a", new: RunSnapshot(before), newLabel: "b")
        #expect(diff.regressions.isEmpty)
        #expect(diff.newFindings.isEmpty && diff.fixedFindings.isEmpty)
        #expect(diff.openFindings.count == before.findings.filter { $0.suppression == nil }.count)
        #expect(DiffRenderer.render(diff, as: .text).contains("0 new findings"))
    }

    @Test func repositoryLevelFindingWithAChangedMessageStaysOpen() throws {
        let (before, _) = try twoRuns()
        var old = RunSnapshot(before)
        old.findings = [RecordedFinding(fingerprint: "a", ruleID: "CI-017", severity: .medium, path: nil, line: nil,
                                        message: "no Dependabot for `npm`", suppressed: false, baselined: false)]
        var new = old
        new.findings = [RecordedFinding(fingerprint: "b", ruleID: "CI-017", severity: .medium, path: nil, line: nil,
                                        message: "no Dependabot for `github-actions`, `npm`", suppressed: false, baselined: false),
                        RecordedFinding(fingerprint: "c", ruleID: "CI-004", severity: .medium, path: nil, line: nil,
                                        message: "no linter", suppressed: false, baselined: false)]
        let diff = RunDiff(old: old, oldLabel: "a", new: new, newLabel: "b")
        #expect(diff.openFindings.map(\.fingerprint) == ["b"])
        #expect(diff.newFindings.map(\.fingerprint) == ["c"])
        #expect(diff.fixedFindings.isEmpty)
    }

    @Test func sparklineUsesAFixedScale() {
        #expect(TrendRenderer.sparkline([0, 5, 10, nil]) == "▁▅█ ")
        #expect(TrendRenderer.sparkline(Array(repeating: 10, count: 100), width: 5) == "█████")
    }

    @Test func chartAndEscaping() throws {
        var run = RunSnapshot(try sampleReport(files: [".github/workflows/ci.yml": workflow], commit: "c1", at: "2026-01-01T00:00:00Z"))
        run.branch = "=HYPERLINK(\"x\")"
        var second = run
        second.timestamp = "2026-02-01T00:00:00Z"
        second.overallScore = nil
        let html = TrendRenderer.render([run, second], as: .html, title: "<script>alert(1)</script>")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("Content-Security-Policy"))
        // A missing overall score breaks the line into a lone point.
        #expect(TrendRenderer.chart([run, second]).contains("<circle"))
        #expect(TrendRenderer.render([run], as: .markdown, title: "app").contains("<svg"))
        let csv = TrendRenderer.render([run], as: .csv, title: "app")
        #expect(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(TrendRenderer.render([], as: .text, title: "app") == "no runs recorded in this range\n")
    }
}
