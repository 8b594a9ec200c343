import Foundation
import OpsAuditArtifacts
import OpsAuditKit
import OpsAuditModel
import Testing

@Suite struct CustomRuleTests {
    func rule(_ check: String, id: String = "ACME-001") throws -> DeclarativeRule {
        let text = """
        id: \(id)
        name: custom-check
        title: A custom check
        category: operations
        severity: medium
        level: 2
        effort: 1h
        rationale: Because the team decided so.
        remediation: Do the thing.
        check:
        \(check)
        """
        let (rule, problems) = DeclarativeRule.parse(TextFile(path: "opsaudit-rules/acme.yml", text: text), catalog: .embedded)
        #expect(problems.isEmpty, "\(problems)")
        return try #require(rule)
    }

    func run(_ rule: DeclarativeRule, _ files: [String: String]) throws -> RuleResult {
        var options = ScanOptions()
        options.customRules = [rule]
        let report = try scanReport(files, options: options)
        return try #require(report.rules.first { $0.id == rule.metadata.id })
    }

    @Test func filePresent() throws {
        let rule = try rule("  file_present: docs/runbook*.md")
        let missing = try run(rule, ["README.md": "# x\n"])
        #expect(missing.status == .failed && missing.findings.first?.location == nil)
        let present = try run(rule, ["docs/runbook-api.md": "# Runbook\n"])
        #expect(present.status == .passed)
        #expect(present.evidence.first?.location == Location(path: "docs/runbook-api.md", line: 1))
    }

    @Test func textPresentInEveryMatchingFile() throws {
        let rule = try rule("  text_present: {files: Dockerfile, pattern: HEALTHCHECK}")
        let result = try run(rule, ["Dockerfile": "FROM node:20\nHEALTHCHECK CMD curl -f http://localhost/\n",
                                    "api/Dockerfile": "FROM node:20\nCMD node\n"])
        #expect(result.status == .failed)
        #expect(result.findings.map(\.location) == [Location(path: "api/Dockerfile", line: 1)])
        #expect(result.evidence.first?.location == Location(path: "Dockerfile", line: 2))
        #expect(try run(rule, ["README.md": "x\n"]).status == .notApplicable)
    }

    @Test func textAbsentPointsAtEachLine() throws {
        let rule = try rule("  text_absent: {files: \"*.py\", pattern: \"print(\", message: use the logger}")
        let result = try run(rule, ["app/main.py": "import logging\nprint('a')\nx = 1\nprint('b')\n"])
        #expect(result.findings.map { "\($0.location!.line) \($0.message)" } == ["2 use the logger", "4 use the logger"])
        let regex = try self.rule("  text_absent: {files: \"*.py\", pattern: \"^\\\\s*print\\\\(\", regex: true}")
        #expect(try run(regex, ["a.py": "x = 'print('\n  print(1)\n"]).findings.map { $0.location!.line } == [2])
    }

    @Test func keyPathInYAMLJSONAndTOML() throws {
        let toml = try rule("  key: {files: fly.toml, path: http_service.force_https, equals: \"true\"}")
        let failing = try run(toml, ["fly.toml": "app = \"x\"\n[http_service]\n  internal_port = 8080\n  force_https = false\n"])
        #expect(failing.findings.map { "\($0.location!.line) \($0.message)" } == ["4 `http_service.force_https` is `false`, expected `true`"])
        #expect(try run(toml, ["fly.toml": "[http_service]\nforce_https = true # yes\n"]).status == .passed)

        let json = try rule("  key: {files: package.json, path: engines.node, exists: true}")
        #expect(try run(json, ["package.json": "{\"name\": \"x\"}\n"]).findings.first?.message == "`engines.node` is not set")
        let passing = try run(json, ["package.json": "{\n  \"engines\": {\n    \"node\": \">=20\"\n  }\n}\n"])
        #expect(passing.status == .passed && passing.evidence.first?.location?.line == 3)

        let yaml = try rule("  key: {files: .github/workflows/*.yml, path: jobs.test.timeout-minutes, exists: true}")
        let result = try run(yaml, [".github/workflows/ci.yml": swallowedTests])
        #expect(result.findings.first?.location == Location(path: ".github/workflows/ci.yml", line: 1))
    }

    @Test func invalidRulesAreReportedWithPositions() {
        let text = "id: CI-003\nname: x\ntitle: t\ncategory: ops\nseverity: high\ncheck:\n  file_present: a\n  text_present: {}\nextra: 1\n"
        let (rule, problems) = DeclarativeRule.parse(TextFile(path: "r.yml", text: text), catalog: .embedded)
        #expect(rule == nil)
        let lines = problems.sorted().map { "\($0.location?.line ?? 0) \($0.message)" }
        #expect(lines.contains("1 `CI-003` is a built-in rule ID; custom rules need their own prefix (e.g. ACME-001)"))
        #expect(lines.contains { $0.hasPrefix("4 unknown category `ops`") })
        #expect(lines.contains { $0.hasPrefix("7 `check` takes exactly one of") })
        #expect(lines.contains { $0.hasPrefix("9 unknown key `extra`") })
    }

    @Test func loadedFromTheConfigurationDirectory() throws {
        let root = try temporaryRepository([
            ".opsaudit.yml": "custom_rules: [opsaudit-rules]\nrules:\n  ACME-001: {severity: high}\n",
            "opsaudit-rules/runbook.yml": "id: ACME-001\nname: runbook-present\ntitle: A runbook exists\ncategory: operations\nseverity: medium\ncheck:\n  file_present: RUNBOOK.md\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let loaded = LoadedConfiguration.load(path: (root as NSString).appendingPathComponent(".opsaudit.yml"))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.customRules.map(\.metadata.id) == ["ACME-001"])
        let options = loaded.apply(to: ScanOptions())
        #expect(options.severityOverrides["ACME-001"] == .high)
        let report = try scanReport(["README.md": "# x\n"], options: options)
        #expect(report.rules.first { $0.id == "ACME-001" }?.severity == .high)

        let broken = LoadedConfiguration.load(path: try temporaryRepository([".opsaudit.yml": "custom_rules: [missing]\n"]) + "/.opsaudit.yml")
        #expect(broken.problems.map(\.message) == ["custom rules directory `missing` does not exist"])
        #expect(broken.problems.first?.location?.line == 1)
    }
}
