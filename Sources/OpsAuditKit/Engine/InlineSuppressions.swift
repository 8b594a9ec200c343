import Foundation
import OpsAuditArtifacts
import OpsAuditModel

/// Inline suppressions written in the audited files:
///
///     # opsaudit-ignore CI-003: flaky upstream suite, tracked in OPS-123
///     - run: npm test || true
///
/// A comment containing `opsaudit-ignore` followed by rule IDs or names (comma separated) silences
/// those rules' findings on its own line and on the next line; `opsaudit-ignore-file` silences
/// them in the whole file. The text after `:` or `--` is the reason, shown in reports. Any comment
/// syntax works (`#`, `//`, `<!-- -->`), since the marker is looked up in the raw line.
struct InlineSuppressions {
    let texts: TextLookup
    let catalog: Catalog

    static let marker = "opsaudit-ignore"

    /// The reason a finding at `location` is suppressed for `rule`, or nil.
    func reason(for rule: RuleMetadata, at location: Location) -> String? {
        guard let text = texts.text(of: location.path) else { return nil }
        for line in [location.line, location.line - 1] where line >= 1 {
            if let directive = Self.parse(text.line(line)), !directive.wholeFile, matches(directive, rule) {
                return directive.reason
            }
        }
        for line in 1...text.lineCount {
            let raw = text.line(line)
            guard raw.contains("opsaudit-ignore-file") else { continue }
            if let directive = Self.parse(raw), directive.wholeFile, matches(directive, rule) { return directive.reason }
        }
        return nil
    }

    private func matches(_ directive: Directive, _ rule: RuleMetadata) -> Bool {
        directive.rules.contains { key in catalog.lookup(key)?.id == rule.id }
    }

    struct Directive: Equatable {
        var rules: [String]
        var reason: String
        var wholeFile: Bool
    }

    /// Reads a directive from one line; nil when the line has none.
    static func parse(_ line: Substring) -> Directive? {
        guard let range = line.range(of: marker) else { return nil }
        var rest = line[range.upperBound...]
        var wholeFile = false
        if rest.hasPrefix("-file") {
            wholeFile = true
            rest = rest.dropFirst(5)
        }
        guard rest.first == " " || rest.first == ":" || rest.first == "\t" else { return nil }
        if rest.first == ":" { rest = rest.dropFirst() }
        for closer in ["-->", "*/"] {
            if let end = rest.range(of: closer) { rest = rest[..<end.lowerBound] }
        }
        var reason = ""
        var list = rest
        if let separator = rest.range(of: "--") ?? rest.range(of: ":") {
            list = rest[..<separator.lowerBound]
            reason = rest[separator.upperBound...].trimmingCharacters(in: .whitespaces)
        }
        let rules = list.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
        guard !rules.isEmpty else { return nil }
        return Directive(rules: rules, reason: reason.isEmpty ? "suppressed inline (no reason given)" : reason,
                         wholeFile: wholeFile)
    }
}
