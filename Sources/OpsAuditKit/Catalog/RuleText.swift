import Foundation
import OpsAuditModel

/// Plain-text views of the catalog for `opsaudit rules` (and the generated rule docs).
public enum RuleText {
    /// One line per rule, aligned.
    public static func table(_ rules: [RuleMetadata]) -> String {
        var out = ""
        for rule in rules {
            let id = rule.id.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            let severity = rule.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
            let name = rule.name.padding(toLength: 34, withPad: " ", startingAt: 0)
            out += "\(id) \(severity) L\(rule.level)  \(name) \(rule.title)\n"
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

    /// The closest rule ID or name to a mistyped one, when close enough.
    public static func suggestion(for key: String, in catalog: Catalog) -> String? {
        let lower = key.lowercased()
        let candidates = catalog.rules.flatMap { [$0.id.rawValue, $0.name] }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lower, candidate.lowercased())
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(2, lower.count / 3) else { return nil }
        return best.candidate
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
