import Foundation
import OpsAuditKit
import OpsAuditModel
import OpsAuditRules
import Testing

/// DEP cases too odd for the rules' documentation: verdicts that must be "not applicable".
@Suite struct DeployRuleTests {
    func result(_ id: String, _ files: [String: String]) throws -> RuleResult {
        let source = InMemorySource(name: "deploy", files: files.mapValues { Array($0.utf8) })
        let rule = try #require(AllRules.all.first { $0.id.description == id })
        var options = ScanOptions()
        options.timestamp = "2026-01-01T00:00:00Z"
        let report = try Scanner(catalog: .embedded, rules: [rule]).scan(source, options: options).report
        return try #require(report.rules.first { $0.id.description == id })
    }

    /// Unknown frameworks (no routes found) never fail DEP-002.
    @Test func healthPathWithoutKnownRoutesIsNotApplicable() throws {
        let outcome = try result("DEP-002", ["render.yaml": """
        services:
          - type: web
            name: api
            runtime: elixir
            healthCheckPath: /health
        """, "lib/app/router.ex": "defmodule App.Router do\nend\n"])
        #expect(outcome.status == .notApplicable)
        #expect(outcome.reason?.contains("no HTTP route") == true)
    }

    /// An image alone may be published for others to run: DEP-014 does not guess a deployment.
    @Test func dockerfileAloneIsNotADeployment() throws {
        let outcome = try result("DEP-014", ["Dockerfile": "FROM node:20-slim\nEXPOSE 3000\nCMD [\"node\", \"server.js\"]\n"])
        #expect(outcome.status == .notApplicable)
    }

    /// DEP-013 is info: its findings carry the info severity, which weighs nothing in scores.
    @Test func coldStartFindingsAreInfo() throws {
        let outcome = try result("DEP-013", ["fly.toml": """
        app = "shop"

        [http_service]
          internal_port = 3000
          auto_stop_machines = "stop"
        """])
        #expect(outcome.status == .failed)
        #expect(outcome.severity == .info)
        #expect(outcome.findings.map { $0.location?.line } == [5])
    }
}
