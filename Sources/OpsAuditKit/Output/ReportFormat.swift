import OpsAuditModel
import OpsAuditReports

/// The output formats of a scan, and how each is rendered from the one `Report`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, markdown, junit, sarif, html, github, codeclimate

    /// Names accepted on the command line besides the raw values.
    public static func parse(_ name: String) -> ReportFormat? {
        let lower = name.lowercased()
        return ReportFormat(rawValue: ["md": "markdown", "xml": "junit", "htm": "html", "gitlab": "codeclimate", "code-quality": "codeclimate"][lower] ?? lower)
    }

    /// File name used when several formats are written to a directory.
    public var fileName: String {
        switch self {
        case .text: "opsaudit-report.txt"
        case .json: "opsaudit-report.json"
        case .markdown: "opsaudit-report.md"
        case .junit: "opsaudit-junit.xml"
        case .sarif: "opsaudit.sarif"
        case .html: "opsaudit-report.html"
        case .github: "opsaudit-github.txt"
        case .codeclimate: "gl-code-quality-report.json"
        }
    }

    /// One line for `--list-formats`.
    public var summary: String {
        switch self {
        case .text: "compact terminal summary (default)"
        case .json: "the full report (reports/schema/report.schema.json)"
        case .markdown: "report for people: summary, scores, findings, roadmap (templatable)"
        case .junit: "JUnit XML: one test case per rule, for CI test views"
        case .sarif: "SARIF 2.1.0 for code scanning (GitHub, IDEs)"
        case .html: "self-contained HTML report"
        case .github: "GitHub Actions workflow commands: annotations on the diff"
        case .codeclimate: "GitLab Code Quality (Code Climate JSON)"
        }
    }

    /// A template could not be rendered (a consultant's own, usually).
    public struct RenderError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Renders `report`. `markdownTemplate` replaces the embedded Markdown template; `verbose`
    /// lists every finding in the text summary instead of the top ten.
    public func render(_ report: Report, style: TextStyle = .plain, markdownTemplate: String? = nil,
                       verbose: Bool = false) throws(RenderError) -> String {
        switch self {
        case .text: return TextReportRenderer.render(report, style: style, maxFindings: verbose ? Int.max : 10)
        case .json: return JSONReportRenderer.render(report)
        case .junit: return JUnitReportRenderer.render(report)
        case .sarif: return SARIFReportRenderer.render(report)
        case .html: return HTMLReportRenderer.render(report)
        case .github: return GitHubAnnotationsRenderer.render(report)
        case .codeclimate: return CodeClimateRenderer.render(report)
        case .markdown:
            guard let template = markdownTemplate ?? Catalog.embeddedTemplate(named: "report.md.mustache") else {
                throw RenderError(description: "the Markdown template is missing from this build")
            }
            do {
                return try MarkdownReportRenderer.render(report, template: template)
            } catch {
                throw RenderError(description: "cannot render the Markdown template: \(error)")
            }
        }
    }
}
