import OpsAuditArtifacts
@testable import OpsAuditKit
import OpsAuditModel
import Testing

@Suite struct SuppressionTests {
    func workflow(inserting comment: String, at index: Int) -> String {
        var lines = swallowedTests.components(separatedBy: "\n")
        lines.insert(comment, at: index)
        return lines.joined(separator: "\n")
    }

    @Test(arguments: [
        "      # opsaudit:ignore CI-003 -- advisory until Q3",
        "      # opsaudit:ignore tests-must-block -- advisory until Q3",
        "      # opsaudit:ignore CI-001,CI-003 -- advisory until Q3",
        "      # opsaudit-ignore CI-003: advisory until Q3",
        "      # opsaudit:ignore CI-003: advisory until Q3",
    ])
    func lineAboveSuppressesWithReason(_ comment: String) throws {
        let report = try scanReport([".github/workflows/ci.yml": workflow(inserting: comment, at: 5)])
        let finding = try #require(report.findings("CI-003").first)
        #expect(finding.location?.line == 7)
        #expect(finding.suppression == "advisory until Q3")
        #expect(finding.suppressedBy == SuppressionSource(kind: .inline, location: Location(path: ".github/workflows/ci.yml", line: 6)))
        #expect(report.rules.first { $0.id == "CI-003" }?.status == .passed)
        #expect(!report.configDiagnostics.contains { $0.message.contains("CI-003") })
    }

    @Test func sameLineAndWholeFileForms() throws {
        let sameLine = swallowedTests.replacingOccurrences(of: "npm test || true", with: "npm test || true # opsaudit:ignore CI-003 -- flaky")
        let a = try scanReport([".github/workflows/ci.yml": sameLine])
        #expect(a.findings("CI-003").first?.suppression == "flaky")
        let file = "# opsaudit:ignore-file CI-003 -- legacy pipeline\n" + swallowedTests
        let b = try scanReport([".github/workflows/ci.yml": file])
        #expect(b.findings("CI-003").first?.suppression == "legacy pipeline")
        #expect(b.findings("CI-003").first?.suppressedBy?.location?.line == 1)
    }

    @Test func missingReasonStillSuppressesAndIsReported() throws {
        let report = try scanReport([".github/workflows/ci.yml": workflow(inserting: "      # opsaudit:ignore CI-003", at: 5)])
        #expect(report.findings("CI-003").first?.suppression != nil)
        let diagnostic = try #require(report.configDiagnostics.first)
        #expect(diagnostic.location == Location(path: ".github/workflows/ci.yml", line: 6))
        #expect(diagnostic.message.contains("has no reason"))
    }

    @Test func staleAndUnknownSuppressionsAreReported() throws {
        let text = "# opsaudit:ignore CTR-001 -- nothing here\n# opsaudit:ignore CI-03 -- typo\n" + swallowedTests
        let report = try scanReport([".github/workflows/ci.yml": text])
        let messages = report.configDiagnostics.map { "\($0.location?.line ?? 0): \($0.message)" }
        #expect(messages.contains("1: stale suppression: CTR-001 reports nothing on this line or the next; remove the comment"))
        #expect(messages.contains("2: suppression names unknown rule `CI-03` (did you mean CI-003 (tests-must-block)?)"))
        #expect(report.findings("CI-003").first?.suppression == nil)
    }

    @Test func markdownNeedsAnHTMLComment() {
        #expect(InlineSuppressions.parse("Write `# opsaudit:ignore CI-003 -- why` above it", markdown: true)?.rules == nil)
        #expect(InlineSuppressions.parse("<!-- opsaudit:ignore OPS-001 -- wiki -->", markdown: true)?.rules == ["OPS-001"])
        #expect(InlineSuppressions.parse("// opsaudit:ignore CI-003, CI-001 -- x", markdown: false)?.rules == ["CI-003", "CI-001"])
        #expect(InlineSuppressions.parse("# opsaudit:ignored", markdown: false)?.rules == nil)
    }

    @Test func configSuppressionByGlobCitesTheConfigLine() throws {
        let config = """
        rules:
          CI-003:
            ignore: [".github/workflows/*.yml", "never/**"]
            reason: advisory pipeline
        """
        let (parsed, problems) = parseConfiguration(config)
        #expect(problems.isEmpty)
        let loaded = LoadedConfiguration(configuration: parsed, path: ".opsaudit.yml", problems: [], customRules: [])
        let report = try scanReport([".github/workflows/ci.yml": swallowedTests, "package.json": "{}"],
                                    options: loaded.apply(to: ScanOptions()))
        let finding = try #require(report.findings("CI-003").first)
        #expect(finding.suppression == "advisory pipeline")
        #expect(finding.suppressedBy?.kind == .config)
        #expect(finding.suppressedBy?.location?.line == 3)
        #expect(report.configDiagnostics.map(\.message) == ["stale suppression: CI-003 reports nothing matching `never/**`; remove it from `ignore`"])
    }

    @Test func excludedFilesAreNotRead() throws {
        let (parsed, _) = parseConfiguration("exclude: [\".github/\"]\n")
        let loaded = LoadedConfiguration(configuration: parsed, path: ".opsaudit.yml", problems: [], customRules: [])
        let report = try scanReport([".github/workflows/ci.yml": swallowedTests], options: loaded.apply(to: ScanOptions()))
        #expect(report.findings("CI-003").isEmpty)
        #expect(report.inventory.filesSeen == 0)
    }
}
