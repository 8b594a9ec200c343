import OpsAuditKit
import OpsAuditModel
import Testing

/// A rule passing on thousands of items reports the first few and a count, in every format.
@Suite struct EvidenceLimitTests {
    @Test func evidenceIsCappedWithACount() throws {
        // 40 files each reading LOG_LEVEL: OBS-012 passes with 40 pieces of evidence.
        var files: [String: String] = ["package.json": #"{"name": "api", "dependencies": {"express": "4.19.0"}}"#]
        for index in 0..<40 {
            files["src/module\(index).js"] = "const level = process.env.LOG_LEVEL;\nlogger.info('x');\n"
        }
        let report = try scanReport(files)
        let rule = try #require(report.rules.first { $0.id == "OBS-012" })
        #expect(rule.status == .passed)
        #expect(rule.evidence.count == 26)
        #expect(rule.evidence.first?.location?.path == "src/module0.js")
        #expect(rule.evidence.last?.message == "… and 15 more like these")
        #expect(rule.evidence.last?.location == nil)
    }

    @Test func shortEvidenceIsKept() throws {
        let report = try scanReport(["src/app.js": "const level = process.env.LOG_LEVEL;\nlogger.info('x');\n"])
        let rule = try #require(report.rules.first { $0.id == "OBS-012" })
        #expect(rule.evidence.map(\.message) == ["code reads `LOG_LEVEL`"])
    }
}
