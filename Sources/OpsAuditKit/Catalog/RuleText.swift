import Foundation
import OpsAuditModel

/// Plain-text views of the catalog for `opsaudit rules` (and the generated rule docs).
public enum RuleText {
    /// One line per rule, aligned.
    public static func table(_ rules: [RuleMetadata]) -> String {
        var out = ""
        for rule in rules {
            let id = rule.id.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            let category = rule.category.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
            let severity = rule.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            let name = rule.name.padding(toLength: 34, withPad: " ", startingAt: 0)
            out += "\(id) \(category) \(severity) L\(rule.level)  \(name) \(rule.title)\n"
        }
        return out
    }

    /// A rule's whole text: header, rationale, remediation, references and examples.
    public static func show(_ rule: RuleMetadata) -> String {
        var out = "\(rule.id) \(rule.name)\n\(rule.title)\n\n"
        out += "category: \(rule.category.rawValue)   severity: \(rule.severity.rawValue)   level: \(rule.level)   effort: \(rule.effort)\n"
        if !rule.appliesTo.isEmpty { out += "applies to: \(rule.appliesTo.joined(separator: ", "))\n" }
        out += "\nWhy it matters\n\(indent(rule.rationale))\n\nHow to fix\n\(indent(rule.remediation))\n"
        if !rule.references.isEmpty {
            out += "\nReferences\n" + rule.references.map { "  - \($0)\n" }.joined()
        }
        for (label, examples) in [("Failing example", rule.examples.fail), ("Passing example", rule.examples.pass)] {
            for example in examples {
                out += "\n\(label)" + (example.note.map { ": \($0)" } ?? "") + "\n"
                for path in example.files.keys.sorted() {
                    out += "  \(path):\n" + indent(example.files[path] ?? "", by: 6) + "\n"
                }
                if !example.expect.isEmpty { out += "  findings at: \(example.expect.joined(separator: ", "))\n" }
            }
        }
        return out
    }

    /// The closest rule to a mistyped ID or name, as `ID (name)`: a name containing what was
    /// typed (`non-root` → CTR-001), else the smallest edit distance when close enough.
    public static func suggestion(for key: String, in catalog: Catalog) -> String? {
        let lower = key.lowercased()
        guard !lower.isEmpty else { return nil }
        if lower.count >= 4, let rule = catalog.rules.first(where: { $0.name.contains(lower) || $0.aliases.contains { $0.contains(lower) } }) {
            return "\(rule.id) (\(rule.name))"
        }
        var best: (rule: RuleMetadata, distance: Int)?
        for rule in catalog.rules {
            let distance = min(editDistance(lower, rule.id.rawValue.lowercased()), editDistance(lower, rule.name))
            if best == nil || distance < best!.distance { best = (rule, distance) }
        }
        guard let best, best.distance <= max(2, lower.count / 3) else { return nil }
        return "\(best.rule.id) (\(best.rule.name))"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }

    private static func indent(_ text: String, by spaces: Int = 2) -> String {
        let pad = String(repeating: " ", count: spaces)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }
}
