import Foundation
import OpsAuditModel

/// Reads an opsaudit JSON report (the public contract of `reports/schema/report.schema.json`)
/// back into a `RunSnapshot`. A dedicated DTO with explicit keys: the renderer's snake_case keys
/// do not round-trip through `convertFromSnakeCase` (`rule_id` would become `ruleId`).
public enum ReportImport {
    /// The snapshot of the JSON report in `data`; `name` is used in error messages.
    public static func snapshot(from data: Data, name: String) throws -> RunSnapshot {
        let document: ReportDocument
        do {
            document = try JSONDecoder().decode(ReportDocument.self, from: data)
        } catch let error as DecodingError {
            throw HistoryError("`\(name)` is not an opsaudit JSON report: \(describe(error))")
        } catch {
            throw HistoryError("`\(name)` is not an opsaudit JSON report: \(error)")
        }
        guard document.schemaVersion.hasPrefix("1.") else {
            throw HistoryError("`\(name)` uses report schema \(document.schemaVersion); this opsaudit reads 1.x")
        }
        guard Timestamps.parse(document.generatedAt) != nil else {
            throw HistoryError("`\(name)`: generated_at `\(document.generatedAt)` is not ISO 8601")
        }
        return RunSnapshot(
            timestamp: document.generatedAt, commit: document.target.commit, branch: document.target.branch,
            target: document.target.name, toolVersion: document.tool.version, catalogVersion: document.tool.catalogVersion,
            overallScore: document.summary.overallScore, level: document.summary.level,
            categories: document.categories.compactMap { entry in
                Category(rawValue: entry.id).map { CategoryScore(category: $0, score: entry.score) }
            },
            findings: document.rules.flatMap(\.findings).map { finding in
                RecordedFinding(fingerprint: finding.fingerprint, ruleID: RuleID(finding.ruleID),
                                severity: Severity(rawValue: finding.severity) ?? .info,
                                path: finding.location?.path, line: finding.location?.line, message: finding.message,
                                suppressed: finding.suppression != nil, baselined: finding.baselined ?? false)
            })
    }

    /// Reads and converts a report file.
    public static func snapshot(atPath path: String) throws -> RunSnapshot {
        guard let data = FileManager.default.contents(atPath: path) else { throw HistoryError("cannot read `\(path)`") }
        return try snapshot(from: data, name: path)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "`" + keys.joined(separator: ".") + "`"
        }
        switch error {
        case let .keyNotFound(key, context): return "missing `\(key.stringValue)` in \(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context): return "unexpected value at \(path(context))"
        case let .dataCorrupted(context): return context.codingPath.isEmpty ? "not valid JSON" : "invalid value at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}

/// The fields of the JSON report that history reads; everything else is ignored.
private struct ReportDocument: Decodable {
    struct Tool: Decodable {
        var version: String
        var catalogVersion: String
        enum CodingKeys: String, CodingKey {
            case version
            case catalogVersion = "catalog_version"
        }
    }

    struct Target: Decodable {
        var name: String
        var commit: String?
        var branch: String?
    }

    struct Summary: Decodable {
        var overallScore: Double?
        var level: Int
        enum CodingKeys: String, CodingKey {
            case level
            case overallScore = "overall_score"
        }
    }

    struct CategoryEntry: Decodable {
        var id: String
        var score: Double?
    }

    struct Place: Decodable {
        var path: String
        var line: Int
    }

    struct FindingEntry: Decodable {
        var ruleID: String
        var severity: String
        var message: String
        var location: Place?
        var fingerprint: String
        var suppression: String?
        var baselined: Bool?
        enum CodingKeys: String, CodingKey {
            case severity, message, location, fingerprint, suppression, baselined
            case ruleID = "rule_id"
        }
    }

    struct RuleEntry: Decodable {
        var findings: [FindingEntry]
    }

    var schemaVersion: String
    var tool: Tool
    var target: Target
    var generatedAt: String
    var summary: Summary
    var categories: [CategoryEntry]
    var rules: [RuleEntry]

    enum CodingKeys: String, CodingKey {
        case tool, target, summary, categories, rules
        case schemaVersion = "schema_version"
        case generatedAt = "generated_at"
    }
}
