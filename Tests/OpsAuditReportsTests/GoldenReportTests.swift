import Foundation
import OpsAuditKit
import OpsAuditModel
import OpsAuditTestSupport
import Testing
@testable import OpsAuditReports

/// `reports/examples/`: every format produced from the fixture repositories, kept current here.
/// Regenerate on purpose with `OPSAUDIT_UPDATE_GOLDEN=1 swift test` and review the diff like code.
@Suite("Golden reports")
struct GoldenReportTests {
    /// Scans a fixture under Tests/Fixtures with the real working-directory source, scrubbing what
    /// changes between machines and commits (commit, branch, tool and catalog versions, time).
    static func report(fixture: String) throws -> Report {
        let root = ReportFixture.packageRoot() + "/Tests/Fixtures/" + fixture
        var options = ScanOptions()
        options.targetPath = fixture
        options.timestamp = "2026-01-01T00:00:00Z"
        options.toolVersion = "0.0.0-golden"
        var report = try Scanner().scan(WorkingDirectorySource(root: root), options: options).report
        report.target.commit = nil
        report.target.branch = nil
        report.tool.catalogVersion = "golden"
        report.gate = Gate(failUnder: 6.5).evaluate(report)
        return report
    }

    static let fixtures = ["sample-app", "broken-app"]

    @Test(arguments: fixtures)
    func everyFormatMatchesItsGolden(_ fixture: String) throws {
        let report = try Self.report(fixture: fixture)
        for format in ReportFormat.allCases {
            let ext = ["text": "txt", "markdown": "md", "junit": "junit.xml", "github": "github.txt", "codeclimate": "codeclimate.json"][format.rawValue] ?? format.rawValue
            let rendered = try format.render(report)
            if let problem = Golden.check(rendered, against: "reports/examples/\(fixture).\(ext)") {
                Issue.record(Comment(rawValue: problem))
            }
        }
    }

    @Test(arguments: fixtures)
    func scanningTwiceGivesTheSameBytes(_ fixture: String) throws {
        let first = try Self.report(fixture: fixture)
        let second = try Self.report(fixture: fixture)
        for format in ReportFormat.allCases {
            #expect(try format.render(first) == format.render(second), "\(format) differs between two scans")
        }
    }

    @Test(arguments: fixtures)
    func outputsValidateAgainstTheirSchemas(_ fixture: String) throws {
        let report = try Self.report(fixture: fixture)
        let root = ReportFixture.packageRoot()
        let ours = SchemaValidator(root: try JSONDocument.parse(String(contentsOfFile: root + "/reports/schema/report.schema.json", encoding: .utf8)))
        #expect(try ours.validate(JSONDocument.parse(ReportFormat.json.render(report))) == [])
        let sarif = SchemaValidator(root: try JSONDocument.parse(String(contentsOfFile: root + "/../shared/schemas/sarif-schema-2.1.0.json", encoding: .utf8)))
        #expect(try sarif.validate(JSONDocument.parse(ReportFormat.sarif.render(report))) == [])
        #expect(XMLSchemaValidator.validate(try ReportFormat.junit.render(report), schemaPath: root + "/../shared/schemas/junit.xsd") == [])
    }

    @Test func sampleAppReportsTheIssueTwoFindings() throws {
        let report = try Self.report(fixture: "sample-app")
        let places = Set(report.findings.map { "\($0.ruleID) \($0.location?.description ?? "repository")" })
        for expected in ["CI-003 .github/workflows/ci.yml:18", "CTR-001 Dockerfile:8", "DEP-003 fly.toml:14",
                         "DEP-001 fly.toml:6", "SEC-002 .env.production:2"] {
            #expect(places.contains(expected), "missing \(expected) in \(places.sorted())")
        }
        #expect(report.gate?.passed == false)
    }

    @Test func brokenAppReportsParseDiagnosticsAndGoesOn() throws {
        let report = try Self.report(fixture: "broken-app")
        let diagnosed = Set(report.diagnostics.compactMap { $0.location?.path })
        for path in [".github/workflows/ci.yml", "fly.toml", "package.json", "Dockerfile", ".env", "render.yaml"] {
            #expect(diagnosed.contains(path), "no diagnostic for \(path): \(report.diagnostics)")
        }
        #expect(report.rules.count == Catalog.embedded.rules.count)
    }
}
