import Foundation
import OpsAuditModel
import OpsAuditReports

/// What changed between two runs: score deltas per category, the level, and findings by
/// fingerprint — new (only in NEW), fixed (only in OLD), still open (in both). Suppressed and
/// baselined findings are left out on both sides: accepting a finding is not a regression.
public struct RunDiff: Sendable, Equatable {
    /// One side as the reader named it, with its headline numbers.
    public struct Side: Sendable, Equatable, Encodable {
        public var label: String
        public var timestamp: String
        public var commit: String?
        public var overallScore: Double?
        public var level: Int
    }

    /// One category's scores on both sides.
    public struct CategoryDelta: Sendable, Equatable, Encodable {
        public var category: Category
        public var old: Double?
        public var new: Double?
        /// nil when either side is not applicable.
        public var delta: Double? {
            guard let old, let new else { return nil }
            return ((new - old) * 10).rounded() / 10
        }
    }

    public var old: Side
    public var new: Side
    public var categories: [CategoryDelta]
    public var newFindings: [RecordedFinding]
    public var fixedFindings: [RecordedFinding]
    public var openFindings: [RecordedFinding]
    /// True when the catalogs differ: deltas may come from changed rules, not changed code.
    public var catalogChanged: Bool

    public init(old: RunSnapshot, oldLabel: String, new: RunSnapshot, newLabel: String) {
        func side(_ run: RunSnapshot, _ label: String) -> Side {
            Side(label: label, timestamp: run.timestamp, commit: run.commit, overallScore: run.overallScore, level: run.level)
        }
        self.old = side(old, oldLabel)
        self.new = side(new, newLabel)
        categories = Category.allCases.map { CategoryDelta(category: $0, old: old.score($0), new: new.score($0)) }
        let before = Dictionary(old.findings.filter(\.isActive).map { ($0.fingerprint, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.findings.filter(\.isActive).map { ($0.fingerprint, $0) }, uniquingKeysWith: { a, _ in a })
        let order: (RecordedFinding, RecordedFinding) -> Bool = { a, b in
            if a.severity != b.severity { return a.severity > b.severity }
            return (a.ruleID, a.place, a.fingerprint) < (b.ruleID, b.place, b.fingerprint)
        }
        var added = after.values.filter { before[$0.fingerprint] == nil }
        var removed = before.values.filter { after[$0.fingerprint] == nil }
        var open = after.values.filter { before[$0.fingerprint] != nil }
        // A finding about the repository as a whole ("no linter in CI") has no content to
        // fingerprint but its message, which may name what changed around it; the same rule
        // missing the same thing on both sides is still open, not fixed and new.
        for rule in Set(added.filter { $0.path == nil }.map(\.ruleID)) {
            let fixedIndex = removed.firstIndex { $0.path == nil && $0.ruleID == rule }
            let newIndex = added.firstIndex { $0.path == nil && $0.ruleID == rule }
            guard let fixedIndex, let newIndex else { continue }
            open.append(added.remove(at: newIndex))
            removed.remove(at: fixedIndex)
        }
        newFindings = added.sorted(by: order)
        fixedFindings = removed.sorted(by: order)
        openFindings = open.sorted(by: order)
        catalogChanged = old.catalogVersion != new.catalogVersion
    }

    /// Overall score change, one decimal; nil when either side has no score.
    public var overallDelta: Double? {
        guard let a = old.overallScore, let b = new.overallScore else { return nil }
        return ((b - a) * 10).rounded() / 10
    }

    /// What `--fail-on-regression` fails on: a lower overall score, a lower level, or a new
    /// finding that is not info.
    public var regressions: [String] {
        var reasons: [String] = []
        if let delta = overallDelta, delta < 0 { reasons.append("overall score dropped by \(String(format: "%.1f", -delta))") }
        if new.level < old.level { reasons.append("maturity level dropped from \(old.level) to \(new.level)") }
        let count = newFindings.filter { $0.severity != .info }.count
        if count > 0 { reasons.append("\(count) new finding\(count == 1 ? "" : "s")") }
        return reasons
    }
}

/// The formats of `opsaudit diff`.
public enum DiffFormat: String, CaseIterable, Sendable {
    case text, markdown, json
}

/// Renders a `RunDiff`: terminal text, Markdown for a PR comment, JSON for machines.
public enum DiffRenderer {
    public static func render(_ diff: RunDiff, as format: DiffFormat) -> String {
        switch format {
        case .text: text(diff)
        case .markdown: markdown(diff)
        case .json: json(diff)
        }
    }

    static func score(_ value: Double?) -> String { TrendRenderer.score(value) }

    static func signed(_ delta: Double?) -> String {
        guard let delta else { return "" }
        if delta == 0 { return "±0.0" }
        return (delta > 0 ? "+" : "−") + String(format: "%.1f", abs(delta))
    }

    static func text(_ diff: RunDiff) -> String {
        var out = "\(clean(diff.old.label)) → \(clean(diff.new.label))\n"
        out += "overall  \(score(diff.old.overallScore)) → \(score(diff.new.overallScore))  \(signed(diff.overallDelta))\n"
        out += "level    \(diff.old.level) → \(diff.new.level)\n"
        if diff.catalogChanged { out += "note: the two runs used different rule catalogs\n" }
        out += "\n"
        for entry in diff.categories where entry.old != nil || entry.new != nil {
            out += entry.category.title.padding(toLength: 14, withPad: " ", startingAt: 0)
            out += "\(score(entry.old)) → \(score(entry.new))  \(signed(entry.delta))\n"
        }
        for (title, findings) in [("new", diff.newFindings), ("fixed", diff.fixedFindings)] {
            out += "\n\(findings.count) \(title) finding\(findings.count == 1 ? "" : "s")\n"
            for finding in findings {
                out += "  \(finding.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(finding.ruleID)  \(clean(finding.place))  \(clean(finding.message))\n"
            }
        }
        out += "\n\(diff.openFindings.count) finding\(diff.openFindings.count == 1 ? "" : "s") still open\n"
        return out
    }

    static func markdown(_ diff: RunDiff) -> String {
        let arrow = diff.overallDelta.map { $0 > 0 ? "▲" : ($0 < 0 ? "▼" : "=") } ?? ""
        var out = "### opsaudit: \(MarkdownEscaping.text(diff.old.label)) → \(MarkdownEscaping.text(diff.new.label))\n\n"
        out += "**Overall \(score(diff.old.overallScore)) → \(score(diff.new.overallScore))** \(arrow) \(signed(diff.overallDelta))"
        out += " · level \(diff.old.level) → \(diff.new.level)"
        out += " · \(diff.newFindings.count) new, \(diff.fixedFindings.count) fixed, \(diff.openFindings.count) still open\n\n"
        if diff.catalogChanged { out += "> The two runs used different rule catalogs: some changes may come from the rules.\n\n" }
        out += "| Category | Before | After | Change |\n| --- | ---: | ---: | ---: |\n"
        for entry in diff.categories where entry.old != nil || entry.new != nil {
            out += "| \(MarkdownEscaping.cell(entry.category.title)) | \(score(entry.old)) | \(score(entry.new)) | \(signed(entry.delta)) |\n"
        }
        for (title, findings) in [("New findings", diff.newFindings), ("Fixed", diff.fixedFindings)] where !findings.isEmpty {
            out += "\n**\(title)**\n\n| Severity | Rule | Where | Finding |\n| --- | --- | --- | --- |\n"
            for finding in findings {
                out += "| \(finding.severity.rawValue) | \(finding.ruleID) | \(MarkdownEscaping.code(finding.place, inTable: true)) | \(MarkdownEscaping.prose(finding.message, inTable: true)) |\n"
            }
        }
        return out
    }

    private struct JSONDocument: Encodable {
        struct Entry: Encodable {
            var fingerprint: String
            var ruleId: String
            var severity: String
            var path: String?
            var line: Int?
            var message: String
        }

        struct CategoryEntry: Encodable {
            var id: String
            var old: Double?
            var new: Double?
            var delta: Double?
        }

        var old: RunDiff.Side
        var new: RunDiff.Side
        var overallDelta: Double?
        var categories: [CategoryEntry]
        var newFindings: [Entry]
        var fixedFindings: [Entry]
        var openFindings: [Entry]
        var catalogChanged: Bool
        var regressions: [String]
    }

    static func json(_ diff: RunDiff) -> String {
        func entries(_ findings: [RecordedFinding]) -> [JSONDocument.Entry] {
            findings.map { .init(fingerprint: $0.fingerprint, ruleId: $0.ruleID.rawValue, severity: $0.severity.rawValue,
                                 path: $0.path, line: $0.line, message: $0.message) }
        }
        let document = JSONDocument(
            old: diff.old, new: diff.new, overallDelta: diff.overallDelta,
            categories: diff.categories.map { .init(id: $0.category.rawValue, old: $0.old, new: $0.new, delta: $0.delta) },
            newFindings: entries(diff.newFindings), fixedFindings: entries(diff.fixedFindings),
            openFindings: entries(diff.openFindings), catalogChanged: diff.catalogChanged, regressions: diff.regressions)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? "\u{FFFD}" : $0 }))
    }
}
