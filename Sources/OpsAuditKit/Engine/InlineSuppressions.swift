import Foundation
import OpsAuditArtifacts
import OpsAuditModel

/// Inline suppressions written in the audited files:
///
///     # opsaudit:ignore CI-003 -- flaky upstream suite, tracked in OPS-123
///     - run: npm test || true
///
/// A comment containing `opsaudit:ignore` followed by rule IDs or names (comma separated) silences
/// those rules' findings on its own line and on the next line; `opsaudit:ignore-file` silences
/// them in the whole file. The text after `--` is the reason, shown in reports. `opsaudit-ignore`
/// and a `:` before the reason are accepted too (the first syntax). Any comment syntax works
/// (`#`, `//`, `<!-- -->`), since the marker is looked up in the raw line; in Markdown only an
/// HTML comment counts, so prose and code samples that mention the syntax do not.
///
/// The index remembers which directive silenced what, so directives that silenced nothing
/// (stale) and directives without a reason are reported as diagnostics.
final class InlineSuppressions: @unchecked Sendable {
    let texts: TextLookup
    let catalog: Catalog
    private var byPath: [String: [Directive]] = [:]
    private var used: Set<UsedKey> = []
    private let lock = NSLock()

    init(texts: TextLookup, catalog: Catalog) {
        self.texts = texts
        self.catalog = catalog
    }

    /// One directive as written.
    struct Directive: Equatable {
        var rules: [String]
        /// nil when none was given (the directive still works, and is reported).
        var reason: String?
        var wholeFile: Bool
        var line: Int = 0
    }

    private struct UsedKey: Hashable {
        var path: String
        var line: Int
        var rule: RuleID
    }

    /// The directive that suppresses `rule` at `location`, with where it is written, or nil.
    func match(for rule: RuleMetadata, at location: Location) -> (reason: String, location: Location)? {
        let directives = self.directives(in: location.path)
        guard !directives.isEmpty else { return nil }
        let hit = directives.first { !$0.wholeFile && ($0.line == location.line || $0.line == location.line - 1) && matches($0, rule) }
            ?? directives.first { $0.wholeFile && matches($0, rule) }
        guard let hit else { return nil }
        lock.lock()
        used.insert(UsedKey(path: location.path, line: hit.line, rule: rule.id))
        lock.unlock()
        return (hit.reason ?? "suppressed inline (no reason given)", Location(path: location.path, line: hit.line))
    }

    /// Problems with the directives of `paths`: no reason, unknown rule, or stale (naming an
    /// active rule that produced no finding there).
    func diagnostics(paths: [String], activeRules: Set<RuleID>) -> [Diagnostic] {
        var result: [Diagnostic] = []
        for path in paths {
            for directive in directives(in: path) {
                let at = Location(path: path, line: directive.line)
                let form = directive.wholeFile ? "opsaudit:ignore-file" : "opsaudit:ignore"
                if directive.reason == nil {
                    result.append(Diagnostic(.config, "`\(form) \(directive.rules.joined(separator: ","))` has no reason; write one after `--` so the decision is on record", at: at))
                }
                for key in directive.rules {
                    guard let rule = catalog.lookup(key) else {
                        let hint = RuleText.suggestion(for: key, in: catalog).map { " (did you mean \($0)?)" } ?? ""
                        result.append(Diagnostic(.config, "suppression names unknown rule `\(key)`\(hint)", at: at))
                        continue
                    }
                    guard activeRules.contains(rule.id) else { continue }
                    lock.lock()
                    let wasUsed = used.contains(UsedKey(path: path, line: directive.line, rule: rule.id))
                    lock.unlock()
                    if !wasUsed {
                        let scope = directive.wholeFile ? "in this file" : "on this line or the next"
                        result.append(Diagnostic(.config, "stale suppression: \(rule.id) reports nothing \(scope); remove the comment", at: at))
                    }
                }
            }
        }
        return result
    }

    private func matches(_ directive: Directive, _ rule: RuleMetadata) -> Bool {
        directive.rules.contains { key in catalog.lookup(key)?.id == rule.id }
    }

    private func directives(in path: String) -> [Directive] {
        lock.lock()
        if let cached = byPath[path] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        var found: [Directive] = []
        if let text = texts.text(of: path), ASCIIText.contains(text.text, "opsaudit") {
            let markdown = path.lowercased().hasSuffix(".md") || path.lowercased().hasSuffix(".markdown")
            for number in 1...text.lineCount {
                let raw = text.line(number)
                guard raw.contains("opsaudit"), var directive = Self.parse(raw, markdown: markdown) else { continue }
                directive.line = number
                found.append(directive)
            }
        }
        lock.lock()
        byPath[path] = found
        lock.unlock()
        return found
    }

    static let markers = ["opsaudit:ignore", "opsaudit-ignore"]

    /// Reads a directive from one line; nil when the line has none.
    static func parse(_ line: Substring, markdown: Bool = false) -> Directive? {
        var line = line
        if line.last == "\r" { line = line.dropLast() }
        guard let range = markers.lazy.compactMap({ line.range(of: $0) }).first else { return nil }
        if markdown, !line[..<range.lowerBound].contains("<!--") { return nil }
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
        return Directive(rules: rules, reason: reason.isEmpty ? nil : reason, wholeFile: wholeFile)
    }
}
