import Foundation
import OpsAuditModel
import OpsAuditTestSupport
@testable import OpsAuditReports
import Testing

@Suite struct CIFormatTests {
    func finding(_ message: String, path: String?, line: Int = 3, severity: Severity = .high, suppressed: Bool = false,
                 baseline: BaselineState? = nil) -> ReportFinding {
        ReportFinding(ruleID: "CI-003", severity: severity, message: message,
                      location: path.map { Location(path: $0, line: line, column: 9) }, related: [], confidence: .high,
                      snippet: nil, fingerprint: "abc123", suppression: suppressed ? "ok" : nil, baseline: baseline)
    }

    @Test func githubEscapesDataAndProperties() {
        #expect(GitHubAnnotationsRenderer.escapeData("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b")
        #expect(GitHubAnnotationsRenderer.escapeProperty("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae")
        let line = GitHubAnnotationsRenderer.command("error", properties: [("file", "dir,1/a:b.yml"), ("line", "3"), ("title", "CI-003 T")],
                                                     message: "50% of\nsteps")
        #expect(line == "::error file=dir%2C1/a%3Ab.yml,line=3,title=CI-003 T::50%25 of%0Asteps\n")
    }

    @Test func githubAnnotatesOpenFindingsOnly() {
        var report = ReportFixture.report(findings: [
            finding("`npm test || true` swallows failures", path: ".github/workflows/ci.yml"),
            finding("low one", path: "a.yml", severity: .low),
            finding("accepted", path: "b.yml", suppressed: true),
            finding("known", path: "c.yml", baseline: .known),
            finding("repository-wide", path: nil, severity: .info),
        ])
        report.gate = GateResult(passed: false, failures: ["overall score 4.0 is below --fail-under 6.0 (short by 2.0)"])
        let lines = GitHubAnnotationsRenderer.render(report).split(separator: "\n").map(String.init)
        #expect(lines.contains("::error file=.github/workflows/ci.yml,line=3,col=9,title=CI-003 \(report.rules[0].title)::`npm test || true` swallows failures [high]"))
        #expect(lines.contains { $0.hasPrefix("::warning file=a.yml,line=3,col=9,") })
        #expect(lines.contains { $0.hasPrefix("::notice title=CI-003") && $0.hasSuffix("::repository-wide [info]") })
        #expect(!lines.contains { $0.contains("b.yml") || $0.contains("c.yml") })
        #expect(lines.last == "::error title=opsaudit gate failed::overall score 4.0 is below --fail-under 6.0 (short by 2.0)")
    }

    @Test func codeClimateHasGitLabsRequiredFields() throws {
        let report = ReportFixture.report(findings: [
            finding("swallowed", path: "ci.yml", line: 6),
            finding("repo", path: nil, severity: .critical),
            finding("accepted", path: "x.yml", suppressed: true),
        ])
        let data = Data(CodeClimateRenderer.render(report).utf8)
        let issues = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(issues.count == 2)
        for issue in issues {
            #expect(issue["type"] as? String == "issue")
            #expect(issue["check_name"] as? String == "CI-003")
            #expect((issue["description"] as? String)?.isEmpty == false)
            #expect(issue["fingerprint"] as? String == "abc123")
            let location = try #require(issue["location"] as? [String: Any])
            #expect(location["path"] is String)
            #expect((location["lines"] as? [String: Any])?["begin"] is Int)
        }
        #expect(issues[0]["severity"] as? String == "critical")
        #expect(((issues[0]["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int == 6)
        #expect(issues[1]["severity"] as? String == "blocker")
        #expect((issues[1]["location"] as? [String: Any])?["path"] as? String == ".")
        #expect(Severity.allCases.map(CodeClimateRenderer.severity) == ["blocker", "critical", "major", "minor", "info"])
    }
}

extension ReportFixture {
    /// The fixture report with one failed CI-003 rule holding `findings`, no diagnostics and no gate.
    static func report(findings: [ReportFinding]) -> Report {
        var report = report()
        guard var rule = report.rules.first(where: { $0.id == "CI-003" }) else { return report }
        rule.findings = findings
        report.rules = [rule]
        report.diagnostics = []
        report.gate = nil
        return report
    }
}

@Suite struct PolicyFieldsSchemaTests {
    /// The fixture with every policy field set: suppression sources of each kind, baseline states
    /// and summary, gate conditions, report title and client.
    static func report() -> Report {
        var report = ReportFixture.report()
        report.target.title = "Readiness review"
        report.target.client = "ACME"
        let sources: [SuppressionSource?] = [
            SuppressionSource(kind: .inline, location: Location(path: ".github/workflows/ci.yml", line: 8)),
            SuppressionSource(kind: .config, location: Location(path: ".opsaudit.yml", line: 4, column: 14)),
            SuppressionSource(kind: .baseline, location: Location(path: ".opsaudit-baseline.json", line: 3)),
        ]
        var index = 0
        for rule in report.rules.indices {
            for finding in report.rules[rule].findings.indices {
                report.rules[rule].findings[finding].baseline = index % 2 == 0 ? .new : .known
                if report.rules[rule].findings[finding].suppression != nil {
                    report.rules[rule].findings[finding].suppressedBy = sources[index % 3]
                }
                index += 1
            }
        }
        report.summary.baseline = BaselineSummary(
            path: ".opsaudit-baseline.json", newFindings: 2, knownFindings: 1, fixedFindings: 1,
            fixed: [BaselineEntry(fingerprint: "00ff", ruleID: "CI-003", path: "ci.yml", message: "gone")])
        report.gate = GateResult(passed: false, failures: ["x"], conditions: [
            GateCondition(condition: "--fail-on", passed: false, actual: 2, required: 0, shortfall: 2, message: "x"),
        ])
        return report
    }

    @Test func jsonAndSarifValidate() throws {
        let root = ReportFixture.packageRoot()
        let ours = SchemaValidator(root: try JSONDocument.parse(String(contentsOfFile: root + "/reports/schema/report.schema.json", encoding: .utf8)))
        let json = JSONReportRenderer.render(Self.report())
        #expect(try ours.validate(JSONDocument.parse(json)) == [])
        #expect(json.contains("\"suppressed_by\" : {") && json.contains("\"kind\" : \"config\""))
        #expect(json.contains("\"fixed_findings\" : 1") && json.contains("\"client\" : \"ACME\""))
        let sarifSchema = SchemaValidator(root: try JSONDocument.parse(String(contentsOfFile: root + "/../shared/schemas/sarif-schema-2.1.0.json", encoding: .utf8)))
        let sarif = SARIFReportRenderer.render(Self.report())
        #expect(try sarifSchema.validate(JSONDocument.parse(sarif)) == [])
        #expect(sarif.contains("\"baselineState\" : \"unchanged\""))
    }

    @Test func markdownAndHTMLShowTitleClientAndSuppressionSource() throws {
        let markdown = try MarkdownReportRenderer.render(Self.report(), template: String(
            contentsOfFile: ReportFixture.packageRoot() + "/reports/templates/report.md.mustache", encoding: .utf8))
        #expect(markdown.hasPrefix("# Readiness review\n"))
        #expect(markdown.contains("| Client | ACME |"))
        #expect(markdown.contains("(inline at `.github/workflows/ci.yml:8`)") || markdown.contains("(config at `.opsaudit.yml:4`)")
            || markdown.contains("(baseline at `.opsaudit-baseline.json:3`)"))
        let html = HTMLReportRenderer.render(Self.report())
        #expect(html.contains("<h1>Readiness review</h1>"))
    }
}
