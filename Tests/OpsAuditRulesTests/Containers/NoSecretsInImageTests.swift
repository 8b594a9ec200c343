import Foundation
import OpsAuditKit
import OpsAuditModel
import OpsAuditRules
import Testing

/// CTR-006 cases too odd for the rule's documentation.
@Suite struct NoSecretsInImageTests {
    /// The engine's redactor does not read `ENV KEY=value` as an assignment, so the rule must mask
    /// the value itself: no part of the report may carry it.
    @Test func literalValuesNeverReachTheReport() throws {
        let secret = "Zq8x7C6v5B4n3M2l1K0jHx9K"
        let dockerfile = """
        FROM node:20-slim
        ENV API_TOKEN=\(secret)
        ENV LEGACY_PASSWORD \(secret)
        CMD ["node", "server.js"]
        """
        let source = InMemorySource(name: "secrets", files: ["Dockerfile": Array(dockerfile.utf8)])
        let rule = try #require(AllRules.all.first { $0.id == "CTR-006" })
        var options = ScanOptions()
        options.timestamp = "2026-01-01T00:00:00Z"
        let report = try Scanner(catalog: .embedded, rules: [rule]).scan(source, options: options).report
        let result = try #require(report.rules.first { $0.id == "CTR-006" })
        #expect(result.findings.map { $0.location?.line } == [2, 3])
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(!json.contains(secret))
        #expect(json.contains("ENV API_TOKEN=[redacted]"))
    }
}
