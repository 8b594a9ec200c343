import Foundation
import OpsAuditModel
import OpsAuditTestSupport
import Testing
@testable import OpsAuditReports

@Suite("JUnitReportRenderer")
struct JUnitReportRendererTests {
    /// `../shared/schemas/junit.xsd` beside the package root, as CI lays it out.
    static let schemaPath = ReportFixture.packageRoot() + "/../shared/schemas/junit.xsd"

    /// The fixture with control characters, CDATA terminators, quotes and markup in every place
    /// a repository can put text: paths, messages, reasons, remediation, target name.
    static func hostileReport() -> Report {
        var report = ReportFixture.report()
        let nasty = "a\u{0}b\u{1B}[31mc\u{7}d]]>e<f>&g\"h'i\u{FFFE}j\u{FFFF}k\r\nl\tm\u{8}"
        report.target.name = "acme\u{0} <x> & \"y\""
        report.tool.version = "0.1.0--beta-"
        report.rules[0].reason = nasty
        report.rules[2].title = "Title with <b>markup</b> & ]]> \u{1}"
        report.rules[2].findings[0].message = nasty
        report.rules[2].findings[1].location = Location(path: "<script>alert(1)</script>\u{0}.yml", line: 3)
        report.rules[2].remediation = "<![CDATA[ x ]]> \u{C}"
        return report
    }

    @Test func fixtureValidatesAgainstTheAntSchema() {
        let xml = JUnitReportRenderer.render(ReportFixture.report())
        #expect(XMLSchemaValidator.validate(xml, schemaPath: Self.schemaPath) == [])
    }

    @Test func hostileFixtureStillValidates() {
        let xml = JUnitReportRenderer.render(Self.hostileReport())
        #expect(XMLSchemaValidator.validate(xml, schemaPath: Self.schemaPath) == [])
        #expect(!xml.contains("]]>"))
        #expect(!xml.contains("<script"))
        #expect(!xml.contains("<b>"))
        #expect(!xml.unicodeScalars.contains { !XMLEscaping.isAllowed($0) })
        #expect(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt;.yml:3"))
        #expect(xml.contains("ab[31mcd]]&gt;e&lt;f&gt;&amp;g&quot;h&apos;ijk"))
        #expect(xml.contains("<!-- opsaudit 0.1.0- -beta-: 7 rules"))
    }

    static func emptyReport() -> Report {
        var report = ReportFixture.report()
        report.categories = []
        report.rules = []
        report.roadmap = []
        report.diagnostics = []
        report.summary.overallScore = nil
        report.summary.nextLevel = nil
        report.gate = nil
        report.target.commit = nil
        report.generatedAt = "not a time"
        return report
    }

    @Test func emptyReportValidates() {
        let xml = JUnitReportRenderer.render(Self.emptyReport())
        #expect(XMLSchemaValidator.validate(xml, schemaPath: Self.schemaPath) == [])
        #expect(!xml.contains("<testsuite "))
    }

    @Test func validatorRejectsWhatTheSchemaForbids() {
        let xml = JUnitReportRenderer.render(ReportFixture.report())
        let withoutHostname = xml.replacingOccurrences(of: " hostname=\"localhost\"", with: "")
        #expect(!XMLSchemaValidator.validate(withoutHostname, schemaPath: Self.schemaPath).isEmpty)
        let zoned = xml.replacingOccurrences(of: "2026-11-30T12:00:00\"", with: "2026-11-30T12:00:00Z\"")
        #expect(!XMLSchemaValidator.validate(zoned, schemaPath: Self.schemaPath).isEmpty)
        #expect(!XMLSchemaValidator.validate("<testsuites><x>", schemaPath: Self.schemaPath).isEmpty)
    }

    @Test func oneSuitePerCategoryWithCounts() {
        let xml = JUnitReportRenderer.render(ReportFixture.report())
        let suites = xml.components(separatedBy: "\n").filter { $0.hasPrefix("  <testsuite ") }
        #expect(suites == [
            #"  <testsuite name="opsaudit.ci" package="opsaudit" id="0" timestamp="2026-11-30T12:00:00" hostname="localhost" tests="3" failures="2" errors="0" skipped="0" time="0">"#,
            #"  <testsuite name="opsaudit.containers" package="opsaudit" id="1" timestamp="2026-11-30T12:00:00" hostname="localhost" tests="2" failures="1" errors="0" skipped="0" time="0">"#,
            #"  <testsuite name="opsaudit.backups" package="opsaudit" id="2" timestamp="2026-11-30T12:00:00" hostname="localhost" tests="1" failures="0" errors="0" skipped="1" time="0">"#,
            #"  <testsuite name="opsaudit.security" package="opsaudit" id="3" timestamp="2026-11-30T12:00:00" hostname="localhost" tests="1" failures="0" errors="0" skipped="0" time="0">"#,
        ])
        #expect(xml.contains("<!-- opsaudit 0.1.0: 7 rules, 3 failed, 1 not applicable; overall 6.5/10, level 1 -->"))
    }

    @Test func propertiesCarryScoresAndLevel() {
        let xml = JUnitReportRenderer.render(ReportFixture.report())
        #expect(xml.contains(#"<property name="category.score" value="6.5"/>"#))
        #expect(xml.contains(#"<property name="category.score" value="n/a"/>"#))
        #expect(xml.contains(#"<property name="category.capped" value="true"/>"#))
        #expect(xml.contains(#"<property name="overall.score" value="6.5"/>"#))
        #expect(xml.contains(#"<property name="maturity.level" value="1"/>"#))
        #expect(xml.contains(#"<property name="maturity.title" value="Manual"/>"#))
    }

    @Test func failedRuleListsEveryFindingWithItsPlace() {
        let xml = JUnitReportRenderer.render(ReportFixture.report())
        let expected = """
                <testcase name="CI-003 Test steps must be able to fail the pipeline" classname="opsaudit.ci" time="0">
                  <failure type="high" message="2 findings, 1 suppressed">.github/workflows/ci.yml:6: `npm test || true` cannot fail the build
            a|b`c&lt;script&gt;.yml:2: Uses *bold* _it_ [link](x) | pipe # heading &lt;script&gt;
            .github/workflows/ci.yml:9: `make lint || true` cannot fail the build (suppressed: inline: legacy job)
            Remediation: Remove `|| true` and `continue-on-error`.</failure>
                </testcase>
            """
        #expect(xml.contains(expected))
        #expect(xml.contains(#"<failure type="critical" message="1 finding">(repository): No Dockerfile sets a non-root `USER`"#))
        #expect(xml.contains(#"<failure type="medium" message="1 finding, partial credit 0.6">.github/workflows/ci.yml:10: `foo/bar@v1` is not pinned"#))
    }

    @Test func passedAndNotApplicableRules() {
        let xml = JUnitReportRenderer.render(ReportFixture.report())
        #expect(xml.contains(#"<testcase name="CI-001 A CI pipeline runs on every push" classname="opsaudit.ci" time="0"/>"#))
        #expect(xml.contains("""
                <testcase name="BAK-001 Databases are backed up" classname="opsaudit.backups" time="0">
                  <skipped message="no database found">no database found</skipped>
                </testcase>
            """))
    }

    @Test func timestampFallsBackWhenNotISO() {
        #expect(JUnitReportRenderer.junitTimestamp("2026-11-30T12:00:00.123Z") == "2026-11-30T12:00:00")
        #expect(JUnitReportRenderer.junitTimestamp("yesterday") == "1970-01-01T00:00:00")
        #expect(JUnitReportRenderer.junitTimestamp("2026-11-30 12:00:00") == "1970-01-01T00:00:00")
    }

    @Test func renderingIsDeterministic() {
        let report = Self.hostileReport()
        #expect(JUnitReportRenderer.render(report) == JUnitReportRenderer.render(report))
    }
}
