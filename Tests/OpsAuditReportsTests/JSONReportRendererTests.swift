import Foundation
import OpsAuditModel
import OpsAuditTestSupport
import Testing
@testable import OpsAuditReports

@Suite("JSONReportRenderer")
struct JSONReportRendererTests {
    private func schema() throws -> SchemaValidator {
        let path = ReportFixture.packageRoot() + "/reports/schema/report.schema.json"
        return SchemaValidator(root: try JSONDocument.parse(String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test func fixtureValidatesAgainstTheSchema() throws {
        let json = JSONReportRenderer.render(ReportFixture.report())
        #expect(try schema().validate(JSONDocument.parse(json)) == [])
    }

    @Test func minimalReportValidatesAgainstTheSchema() throws {
        var report = ReportFixture.report()
        report.target.commit = nil
        report.target.branch = nil
        report.summary.overallScore = nil
        report.summary.readinessPercent = nil
        report.summary.nextLevel = nil
        report.gate = nil
        report.rules = []
        report.roadmap = []
        report.diagnostics = []
        #expect(try schema().validate(JSONDocument.parse(JSONReportRenderer.render(report))) == [])
    }

    @Test func schemaCatchesAReportThatBreaksTheContract() throws {
        let json = JSONReportRenderer.render(ReportFixture.report())
        guard case .object(var top) = try JSONDocument.parse(json), case .object(var inventory)? = top["inventory"] else {
            Issue.record("report is not an object")
            return
        }
        inventory["filesSeen"] = inventory.removeValue(forKey: "files_seen")
        top["inventory"] = .object(inventory)
        top["categories"] = .array([.object(["id": .string("ops")])])
        let errors = try schema().validate(.object(top))
        #expect(errors.contains("/inventory: missing required files_seen"))
        #expect(errors.contains("/inventory/filesSeen: additional property not allowed"))
        #expect(errors.contains("/categories/0/id: value not in enum"))
    }

    @Test func schemaCarriesItsVersion() throws {
        let root = try schema().root
        #expect(root["$id"] == .string("https://opsaudit.dev/schema/report/\(Report.schemaVersion)/report.schema.json"))
        #expect(root["properties"]?["schema_version"]?["enum"] == .array([.string(Report.schemaVersion)]))
    }

    @Test func keysAreSnakeCaseAndMapKeysAreKeptVerbatim() {
        var report = ReportFixture.report()
        report.inventory.skippedByReason["sizeLimit"] = 3
        let json = JSONReportRenderer.render(report)
        for key in ["files_seen", "files_read", "files_skipped", "schema_version", "rule_id", "overall_score",
                    "readiness_percent", "catalog_version", "score_gain", "effort_minutes", "not_applicable"] {
            #expect(json.contains("\"\(key)\" : "), "missing \(key)")
        }
        #expect(json.contains("\"sizeLimit\" : 3"))
        #expect(json.contains("\"github-workflow\" : ["))
        #expect(!json.contains("ruleID"))
    }

    @Test func numbersPrintStably() {
        var report = ReportFixture.report()
        report.summary.overallScore = 6.499999999999
        report.categories[0].score = 0.1 + 0.2 + 6.2
        report.rules[3].credit = 2.0 / 3.0
        let json = JSONReportRenderer.render(report)
        #expect(json.contains("\"overall_score\" : 6.5,"))
        #expect(json.contains("\"score\" : 6.5,"))
        #expect(json.contains("\"score_gain\" : 0.3,"))
        #expect(json.contains("\"credit\" : 0.667,"))
        #expect(!json.contains("0000000"))
        #expect(!json.contains("9999999"))
    }

    @Test func outputIsPrettySortedUnescapedAndEndsWithANewline() {
        let json = JSONReportRenderer.render(ReportFixture.report())
        #expect(json.hasSuffix("}\n"))
        #expect(json.hasPrefix("{\n  \"categories\" : ["))
        #expect(json.contains("\".github/workflows/ci.yml\""))
        #expect(!json.contains("\\/"))
        #expect(json.contains(#""message" : "Uses *bold* _it_ [link](x) | pipe\n# heading\n<script>""#))
    }

    @Test func renderingIsDeterministic() {
        let report = ReportFixture.report()
        #expect(JSONReportRenderer.render(report) == JSONReportRenderer.render(report))
    }
}
