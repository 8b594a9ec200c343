import Foundation
import OpsAuditModel
import Testing
@testable import OpsAuditReports

@Suite("MarkdownReportRenderer")
struct MarkdownReportRendererTests {
    static func defaultTemplate() throws -> String {
        try String(contentsOfFile: ReportFixture.packageRoot() + "/reports/templates/report.md.mustache", encoding: .utf8)
    }

    private func rendered(_ report: Report = ReportFixture.report()) throws -> String {
        try MarkdownReportRenderer.render(report, template: Self.defaultTemplate())
    }

    private func lines(_ report: Report = ReportFixture.report()) throws -> [String] {
        try rendered(report).components(separatedBy: "\n")
    }

    @Test func headerNamesTargetCommitBranchDateAndVersions() throws {
        let lines = try lines()
        #expect(lines.first == "# Production readiness audit: acme-api")
        #expect(lines.contains("| Path | `../acme-api` |"))
        #expect(lines.contains("| Commit | `0123abcd` |"))
        #expect(lines.contains("| Branch | `main` |"))
        #expect(lines.contains("| Date | 2026-11-30 |"))
        #expect(lines.contains("| Tool | opsaudit `0.1.0` (catalog `cat-1a2b`) |"))

        var report = ReportFixture.report()
        report.target.commit = nil
        report.target.branch = nil
        let without = try rendered(report)
        #expect(!without.contains("| Commit |"))
        #expect(!without.contains("| Branch |"))
    }

    @Test func executiveSummary() throws {
        let lines = try lines()
        #expect(lines.contains("**Overall score: 6.5/10** · readiness 65% · maturity level **1 (Manual)**"))
        #expect(lines.contains("To reach level 2 (Basic automation), fix 2 rule(s), about 1h 30m of work:"))
        #expect(lines.contains("- CI-003 Test steps must be able to fail the pipeline"))
        #expect(lines.contains("- ✅ **CI-001** A CI pipeline runs on every push"))
        #expect(lines.contains("  - workflow `ci.yml` runs on push (`.github/workflows/ci.yml:3`)"))
        #expect(lines.contains("  - tests run on every pull request"))
        #expect(lines.contains(
            "- ❌ **CTR-001** Containers run as a non-root user (critical, Containers): No Dockerfile sets a non-root `USER`"))
        #expect(lines.contains("- ❌ **CI-003** Test steps must be able to fail the pipeline (high, CI/CD): "
            + "`npm test || true` cannot fail the build (`.github/workflows/ci.yml:6`)"))
        // Medium rules are issues, not critical gaps.
        #expect(!lines.contains { $0.hasPrefix("- ❌ **CI-007**") })
    }

    @Test func categoryTableAndSections() throws {
        let lines = try lines()
        #expect(lines.contains("| CI/CD | 6.5/10 | Needs improvement | 1 | 2 | 0 |"))
        #expect(lines.contains("| Containers | 4.0/10 (capped) | Critical gap | 1 | 1 | 0 |"))
        #expect(lines.contains("| Backups & DR | n/a | n/a | 0 | 0 | 1 |"))
        #expect(lines.contains("## Containers — 4.0/10 · Critical gap"))
        #expect(lines.contains("A failing critical rule caps this category at 4.0."))
        #expect(lines.contains("## Backups & DR — not applicable"))
        #expect(lines.contains("- BAK-001 Databases are backed up: no database found"))
        #expect(lines.contains("Severity **medium** · effort 15m · partial credit 0.6"))
        #expect(lines.contains("- **critical**: No Dockerfile sets a non-root `USER` (whole repository)"))
        #expect(lines.contains("  - job declared here: `.github/workflows/ci.yml:4`"))
        #expect(lines.contains("**Remediation:** Remove `|| true` and `continue-on-error`."))
        #expect(lines.contains("- `make lint || true` cannot fail the build at `.github/workflows/ci.yml:9`: inline: legacy job"))
        // The suppressed finding is not listed as an open issue.
        #expect(!lines.contains { $0.hasPrefix("- **high**: `make lint") })
    }

    @Test func hostileStringsAreEscaped() throws {
        let text = try rendered()
        let lines = text.components(separatedBy: "\n")
        #expect(lines.contains("- **high**: Uses \\*bold\\* \\_it\\_ \\[link\\](x) \\| pipe # heading \\<script\\> "
            + "(confidence: medium) at ``a|b`c<script>.yml:2``"))
        // The snippet's own ``` cannot close the block: the fence is one backtick longer.
        #expect(text.contains("\n  ````\n  ```\n  echo `x`\n  ```\n  ````\n"))
        #expect(lines.contains("- github-workflow (2): `.github/workflows/ci.yml`, ``a|b`c<script>.yml``"))
        #expect(lines.contains("- parse ``a|b`c<script>.yml:7``: unexpected end of stream \\| near `<<`"))
        // No raw HTML outside code spans, and Mustache's HTML escaping is off.
        #expect(!text.contains("&lt;") && !text.contains("&amp;") && !text.contains("&#"))
        #expect(lines.contains("| Backups & DR | n/a | n/a | 0 | 0 | 1 |"))
    }

    @Test func hostileValuesInTableCellsKeepTheTableShape() throws {
        var report = ReportFixture.report()
        report.target.name = "evil | name\n# injected"
        report.target.path = "x|y`z"
        report.roadmap[0].items[0].title = "pipes | `a|b` and\nnewline"
        let lines = try lines(report)
        #expect(lines.first == "# Production readiness audit: evil \\| name # injected")
        #expect(lines.contains("| Target | evil \\| name<br>\\# injected |"))
        #expect(lines.contains("| Path | ``x\\|y`z`` |"))
        #expect(lines.contains("| CTR-001 | pipes \\| `a\\|b` and<br>newline | critical | 1h | +1.2 |"))
    }

    @Test func roadmapGateAndAppendix() throws {
        let lines = try lines()
        #expect(lines.contains("### Phase 1: Reach level 2 (1h 30m)"))
        #expect(lines.contains("| CTR-001 | Containers run as a non-root user | critical | 1h | +1.2 |"))
        #expect(lines.contains("| CI-007 | Third-party actions are pinned to a commit | medium | 15m | +0.3 |"))
        #expect(lines.contains("- Failed: overall 6.5 \\< 8.0"))
        #expect(lines.contains("120 files seen, 30 read, 2 skipped; 80 source files."))
        #expect(lines.contains("- dockerfile (1): `Dockerfile`"))
        #expect(lines.contains("- binary: 1"))
        #expect(lines.contains("- too large: 1"))
        #expect(lines.contains("- config: unknown key `foo` in .opsaudit.yml"))
        #expect(lines.contains("- skipped `assets/big.bin:1`: file larger than 1 MB"))
        #expect(lines.contains("- Rule weight by severity: critical 10, high 5, medium 3, low 1, info 0."))
        #expect(lines.contains { $0.contains("caps its category at 4.0") })
        #expect(lines.contains { $0.hasSuffix("1 Manual, 2 Basic automation, 3 Production-grade, 4 Enterprise-grade.") })
        // Kinds and reasons are sorted, not in dictionary order.
        let dockerfile = try #require(lines.firstIndex(of: "- dockerfile (1): `Dockerfile`"))
        let binary = try #require(lines.firstIndex(of: "- binary: 1"))
        #expect(lines[dockerfile + 1].hasPrefix("- github-workflow (2)"))
        #expect(lines[binary + 1] == "- too large: 1")
    }

    @Test func topLevelPassingGateAndNoRoadmap() throws {
        var report = ReportFixture.report()
        report.summary.level = 4
        report.summary.levelTitle = "Enterprise-grade"
        report.summary.nextLevel = nil
        report.gate = GateResult(passed: true, failures: [])
        report.roadmap = []
        let lines = try lines(report)
        #expect(lines.contains("This is the highest maturity level."))
        #expect(!lines.contains { $0.hasPrefix("To reach level") })
        #expect(lines.contains("Passed."))
        #expect(!lines.contains { $0.hasPrefix("- Failed:") })
        #expect(lines.contains("Nothing to fix."))
    }

    @Test func renderingIsDeterministic() throws {
        let report = ReportFixture.report()
        let template = try Self.defaultTemplate()
        #expect(try MarkdownReportRenderer.render(report, template: template)
            == MarkdownReportRenderer.render(report, template: template))
    }

    @Test func customTemplatesAreNotHTMLEscapedAndBadOnesThrow() throws {
        let report = ReportFixture.report()
        #expect(try MarkdownReportRenderer.render(report, template: "{{title}}|{{categoryRows.0.categoryTitle}}")
            .hasPrefix("Production readiness audit: acme-api|"))
        #expect(try MarkdownReportRenderer.render(report, template: "{{#categoryRows}}{{{categoryTitle}}};{{/categoryRows}}")
            == "CI/CD;Containers;Backups & DR;Security;")
        #expect(throws: (any Error).self) { try MarkdownReportRenderer.render(report, template: "{{#open}}never closed") }
    }
}

@Suite("MarkdownEscaping")
struct MarkdownEscapingTests {
    typealias E = MarkdownEscaping

    @Test func plainText() {
        #expect(E.text("a*b_c[d]e<f>g|h~i\\j`k") == "a\\*b\\_c\\[d\\]e\\<f\\>g\\|h\\~i\\\\j\\`k")
        #expect(E.text("# title") == "\\# title")
        #expect(E.text("- item") == "\\- item")
        #expect(E.text("> quote") == "\\> quote")
        #expect(E.text("1. first") == "1\\. first")
        #expect(E.text("12) first") == "12\\) first")
        #expect(E.text("version 1.2 - ok # 3") == "version 1.2 - ok # 3")
        #expect(E.text("two\r\nlines\n\n# x") == "two lines # x")
    }

    @Test func tableCells() {
        #expect(E.cell("a|b\nc") == "a\\|b<br>c")
        #expect(E.cell("a\r\n# b") == "a<br>\\# b")
    }

    @Test func inlineCode() {
        #expect(E.code("plain") == "`plain`")
        #expect(E.code("a`b") == "``a`b``")
        #expect(E.code("a``b`") == "``` a``b` ```")
        #expect(E.code("`x") == "`` `x ``")
        #expect(E.code(" x ") == "`  x  `")
        #expect(E.code("a|b", inTable: true) == "`a\\|b`")
        #expect(E.code("a|b") == "`a|b`")
        #expect(E.code("") == "` `")
        #expect(E.code("one\ntwo") == "`one two`")
    }

    @Test func proseKeepsCodeSpansAndEscapesTheRest() {
        #expect(E.prose("`npm test || true` fails *now*") == "`npm test || true` fails \\*now\\*")
        #expect(E.prose("`a|b` | c", inTable: true) == "`a\\|b` \\| c")
        #expect(E.prose("unmatched ` tick") == "unmatched \\` tick")
        #expect(E.prose("``a`b`` x") == "``a`b`` x")
        #expect(E.prose("# `x`") == "\\# `x`")
        #expect(E.prose("`x` # y") == "`x` # y")
        #expect(E.prose("a\nb", inTable: true) == "a<br>b")
    }

    @Test func codeBlocksOutrunTheirContent() {
        #expect(E.codeBlock("x") == "```\nx\n```")
        #expect(E.codeBlock("```\ny\n```\n") == "````\n```\ny\n```\n````")
        #expect(E.codeBlock("a\r\n\r\nb", indent: 2) == "  ```\n  a\n\n  b\n  ```")
        #expect(E.codeBlock("`````") == "``````\n`````\n``````")
    }
}

@Suite("MarkdownTemplateData docs")
struct MarkdownTemplateDataDocsTests {
    /// Every variable a template can use, collected from a fully populated value.
    private static func names(of value: Any, into names: inout Set<String>) {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .collection || mirror.displayStyle == .optional {
            for child in mirror.children { Self.names(of: child.value, into: &names) }
            return
        }
        guard mirror.displayStyle == .struct else { return }
        for child in mirror.children {
            if let label = child.label { names.insert(label) }
            Self.names(of: child.value, into: &names)
        }
    }

    @Test func everyVariableIsDocumented() throws {
        let docs = try String(contentsOfFile: ReportFixture.packageRoot() + "/docs/templates.md", encoding: .utf8)
        var names: Set<String> = []
        Self.names(of: MarkdownTemplateData(ReportFixture.report()), into: &names)
        #expect(names.contains("snippetBlock") && names.contains("gateFailures") && names.contains("nextLevelEffort"))
        let undocumented = names.sorted().filter { !docs.contains($0) }
        #expect(undocumented == [])
    }
}
