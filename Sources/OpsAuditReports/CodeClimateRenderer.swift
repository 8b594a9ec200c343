import Foundation
import OpsAuditModel

/// Renders findings as a GitLab Code Quality report (the Code Climate issue format GitLab reads
/// from `artifacts:reports:codequality`): description, check_name, fingerprint, severity and
/// location.path / location.lines.begin for each unsuppressed finding.
///
/// Findings about the repository as a whole have no file; GitLab needs a path, so they point at
/// the repository root (`.`), line 1.
public enum CodeClimateRenderer {
    struct Issue: Encodable {
        var type = "issue"
        var checkName: String
        var description: String
        var content: Content?
        var categories: [String]
        var fingerprint: String
        var severity: String
        var location: IssueLocation

        enum CodingKeys: String, CodingKey {
            case type, description, content, categories, fingerprint, severity, location
            case checkName = "check_name"
        }
    }

    struct Content: Encodable {
        var body: String
    }

    struct IssueLocation: Encodable {
        var path: String
        var lines: Lines
    }

    struct Lines: Encodable {
        var begin: Int
        var end: Int?
    }

    public static func render(_ report: Report) -> String {
        let rules = Dictionary(report.rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let issues = report.findings.filter { $0.suppression == nil }.map { finding in
            let rule = rules[finding.ruleID]
            return Issue(
                checkName: finding.ruleID.rawValue,
                description: "\(finding.ruleID): \(finding.message)",
                content: rule.map { Content(body: "**\($0.title)**\n\n\($0.rationale)\n\n**How to fix:** \($0.remediation)") },
                categories: [category(rule?.category)],
                fingerprint: finding.fingerprint,
                severity: severity(finding.severity),
                location: IssueLocation(path: finding.location?.path ?? ".",
                                        lines: Lines(begin: finding.location?.line ?? 1, end: finding.location?.endLine)))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = (try? encoder.encode(issues)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Code Climate severities: info, minor, major, critical, blocker.
    public static func severity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "blocker"
        case .high: "critical"
        case .medium: "major"
        case .low: "minor"
        case .info: "info"
        }
    }

    /// Code Climate's fixed category names.
    static func category(_ category: Category?) -> String {
        switch category {
        case .security: "Security"
        case .ci, .containers, .deploy: "Bug Risk"
        default: "Style"
        }
    }
}
