import OpsAuditArtifacts
import OpsAuditKit
import OpsAuditModel
import Testing

/// Structured logging, metrics, tracing and a configurable log level are asked of services, not
/// of libraries and command-line tools.
@Suite struct ServicePremiseTests {
    static let serviceRules: [RuleID] = ["OBS-002", "OBS-007", "OBS-010", "OBS-012"]

    func scan(_ texts: [String: String]) throws -> Report {
        var options = ScanOptions()
        options.timestamp = "2026-01-01T00:00:00Z"
        return try Scanner().scan(InMemorySource(texts: texts), options: options).report
    }

    @Test func aLibraryIsNotJudgedAsAService() throws {
        let report = try scan([
            "package.json": #"{"name": "left-pad-ng", "dependencies": {"lodash": "^4.17.21"}}"#,
            "src/index.js": "const logger = require('./log');\nlogger.info('loaded');\nmodule.exports = (s) => s.padStart(3);\n",
        ])
        for id in Self.serviceRules {
            let rule = try #require(report.rules.first { $0.id == id })
            #expect(rule.status == .notApplicable, "\(id) is \(rule.status.rawValue)")
        }
        #expect(report.rules.first { $0.id == "OBS-002" }?.reason == RepoModel.notAServiceReason)
    }

    @Test(arguments: [
        ["package.json": #"{"name": "api", "dependencies": {"express": "^4.19.0"}}"#],
        ["main.go": "package main\nfunc main() { http.HandleFunc(\"/orders\", orders) }\n", "go.mod": "module example.com/api\n"],
        ["requirements.txt": "requests==2.32.0\n", "app.py": "import logging\nlogging.info('x')\n", "Procfile": "worker: python app.py\n"],
    ])
    func routesAFrameworkOrADeploymentMakeAService(files: [String: String]) throws {
        let report = try scan(files.merging(["src/log.js": "const logger = console;\nlogger.info('x');\n"]) { a, _ in a })
        #expect(report.rules.first { $0.id == "OBS-002" }?.status == .failed)
    }
}
