import OpsAuditArtifacts
import OpsAuditKit
import OpsAuditModel
import Testing

@Suite struct ConfigurationTests {
    @Test func readsEverySection() throws {
        let text = """
        exclude: [test/fixtures/, "*.snap"]
        rules:
          CI-003: {severity: low}
          tests-must-block-alias-free: off
          OBS-001:
            ignore: ["legacy/**"]
            reason: legacy service
        categories:
          security: {weight: 2}
          backups: off
        gate:
          fail_under: 6.5
          fail_on: high
          min_category: {security: 7, ci: 5}
          min_level: 2
          new_only: true
          baseline: .opsaudit-baseline.json
        custom_rules: [opsaudit-rules]
        report: {title: Readiness review, client: ACME}
        """
        let (config, problems) = parseConfiguration(text)
        #expect(problems.isEmpty)
        #expect(config.exclude.map(\.value) == ["test/fixtures/", "*.snap"])
        #expect(config.rules.map(\.key.value) == ["CI-003", "tests-must-block-alias-free", "OBS-001"])
        #expect(config.rules[0].severity == .low)
        #expect(config.rules[1].enabled == false)
        #expect(config.rules[2].ignore.map(\.value) == ["legacy/**"] && config.rules[2].ignore[0].location.line == 6)
        #expect(config.categories[.security]?.weight == 2 && config.categories[.backups]?.enabled == false)
        #expect(config.gate == Configuration.GatePolicy(failUnder: 6.5, failOn: .high, minCategory: [.security: 7, .ci: 5],
                                                         minLevel: 2, newOnly: true, baseline: ".opsaudit-baseline.json"))
        #expect(config.customRules.map(\.value) == ["opsaudit-rules"])
        #expect(config.report == Configuration.ReportOptions(template: nil, title: "Readiness review", client: "ACME"))
        // The unknown rule is caught when resolved on the catalog, with a suggestion.
        let (resolved, unknown) = config.resolvedRules(in: .embedded)
        #expect(resolved.map(\.0.id) == ["CI-003", "OBS-001"])
        #expect(unknown.map(\.message) == ["unknown rule `tests-must-block-alias-free`"] || unknown.first?.message.hasPrefix("unknown rule `tests-must-block-alias-free`") == true)
        #expect(unknown.first?.location?.line == 4)
    }

    @Test func everyProblemHasItsPosition() {
        let text = """
        exclud: [x]
        rules:
          CI-03: {severity: low}
          CI-003: {severty: low, enabled: maybe}
          CTR-001: {ignore: [Dockerfile]}
        categories:
          secrity: {weight: 2}
        gate:
          fail_under: high
          min_level: 7
          fail_on: urgent
        """
        let (config, parseProblems) = parseConfiguration(text)
        let problems = (parseProblems + config.resolvedRules(in: .embedded).1).sorted()
        let lines = problems.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)" }
        #expect(lines == [
            "1:1 unknown key `exclud` in the configuration (did you mean `exclude`?); allowed: exclude, rules, categories, gate, custom_rules, report",
            "3:3 unknown rule `CI-03` (did you mean CI-003 (tests-must-block)?)",
            "4:12 unknown key `severty` in `rules.CI-003` (did you mean `severity`?); allowed: enabled, severity, ignore, reason",
            "4:35 `rules.CI-003.enabled` must be true or false, not `maybe`",
            "5:3 `rules.CTR-001.ignore` needs a `reason`: accepted findings keep a record of why",
            "7:3 unknown category `secrity`; use one of ci, containers, deploy, backups, security, observability, resilience, operations",
            "9:15 `gate.fail_under` must be a number, not `high`",
            "10:14 `gate.min_level` must be between 1.0 and 4.0, got 7",
            "11:12 `gate.fail_on` must be one of critical, high, medium, low, info, not `urgent`",
        ])
        #expect(problems.allSatisfy { $0.kind == .config && $0.location?.path == ".opsaudit.yml" })
    }

    @Test func wrongShapesAndSyntaxErrors() {
        #expect(parseConfiguration("- a\n- b\n").1.map(\.message) == ["the configuration must be a mapping of keys like `rules:` and `gate:`"])
        #expect(parseConfiguration("exclude: {a: 1}\n").1.first?.message == "`exclude` must be a list of strings, not a mapping")
        let broken = parseConfiguration("rules:\n  CI-003: [\n")
        #expect(broken.1.count == 1 && broken.1.first?.location?.line != nil)
        #expect(parseConfiguration("").1.isEmpty)
    }

    @Test func policyAppliesToScanOptions() throws {
        let (config, _) = parseConfiguration("rules:\n  CI-003: {severity: low}\n  OBS-001: off\ncategories:\n  backups: {enabled: false}\n  ci: {weight: 3}\n")
        let options = LoadedConfiguration(configuration: config, path: nil, problems: [], customRules: []).apply(to: ScanOptions())
        #expect(options.severityOverrides == [RuleID("CI-003"): Severity.low])
        #expect(options.disabledRules.contains("OBS-001") && options.disabledRules.contains("BAK-001"))
        #expect(options.categoryWeights == [Category.ci: 3.0])
        let report = try scanReport([".github/workflows/ci.yml": swallowedTests], options: options)
        #expect(report.findings("CI-003").first?.severity == .low)
        #expect(!report.rules.contains { $0.id == "OBS-001" })

        let (reenabled, _) = parseConfiguration("categories:\n  backups: off\nrules:\n  BAK-001: {enabled: true}\n")
        let some = LoadedConfiguration(configuration: reenabled, path: nil, problems: [], customRules: []).apply(to: ScanOptions())
        #expect(!some.disabledRules.contains("BAK-001") && some.disabledRules.contains("BAK-006"))
    }

    @Test func initTemplateIsAValidConfiguration() {
        let (config, problems) = parseConfiguration(InitTemplates.configuration(failUnder: 4.2))
        #expect(problems.isEmpty)
        #expect(config.gate.failUnder == 4.2)
        let (_, noScore) = parseConfiguration(InitTemplates.configuration(failUnder: nil))
        #expect(noScore.isEmpty)
    }
}
