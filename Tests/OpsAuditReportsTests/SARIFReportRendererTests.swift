import Foundation
import OpsAuditModel
import OpsAuditTestSupport
import Testing
@testable import OpsAuditReports

@Suite("SARIFReportRenderer")
struct SARIFReportRendererTests {
    /// `../shared/schemas/sarif-schema-2.1.0.json` beside the package root, as CI lays it out.
    private func schema() throws -> SchemaValidator {
        let path = ReportFixture.packageRoot() + "/../shared/schemas/sarif-schema-2.1.0.json"
        return SchemaValidator(root: try JSONDocument.parse(String(contentsOfFile: path, encoding: .utf8)))
    }

    private func run(_ report: Report = ReportFixture.report()) throws -> JSONDocument {
        guard case .array(let runs)? = try JSONDocument.parse(SARIFReportRenderer.render(report))["runs"], runs.count == 1 else {
            throw CocoaError(.coderInvalidValue)
        }
        return runs[0]
    }

    private func results(_ report: Report = ReportFixture.report()) throws -> [JSONDocument] {
        guard case .array(let results)? = try run(report)["results"] else { return [] }
        return results
    }

    private func rules(_ report: Report = ReportFixture.report()) throws -> [JSONDocument] {
        guard case .array(let rules)? = try run(report)["tool"]?["driver"]?["rules"] else { return [] }
        return rules
    }

    @Test func fixtureValidatesAgainstTheSARIFSchema() throws {
        let sarif = SARIFReportRenderer.render(ReportFixture.report())
        #expect(try schema().validate(JSONDocument.parse(sarif)) == [])
    }

    @Test func hostileFixtureValidates() throws {
        let report = JUnitReportRendererTests.hostileReport()
        let sarif = SARIFReportRenderer.render(report)
        #expect(try schema().validate(JSONDocument.parse(sarif)) == [])
        let uri = try results(report)[2]["locations"]?.firstElement?["physicalLocation"]?["artifactLocation"]?["uri"]
        #expect(uri == .string("%3Cscript%3Ealert%281%29%3C/script%3E%00.yml"))
    }

    @Test func emptyReportValidates() throws {
        let sarif = SARIFReportRenderer.render(JUnitReportRendererTests.emptyReport())
        #expect(try schema().validate(JSONDocument.parse(sarif)) == [])
        #expect(try results(JUnitReportRendererTests.emptyReport()).isEmpty)
    }

    @Test func schemaRejectsAnInvalidLog() throws {
        let sarif = SARIFReportRenderer.render(ReportFixture.report())
        let fatal = sarif.replacingOccurrences(of: "\"level\" : \"warning\"", with: "\"level\" : \"fatal\"")
        #expect(fatal != sarif)
        let errors = try schema().validate(JSONDocument.parse(fatal))
        #expect(errors.contains("/runs/0/results/3/level: value not in enum"))
        #expect(errors.contains("/runs/0/tool/driver/rules/3/defaultConfiguration/level: value not in enum"))

        let noStartLine = sarif.replacingOccurrences(of: "\"startLine\"", with: "\"firstLine\"")
        #expect(try schema().validate(JSONDocument.parse(noStartLine)).contains("/runs/0/results/0/locations/0/physicalLocation/region: matches none of anyOf"))
        let spaced = sarif.replacingOccurrences(of: "\".github/workflows/ci.yml\"", with: "\".github/work flows/ci.yml\"")
        #expect(try schema().validate(JSONDocument.parse(spaced)).contains("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri: not a valid uri-reference"))
    }

    @Test func driverCarriesEveryRuleWithItsMetadata() throws {
        let run = try run()
        let driver = run["tool"]?["driver"]
        #expect(driver?["name"] == .string("opsaudit"))
        #expect(driver?["version"] == .string("0.1.0"))
        #expect(driver?["semanticVersion"] == .string("0.1.0"))
        #expect(driver?["informationUri"] == .string("https://opsaudit.dev"))
        let rules = try rules()
        #expect(rules.compactMap { $0["id"]?.stringValue } == ["BAK-001", "CI-001", "CI-003", "CI-007", "CTR-001", "CTR-002", "SEC-001"])
        let ci003 = rules[2]
        #expect(ci003["name"] == .string("tests-must-block"))
        #expect(ci003["shortDescription"]?["text"] == .string("Test steps must be able to fail the pipeline"))
        #expect(ci003["fullDescription"]?["text"] == .string("Swallowed failures ship broken code."))
        #expect(ci003["helpUri"] == .string("https://example.com/ci-003"))
        #expect(ci003["help"]?["text"] == .string("Remediation: Remove `|| true` and\n`continue-on-error`.\n\nReferences:\n- https://example.com/ci-003"))
        #expect(ci003["help"]?["markdown"] == .string(
            "**Remediation:** Remove `|| true` and `continue-on-error`.\n\n**References:**\n\n- <https://example.com/ci-003>"))
        #expect(ci003["defaultConfiguration"]?["level"] == .string("error"))
        #expect(ci003["properties"]?["category"] == .string("ci"))
        #expect(ci003["properties"]?["severity"] == .string("high"))
        #expect(ci003["properties"]?["tags"] == .array([.string("opsaudit"), .string("ci")]))
        #expect(ci003["properties"]?["security-severity"] == nil)
        #expect(rules[0]["helpUri"] == nil)
        #expect(rules[3]["defaultConfiguration"]?["level"] == .string("warning"))
        let sec001 = rules[6]
        #expect(sec001["properties"]?["security-severity"] == .string("9.0"))
        #expect(sec001["properties"]?["tags"] == .array([.string("opsaudit"), .string("security")]))
    }

    @Test func levelsAndSecuritySeverities() {
        #expect(Severity.allCases.map(SARIFReportRenderer.level) == ["error", "error", "warning", "note", "note"])
        #expect(Severity.allCases.map(SARIFReportRenderer.securitySeverity) == ["9.0", "7.0", "4.0", "1.0", nil])
    }

    @Test func oneResultPerFindingWithPlaceFingerprintAndIndex() throws {
        let results = try results()
        #expect(results.compactMap { $0["ruleId"]?.stringValue } == ["CI-003", "CI-003", "CI-003", "CI-007", "CTR-001"])
        #expect(results.map { $0["ruleIndex"] } == [.number(2), .number(2), .number(2), .number(3), .number(4)])
        let first = results[0]
        #expect(first["level"] == .string("error"))
        #expect(first["message"]?["text"] == .string("`npm test || true` cannot fail the build"))
        #expect(first["partialFingerprints"] == .object(["opsaudit/v1": .string("f-ci003-1")]))
        let physical = first["locations"]?.firstElement?["physicalLocation"]
        #expect(physical?["artifactLocation"] == .object(["uri": .string(".github/workflows/ci.yml"), "uriBaseId": .string("%SRCROOT%")]))
        #expect(physical?["region"]?["startLine"] == .number(6))
        #expect(physical?["region"]?["startColumn"] == nil)
        #expect(physical?["region"]?["snippet"]?["text"] == .string("      - run: npm test || true"))
        let related = first["relatedLocations"]?.firstElement
        #expect(related?["message"]?["text"] == .string("job declared here"))
        #expect(related?["physicalLocation"]?["region"]?["startLine"] == .number(4))
        #expect(first["suppressions"] == nil)

        let hostile = results[2]["locations"]?.firstElement?["physicalLocation"]?["artifactLocation"]?["uri"]
        #expect(hostile == .string("a%7Cb%60c%3Cscript%3E.yml"))
        #expect(results[1]["suppressions"] == .array([.object(["kind": .string("inSource"), "justification": .string("inline: legacy job")])]))
        #expect(results[3]["locations"]?.firstElement?["physicalLocation"]?["region"]?["startColumn"] == .number(15))
        #expect(results[3]["level"] == .string("warning"))
    }

    @Test func repositoryWideFindingsAreAnchoredForCodeScanning() throws {
        let ctr001 = try results()[4]
        let physical = ctr001["locations"]?.firstElement?["physicalLocation"]
        #expect(physical?["artifactLocation"]?["uri"] == .string("README.md"))
        #expect(physical?["region"]?["startLine"] == .number(1))
        #expect(ctr001["properties"]?["repositoryWide"] == .bool(true))
        #expect(try results()[0]["properties"]?["repositoryWide"] == nil)

        var report = ReportFixture.report()
        report.rules[4].findings[0].related = [RelatedLocation("base image", at: Location(path: "Dockerfile", line: 1))]
        let anchored = try results(report)[4]["locations"]?.firstElement?["physicalLocation"]?["artifactLocation"]?["uri"]
        #expect(anchored == .string("Dockerfile"))
    }

    @Test func runDescribesItsBaseAutomationAndColumns() throws {
        let run = try run()
        #expect(run["columnKind"] == .string("unicodeCodePoints"))
        #expect(run["automationDetails"]?["id"] == .string("opsaudit/"))
        #expect(run["invocations"] == .array([.object(["executionSuccessful": .bool(true)])]))
        #expect(run["originalUriBaseIds"]?["%SRCROOT%"]?["description"]?["text"] == .string("The root of the scanned repository"))
        #expect(run["properties"]?["commit"] == .string("0123abcd"))
        #expect(run["properties"]?["overallScore"] == .string("6.5"))
    }

    @Test func resultsBeyondGitHubsLimitDropTheLeastSevere() throws {
        var report = ReportFixture.report()
        let note = ReportFinding(ruleID: "CI-007", severity: .low, message: "m", location: Location(path: "a", line: 1),
                                 related: [], confidence: .high, snippet: nil, fingerprint: "x")
        report.rules[3].findings = Array(repeating: note, count: SARIFReportRenderer.maxResults)
        let log = SARIFReportRenderer.log(report)
        #expect(log.runs[0].results.count == SARIFReportRenderer.maxResults)
        #expect(log.runs[0].results.filter { $0.level == "error" }.count == 4)
        #expect(log.runs[0].properties.omittedResults == 4)
    }

    @Test func uriReferencesArePercentEncoded() {
        #expect(SARIFReportRenderer.uriReference("src/a b#c?d:e.yml") == "src/a%20b%23c%3Fd%3Ae.yml")
        #expect(SARIFReportRenderer.uriReference("docs/é.md") == "docs/%C3%A9.md")
        #expect(SARIFReportRenderer.uriReference("a-b_c.d~e/f") == "a-b_c.d~e/f")
    }

    @Test func outputIsSortedAndDeterministic() {
        let report = JUnitReportRendererTests.hostileReport()
        let sarif = SARIFReportRenderer.render(report)
        #expect(sarif == SARIFReportRenderer.render(report))
        #expect(sarif.hasPrefix("{\n  \"$schema\" : \"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json\",\n  \"runs\" : ["))
        #expect(sarif.hasSuffix("  \"version\" : \"2.1.0\"\n}\n"))
    }
}

extension JSONDocument {
    var firstElement: JSONDocument? {
        if case .array(let elements) = self { return elements.first }
        return nil
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
