import Foundation
import OpsAuditModel
import Testing
@testable import OpsAuditReports

@Suite("HTMLReportRenderer")
struct HTMLReportRendererTests {
    static let scriptPath = "<script>alert(1)</script>.yml"
    static let markup = "</code></pre><script>alert(2)</script><img src=x onerror=alert(3)><a href=\"//evil.example\">x</a>"

    /// The fixture with markup in every string a repository or configuration can reach.
    static func hostileReport() -> Report {
        var report = ReportFixture.report()
        report.target.name = "acme <script>alert(0)</script>"
        report.target.path = markup
        report.target.branch = "\"><script>"
        report.rules[1].evidence[0] = Evidence(markup, at: Location(path: scriptPath, line: 1))
        report.rules[2].findings[0].location = Location(path: scriptPath, line: 3)
        report.rules[2].findings[0].snippet = markup
        report.rules[2].findings[0].related = [RelatedLocation(markup, at: Location(path: scriptPath, line: 1))]
        report.rules[2].findings[2].suppression = markup
        report.rules[2].remediation = "`\(markup)` and " + markup
        report.rules[2].references = ["javascript:alert(4)", "https://example.com/a\"onmouseover=\"alert(5)", "https://example.com/ok"]
        report.rules[0].reason = markup
        report.categories[0].title = markup
        report.categories[0].status = markup
        report.roadmap[0].title = markup
        report.inventory.filesByKind[markup] = [scriptPath]
        report.inventory.skippedByReason[markup] = 1
        report.diagnostics.append(Diagnostic(.parse, markup, at: Location(path: scriptPath, line: 2)))
        report.gate?.failures = [markup]
        return report
    }

    /// Every value of `name="…"` in the document.
    private func attributeValues(_ name: String, in html: String) -> [String] {
        html.components(separatedBy: " \(name)=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func hostileStringsRenderAsText() {
        let html = HTMLReportRenderer.render(Self.hostileReport())
        #expect(!html.localizedCaseInsensitiveContains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("onerror=alert(3)>"), "markup attribute left unescaped")
        #expect(!html.contains("onmouseover=\""))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;.yml:3"))
        #expect(html.contains("<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;&lt;img src=x onerror=alert(3)&gt;"))
        #expect(html.contains("<title>Production readiness audit: acme &lt;script&gt;alert(0)&lt;/script&gt;</title>"))
        #expect(html.contains("<code>&quot;&gt;&lt;script&gt;</code>"))
        // A code span in prose becomes <code>, its content still escaped.
        #expect(html.contains("<strong>Remediation:</strong> <code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;"))
    }

    @Test func nothingIsFetchedAndOnlyWebReferencesAreLinks() {
        for report in [ReportFixture.report(), Self.hostileReport()] {
            let html = HTMLReportRenderer.render(report)
            #expect(attributeValues("src", in: html) == [])
            let external = attributeValues("href", in: html).filter { !$0.hasPrefix("#") }
            let references = Set(report.rules.flatMap(\.references))
            #expect(external.allSatisfy { references.contains($0) && $0.hasPrefix("https://") }, "\(external)")
            #expect(!html.contains("url("))
            #expect(!html.contains("@import"))
            #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"))
        }
        let hostile = HTMLReportRenderer.render(Self.hostileReport())
        #expect(attributeValues("href", in: hostile).filter { !$0.hasPrefix("#") } == ["https://example.com/ok"])
        #expect(hostile.contains("<code>javascript:alert(4)</code>"))
        #expect(attributeValues("href", in: HTMLReportRenderer.render(ReportFixture.report())).contains("https://example.com/ci-003"))
    }

    @Test func everyInternalLinkHasATarget() {
        let html = HTMLReportRenderer.render(ReportFixture.report())
        let ids = Set(attributeValues("id", in: html))
        let targets = attributeValues("href", in: html).filter { $0.hasPrefix("#") }.map { String($0.dropFirst()) }
        #expect(!targets.isEmpty)
        #expect(targets.allSatisfy(ids.contains), "\(targets.filter { !ids.contains($0) })")
        #expect(ids.count == attributeValues("id", in: html).count, "duplicate id")
        for id in ["summary", "categories", "category-ci", "category-containers", "category-backups", "category-security",
                   "roadmap", "gate", "appendix", "rule-CI-003", "rule-CTR-001", "rule-CI-007", "rule-BAK-001"] {
            #expect(ids.contains(id), "missing \(id)")
        }
    }

    @Test func tagsAreBalanced() {
        for report in [ReportFixture.report(), Self.hostileReport()] {
            let html = HTMLReportRenderer.render(report)
            for tag in ["section", "details", "summary", "ul", "li", "table", "tr", "td", "svg", "pre", "code", "p", "nav", "figure"] {
                let opened = html.components(separatedBy: "<\(tag)>").count + html.components(separatedBy: "<\(tag) ").count - 2
                let closed = html.components(separatedBy: "</\(tag)>").count - 1
                #expect(opened == closed, "<\(tag)>: \(opened) opened, \(closed) closed")
            }
        }
    }

    @Test func summaryHasScoresLevelAndSeverityCounts() {
        let html = HTMLReportRenderer.render(ReportFixture.report())
        #expect(html.contains("<div class=\"value status-warn\">6.5/10</div>"))
        #expect(html.contains("<div class=\"value \">1 · Manual</div>"))
        #expect(html.contains("<span class=\"badge sev-critical\">critical 1</span><span class=\"badge sev-high\">high 2</span>"))
        #expect(html.contains("1 suppressed · 1 rule not applicable"))
        #expect(html.contains("To reach level 2 (Basic automation), fix 2 rule(s), about 1h 30m of work:"))
        #expect(html.contains("<li class=\"ok\"><strong>CI-001</strong> A CI pipeline runs on every push"))
        #expect(html.contains("<li>workflow <code>ci.yml</code> runs on push <span class=\"place\">— <code>.github/workflows/ci.yml:3</code></span></li>"))
        #expect(html.contains("<li class=\"gap\"><a href=\"#rule-CTR-001\"><strong>CTR-001</strong></a>"))
    }

    @Test func chartHasOneBarPerScoredCategory() {
        let svg = HTMLReportRenderer.chart(ReportFixture.report().categories)
        #expect(svg.contains("<rect x=\"150\" y=\"15\" width=\"299\" height=\"20\" rx=\"3\" fill=\"#bf8700\"/>"))  // CI 6.5
        #expect(svg.contains("<rect x=\"150\" y=\"45\" width=\"184\" height=\"20\" rx=\"3\" fill=\"#cf222e\"/>"))  // Containers 4.0
        #expect(svg.contains("<text x=\"158\" y=\"89\" fill=\"#59636e\">not applicable</text>"))  // Backups n/a
        #expect(svg.contains("<rect x=\"150\" y=\"105\" width=\"460\" height=\"20\" rx=\"3\" fill=\"#1a7f37\"/>"))  // Security 10
        #expect(svg.contains("<title>CI/CD</title>CI/CD</text>"))
        var long = ReportFixture.report().categories
        long[0].title = "A category title much longer than the label column"
        #expect(HTMLReportRenderer.chart(long).contains("<title>A category title much longer than the label column</title>A category title mu…</text>"))
        #expect(svg.components(separatedBy: "<rect ").count - 1 == 4)
    }

    @Test func failedRulesAreCollapsibleWithFindings() {
        let html = HTMLReportRenderer.render(ReportFixture.report())
        #expect(html.components(separatedBy: "<details class=\"issue\"").count - 1 == 3)
        #expect(html.contains("<details class=\"issue\" id=\"rule-CI-003\" open>\n<summary><span class=\"badge sev-high\">high</span> CI-003 Test steps must be able to fail the pipeline <span class=\"muted\">· 2 findings</span></summary>"))
        #expect(html.contains("<li><code>npm test || true</code> cannot fail the build <span class=\"place\">— <code>.github/workflows/ci.yml:6</code></span>"))
        #expect(html.contains("<li>job declared here: <code>.github/workflows/ci.yml:4</code></li>"))
        #expect(html.contains("<pre><code>      - run: npm test || true</code></pre>"))
        #expect(html.contains("(confidence: medium)"))
        #expect(html.contains("No Dockerfile sets a non-root <code>USER</code> <span class=\"place\">(whole repository)</span>"))
        #expect(html.contains("<em>inline: legacy job</em>"))
        #expect(html.contains("Effort 15m · required for level 3 · partial credit 0.6"))
    }

    @Test func sectionsMatchTheMarkdownReport() {
        let html = HTMLReportRenderer.render(ReportFixture.report())
        var last = html.startIndex
        for heading in ["<h2>Executive summary</h2>", "<h3>Key strengths</h3>", "<h3>Critical gaps</h3>", "<h2>Category scores</h2>",
                        "<h2>CI/CD — 6.5/10", "<h2>Containers — 4.0/10", "<p class=\"note\">A failing critical rule caps",
                        "<h2>Backups &amp; DR — not applicable</h2>", "<h2>Security — 10.0/10", "<h2>Prioritized roadmap</h2>",
                        "<h3>Phase 1: Reach level 2", "<h2>Quality gate</h2>", "<h2>Appendix</h2>", "<h3>Files analyzed</h3>",
                        "<h3>Skipped files</h3>", "<h3>Diagnostics</h3>", "<h3>Rules not applicable</h3>", "<h3>Scoring method</h3>"] {
            guard let range = html.range(of: heading, range: last..<html.endIndex) else {
                Issue.record("missing or out of order: \(heading)")
                continue
            }
            last = range.upperBound
        }
        #expect(html.contains("<td class=\"num\">+1.2</td>"))
    }

    @Test func emptyReportRenders() {
        let html = HTMLReportRenderer.render(JUnitReportRendererTests.emptyReport())
        #expect(html.contains("<p class=\"muted\">Nothing to fix.</p>"))
        #expect(html.contains("<div class=\"value status-na\">n/a</div>"))
        #expect(html.contains("This is the highest maturity level."))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func printsOnA4WithPageBreaks() {
        let html = HTMLReportRenderer.render(ReportFixture.report())
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("section.category, section.roadmap, section.appendix { break-before: page; }"))
        #expect(html.components(separatedBy: "<section class=\"category\"").count - 1 == 4)
    }

    @Test func renderingIsDeterministic() {
        let report = Self.hostileReport()
        #expect(HTMLReportRenderer.render(report) == HTMLReportRenderer.render(report))
        #expect(HTMLReportRenderer.render(ReportFixture.report()) == HTMLReportRenderer.render(ReportFixture.report()))
    }
}
