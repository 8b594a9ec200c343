import Foundation
import OpsAuditModel

/// Renders a `Report` as SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: every
/// rule that ran as rule metadata, every finding as a result (suppressed ones with their
/// suppression), sorted, with sorted keys.
///
/// Findings about the repository as a whole have no location, which SARIF allows but GitHub
/// code scanning rejects, for the whole upload ("locationFromSarifResult: expected at least one
/// location", github/codeql-action#1738, #2459). Such a result is anchored at the finding's
/// first related location when it has one, else at line 1 of `README.md`, the file a reader of
/// the repository opens first; `properties.repositoryWide` is true so other consumers can tell.
public enum SARIFReportRenderer {
    static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    static let informationURI = "https://opsaudit.dev"
    static let sourceRoot = "%SRCROOT%"
    /// Where repository-wide findings are anchored when they have no related location.
    static let repositoryAnchor = "README.md"
    /// GitHub code scanning accepts at most 25,000 results per run; the most severe are kept.
    static let maxResults = 25_000

    public static func render(_ report: Report) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(log(report)), as: UTF8.self) + "\n"
        } catch {
            // The DTO holds only strings, integers and booleans; keep the renderer total anyway.
            return "{\n  \"error\" : \"SARIF could not be encoded\"\n}\n"
        }
    }

    /// The SARIF log as a value, for callers and tests that want to inspect it.
    public static func log(_ report: Report) -> SARIFLog {
        let rules = report.rules.sorted { $0.id < $1.id }
        let ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var results: [SARIFLog.Result] = []
        for rule in rules {
            let ordered = rule.findings.sorted(by: findingOrder)
            results += ordered.map { result($0, rule: rule, index: ruleIndex[rule.id] ?? 0) }
        }
        var omitted: Int?
        if results.count > maxResults {
            // Stable sort by level keeps rule order within a level.
            let rank = ["error": 0, "warning": 1, "note": 2]
            let kept = results.enumerated().sorted { a, b in
                let (ra, rb) = (rank[a.element.level] ?? 3, rank[b.element.level] ?? 3)
                return ra != rb ? ra < rb : a.offset < b.offset
            }.prefix(maxResults).sorted { $0.offset < $1.offset }.map(\.element)
            omitted = results.count - kept.count
            results = kept
        }
        let run = SARIFLog.Run(
            tool: SARIFLog.Tool(driver: SARIFLog.Driver(
                name: report.tool.name, version: report.tool.version,
                semanticVersion: isSemanticVersion(report.tool.version) ? report.tool.version : nil,
                informationUri: informationURI, rules: rules.map(descriptor))),
            automationDetails: SARIFLog.AutomationDetails(id: "opsaudit/"),
            invocations: [SARIFLog.Invocation(executionSuccessful: true)],
            originalUriBaseIds: [sourceRoot: SARIFLog.ArtifactLocation(
                uri: nil, uriBaseId: nil,
                description: SARIFLog.Message(text: "The root of the scanned repository"))],
            columnKind: "unicodeCodePoints",
            results: results,
            properties: SARIFLog.RunProperties(
                target: report.target.name, commit: report.target.commit, branch: report.target.branch,
                overallScore: report.summary.overallScore.map(ReportFormat.decimal) ?? "n/a",
                maturityLevel: report.summary.level, omittedResults: omitted))
        return SARIFLog(schema: schemaURI, version: "2.1.0", runs: [run])
    }

    /// critical and high block a merge in code scanning's default settings, medium warns.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// GitHub's scale: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low; info has none.
    static func securitySeverity(_ severity: Severity) -> String? {
        switch severity {
        case .critical: "9.0"
        case .high: "7.0"
        case .medium: "4.0"
        case .low: "1.0"
        case .info: nil
        }
    }

    private static func descriptor(_ rule: RuleResult) -> SARIFLog.ReportingDescriptor {
        let references = rule.references
        var text = "Remediation: \(rule.remediation)"
        var markdown = "**Remediation:** \(MarkdownEscaping.prose(rule.remediation))"
        if !references.isEmpty {
            text += "\n\nReferences:\n" + references.map { "- \($0)" }.joined(separator: "\n")
            markdown += "\n\n**References:**\n\n" + references.map { "- \(markdownLink($0))" }.joined(separator: "\n")
        }
        return SARIFLog.ReportingDescriptor(
            id: rule.id.rawValue, name: rule.name,
            shortDescription: SARIFLog.Message(text: rule.title),
            fullDescription: SARIFLog.Message(text: rule.rationale.isEmpty ? rule.title : rule.rationale),
            help: SARIFLog.MultiformatMessage(text: text, markdown: markdown),
            helpUri: references.first.flatMap { isWebURL($0) ? $0 : nil },
            defaultConfiguration: SARIFLog.Configuration(level: level(rule.severity)),
            properties: SARIFLog.RuleProperties(
                category: rule.category.rawValue, severity: rule.severity.rawValue, maturityLevel: rule.level,
                tags: rule.category == .security ? ["opsaudit", "security"] : ["opsaudit", rule.category.rawValue],
                securitySeverity: rule.category == .security ? securitySeverity(rule.severity) : nil))
    }

    private static func result(_ finding: ReportFinding, rule: RuleResult, index: Int) -> SARIFLog.Result {
        let anchor = finding.location ?? finding.related.first?.location ?? Location(path: repositoryAnchor, line: 1)
        let related = finding.related.enumerated().map { offset, related in
            SARIFLog.Location(id: offset + 1, physicalLocation: physical(related.location, snippet: nil),
                              message: SARIFLog.Message(text: related.label))
        }
        return SARIFLog.Result(
            ruleId: rule.id.rawValue, ruleIndex: index, level: level(finding.severity),
            message: SARIFLog.Message(text: finding.message),
            locations: [SARIFLog.Location(id: nil, physicalLocation: physical(anchor, snippet: finding.snippet),
                                          message: nil)],
            relatedLocations: related.isEmpty ? nil : Array(related.prefix(1000)),
            partialFingerprints: SARIFLog.Fingerprints(opsauditV1: finding.fingerprint),
            suppressions: finding.suppression.map { reason in
                [SARIFLog.Suppression(
                    kind: finding.suppressedBy.map { $0.kind == .inline ? "inSource" : "external" } ?? "inSource",
                    justification: reason,
                    location: finding.suppressedBy?.location.map { SARIFLog.Location(id: nil, physicalLocation: physical($0, snippet: nil), message: nil) })]
            },
            baselineState: finding.baseline.map { $0 == .known ? "unchanged" : "new" },
            properties: SARIFLog.ResultProperties(confidence: finding.confidence.rawValue,
                                                  repositoryWide: finding.location == nil ? true : nil))
    }

    private static func physical(_ location: Location, snippet: String?) -> SARIFLog.PhysicalLocation {
        let end = location.endLine.flatMap { $0 >= location.line ? $0 : nil }
        return SARIFLog.PhysicalLocation(
            artifactLocation: SARIFLog.ArtifactLocation(uri: uriReference(location.path), uriBaseId: sourceRoot,
                                                        description: nil),
            region: SARIFLog.Region(startLine: max(1, location.line),
                                    startColumn: location.column.flatMap { $0 >= 1 ? $0 : nil },
                                    endLine: end,
                                    snippet: snippet.map { SARIFLog.Message(text: $0) }))
    }

    /// A repository-relative path as a relative URI reference: every byte outside RFC 3986's
    /// unreserved set and `/` is percent-encoded, so `a b#c:d.yml` cannot read as a fragment,
    /// scheme or invalid URI.
    static func uriReference(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let isUnreserved = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if isUnreserved || byte == 0x2F {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF")
                out += "%\(hex[Int(byte >> 4)])\(hex[Int(byte & 0xF)])"
            }
        }
        return out
    }

    /// Locations first by place (repository-wide last), then by fingerprint: the engine's order
    /// is not part of the contract.
    private static func findingOrder(_ a: ReportFinding, _ b: ReportFinding) -> Bool {
        switch (a.location, b.location) {
        case let (l?, r?) where l != r: return l < r
        case (nil, _?): return false
        case (_?, nil): return true
        default: return (a.fingerprint, a.message) < (b.fingerprint, b.message)
        }
    }

    private static func isWebURL(_ text: String) -> Bool {
        (text.hasPrefix("https://") || text.hasPrefix("http://"))
            && !text.unicodeScalars.contains { $0.value <= 0x20 || "<>\"{}|\\^`".unicodeScalars.contains($0) }
    }

    /// An autolink for a plain web URL, inline code for anything else.
    private static func markdownLink(_ reference: String) -> String {
        isWebURL(reference) ? "<\(reference)>" : MarkdownEscaping.code(reference)
    }

    private static func isSemanticVersion(_ version: String) -> Bool {
        let core = version.split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
