import Foundation
import OpsAuditModel
import Testing
@testable import OpsAuditReports

@Suite("MarkdownReportRenderer")
struct MarkdownReportRendererTests {
    static func defaultTemplate() throws -> String {
        try String(contentsOfFile: ReportFixture.packageRoot() + "/reports/templates/report.md.mustache", encoding: .utf8)
    }

    private func rendered(_ report: Report = ReportFixture.report()) throws -> String {
        try MarkdownReportRenderer.render(report, template: Self.defaultTemplate())
    }

    private func lines(_ text: String) -> [String] { text.components(separatedBy: "\n") }

    @Test func dumpForReview() throws {
        if ProcessInfo.processInfo.environment["OPSAUDIT_DUMP"] != nil {
            try rendered().write(toFile: "/tmp/opsaudit-report.md", atomically: true, encoding: .utf8)
        }
    }
}
