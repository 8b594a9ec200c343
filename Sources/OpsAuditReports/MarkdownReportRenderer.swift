import Mustache
import OpsAuditModel

/// Renders a `Report` as Markdown through a Mustache template (the default one is
/// `reports/templates/report.md.mustache`; `docs/templates.md` documents the variables).
public enum MarkdownReportRenderer {
    /// Mustache's own HTML escaping would garble Markdown escapes (`\<` → `\&lt;`): the values are
    /// escaped for Markdown by `MarkdownTemplateData`, so the template is switched to plain text.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    /// Renders `report` with `template`; throws when the template does not parse.
    public static func render(_ report: Report, template: String) throws -> String {
        let compiled = try MustacheTemplate(string: textPragma + template)
        return compiled.render(MarkdownTemplateData(report))
    }
}
