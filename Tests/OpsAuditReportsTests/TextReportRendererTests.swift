import OpsAuditModel
import Testing
@testable import OpsAuditReports

@Suite("TextReportRenderer")
struct TextReportRendererTests {
    /// Marks each decoration with a visible tag so tests can see which colour a word got.
    static let tagged = TextStyle(bold: { "<b>\($0)</b>" }, dim: { "<d>\($0)</d>" }, red: { "<r>\($0)</r>" },
                                  yellow: { "<y>\($0)</y>" }, green: { "<g>\($0)</g>" })

    private func lines(_ report: Report = ReportFixture.report(), style: TextStyle = .plain, max: Int = 10) -> [String] {
        TextReportRenderer.render(report, style: style, maxFindings: max).components(separatedBy: "\n")
    }

    @Test func headlineAndAlignedCategories() {
        let lines = lines()
        #expect(lines[0] == "opsaudit acme-api — overall 6.5/10 · level 1 (Manual)")
        #expect(lines[1] == "  CI/CD         6.5/10   Needs improvement")
        #expect(lines[2] == "  Containers    4.0/10   Critical gap (capped)")
        #expect(lines[3] == "  Backups & DR  n/a      n/a")
        #expect(lines[4] == "  Security      10.0/10  Good")
    }

    @Test func findingsBySeverityThenPlaceWithoutSuppressed() {
        let lines = lines()
        #expect(lines[6] == "Findings:")
        #expect(lines[7] == "  critical  (repository)  CTR-001 No Dockerfile sets a non-root `USER`")
        #expect(lines[8] == "  high      .github/workflows/ci.yml:6  CI-003 `npm test || true` cannot fail the build")
        #expect(lines[9] == "  high      a|b`c<script>.yml:2  CI-003 Uses *bold* _it_ [link](x) | pipe # heading <script>")
        #expect(lines[10] == "  medium    .github/workflows/ci.yml:10  CI-007 `foo/bar@v1` is not pinned")
        #expect(!lines.contains { $0.contains("make lint") })
    }

    @Test func findingsAreCappedAtMaxFindings() {
        let lines = lines(max: 2)
        #expect(lines[6] == "Top findings (2 of 4):")
        #expect(lines[9] == "  … and 2 more")
        #expect(!self.lines(max: 0).contains { $0.contains("CTR-001") })
    }

    @Test func countsAndGate() {
        let lines = lines()
        #expect(lines.contains("rules: 3 passed, 3 failed, 1 n/a · findings: 1 critical, 2 high, 1 medium · 1 suppressed · 3 diagnostics"))
        #expect(lines.contains("gate failed: overall 6.5 < 8.0"))
        #expect(lines.last == "")

        var passing = ReportFixture.report()
        passing.gate = GateResult(passed: true, failures: [])
        #expect(self.lines(passing).contains("gate passed"))
        passing.gate = nil
        #expect(!self.lines(passing).contains { $0.hasPrefix("gate") })
    }

    @Test func coloursComeOnlyFromTheStyle() {
        let text = TextReportRenderer.render(ReportFixture.report(), style: Self.tagged)
        #expect(text.hasPrefix("<b>opsaudit acme-api"))
        #expect(text.contains("<y>Needs improvement</y>"))
        #expect(text.contains("<r>Critical gap (capped)</r>"))
        #expect(text.contains("<d>n/a</d>"))
        #expect(text.contains("<g>Good</g>"))
        #expect(text.contains("<r>critical</r>"))
        #expect(text.contains("<y>medium  </y>"))
        #expect(text.contains("<r>gate failed: overall 6.5 < 8.0</r>"))
    }

    @Test func plainOutputHasNoEscapeCodesEvenFromHostileInput() {
        var report = ReportFixture.report()
        report.target.name = "evil\u{1B}[31mred\u{1B}[0m\u{9B}2J"
        report.rules[2].findings[0].message = "bell\u{07} and\nnewline\u{1B}]0;title\u{07}"
        let text = TextReportRenderer.render(report, style: .plain)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x07 })
        #expect(text.hasPrefix("opsaudit evil\u{FFFD}[31mred\u{FFFD}[0m\u{FFFD}2J — overall"))
        #expect(text.contains("CI-003 bell\u{FFFD} and newline\u{FFFD}]0;title\u{FFFD}\n"))
    }

    @Test func nothingAppliedStillRenders() {
        var report = ReportFixture.report()
        report.summary.overallScore = nil
        report.categories = []
        report.rules = []
        report.summary.findingsBySeverity = [:]
        report.diagnostics = []
        report.summary.suppressedFindings = 0
        let lines = lines(report)
        #expect(lines[0] == "opsaudit acme-api — overall n/a · level 1 (Manual)")
        #expect(lines.contains("rules: 3 passed, 3 failed, 1 n/a · findings: none"))
    }

    @Test func renderingIsDeterministic() {
        let report = ReportFixture.report()
        #expect(TextReportRenderer.render(report, style: .plain) == TextReportRenderer.render(report, style: .plain))
    }
}
